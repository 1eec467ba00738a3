/**
 * Records this browser's own camera and microphone with MediaRecorder and
 * puts every timeslice into the chunk store with the next seq (0, 1, 2… per
 * recording, continuing after a reload), then nudges the uploader. A chunk is
 * committed to the store before the next one is numbered, so the store never
 * has a hole that capture made.
 *
 * Device switches. MediaRecorder records a MediaStream we own, never the
 * call's, and Chromium (checked on 156) does NOT keep recording across a
 * track swap in it: removing a track fires `error` (InvalidModificationError
 * "Tracks in MediaStream were removed."), a last `dataavailable`, then `stop`.
 *  - Where the browser has MediaStreamTrackProcessor/Generator (Chromium),
 *    the recorded stream holds relay tracks (./track-relay) whose source is
 *    swapped on `replaceTrack`, so ONE recorder, one WebM file, spans every
 *    device switch and camera off/on. The kinds recorded are fixed at the
 *    start (no camera then: audio only); a kind that appears later restarts
 *    the recorder as below.
 *  - Elsewhere (Firefox, Safari), `replaceTrack` stops the recorder (its last
 *    data is stored), swaps the track, and starts a new recorder on the same
 *    stream.
 * Any unexpected stop restarts the same way. Seq numbering continues in the
 * same recording either way, so a recording's chunks may be several WebM
 * files (segments) laid end to end, each with its own EBML header; the
 * server's finisher joins them (server/recordings/webm).
 */
import type { ChunkStore } from './chunk-store';
import { canRelayTracks, TrackRelay } from './track-relay';

/** Best first. VP9 gives the same quality as VP8 in fewer bytes where the browser has it. */
export const VIDEO_MIME_TYPES = ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm'] as const;
export const AUDIO_ONLY_MIME_TYPE = 'audio/webm;codecs=opus';
/**
 * 720p conversational video (faces, little motion) at ~1 Mbit/s VP8/VP9 is
 * enough to review a session, and keeps an hour to ~450 MB of uploads
 * (1 Mbit/s video + 64 kbit/s audio ≈ 1.06 Mbit/s ≈ 480 MB/h at most).
 */
export const VIDEO_BITS_PER_SECOND = 1_000_000;
/** Opus speech is transparent well below this. */
export const AUDIO_BITS_PER_SECOND = 64_000;
/** A 3 s timeslice bounds what a crash can lose to 3 s and keeps each chunk a few hundred KB. */
export const TIMESLICE_MS = 3000;

export function hasLiveVideo(tracks: readonly MediaStreamTrack[]): boolean {
  return tracks.some((track) => track.kind === 'video' && track.readyState === 'live');
}

/** The first supported type for what the stream carries; undefined lets the browser choose. */
export function pickMimeType(withVideo: boolean, isTypeSupported: (type: string) => boolean = (type) => MediaRecorder.isTypeSupported(type)): string | undefined {
  const candidates: readonly string[] = withVideo ? VIDEO_MIME_TYPES : [AUDIO_ONLY_MIME_TYPE];
  return candidates.find((type) => isTypeSupported(type));
}

export interface CaptureOptions {
  /** The call's stream; its live tracks are copied into a stream the capture owns. */
  stream: MediaStream;
  interviewId: string;
  recordingId: string;
  store: ChunkStore;
  uploader?: { nudge(recordingId: string): void };
  timesliceMs?: number;
  /** A chunk could not be stored, or the recorder failed; capture goes on when it can. */
  onError?: (error: Error) => void;
  /** Relay tracks so one recorder spans device switches (default: where the browser can). false forces a recorder per device. */
  relay?: boolean;
}

export class RecordingCapture {
  /** The stream MediaRecorder records: ours, so a device switch is ours to manage. */
  readonly stream: MediaStream;
  private recorder: MediaRecorder | null = null;
  private recorderStopped: Promise<void> = Promise.resolve();
  private nextSeq: number;
  private writes: Promise<void> = Promise.resolve();
  private stopping = false;
  /** Per kind, when relaying: the recorded track whose source replaceTrack swaps. */
  private readonly relays = new Map<'audio' | 'video', TrackRelay>();
  /** How many MediaRecorder runs (WebM segments) this capture has made. */
  segments = 0;
  mimeType = '';

  private constructor(private readonly options: CaptureOptions, firstSeq: number) {
    this.nextSeq = firstSeq;
    const live = options.stream.getTracks().filter((track) => track.readyState === 'live');
    if (options.relay ?? canRelayTracks()) {
      const onError = (error: Error) => options.onError?.(error);
      for (const kind of ['audio', 'video'] as const) {
        const source = live.find((track) => track.kind === kind);
        if (source) this.relays.set(kind, new TrackRelay(kind, source, onError));
      }
      this.stream = new MediaStream([...this.relays.values()].map((relay) => relay.track));
    } else {
      this.stream = new MediaStream(live);
    }
  }

  /** True when device switches keep the same recorder (relay tracks), false when each device gets its own segment. */
  get relaying(): boolean {
    return this.relays.size > 0;
  }

  /** Starts recording; a recordingId seen before (a reload) continues its seq numbering. */
  static async start(options: CaptureOptions): Promise<RecordingCapture> {
    const meta = await options.store.begin(options.recordingId, options.interviewId);
    const capture = new RecordingCapture(options, meta.nextSeqToCapture);
    if (capture.stream.getTracks().length === 0) throw new Error('Nothing to record: the stream has no live track.');
    capture.startRecorder();
    return capture;
  }

  get recording(): boolean {
    return this.recorder?.state === 'recording';
  }

  /**
   * Switches the recorded track of this kind (a new camera or microphone), or
   * removes it (null: e.g. camera turned off, the rest goes on audio-only).
   */
  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    if (this.stopping) return;
    const relay = this.relays.get(kind);
    if (relay) return relay.use(track);
    if (this.relaying && !track) return;
    if (this.relaying && track) {
      // A kind the recording did not start with (e.g. camera turned on after an audio-only start): a new segment carries it.
      await this.stopRecorder();
      this.relays.set(kind, new TrackRelay(kind, track, (error) => this.options.onError?.(error)));
      this.startRecorder();
      return;
    }
    const old = this.stream.getTracks().filter((t) => t.kind === kind);
    if (track && old.length === 1 && old[0] === track) return;
    await this.stopRecorder();
    for (const t of old) this.stream.removeTrack(t);
    if (track) this.stream.addTrack(track);
    if (this.stream.getTracks().some((t) => t.readyState === 'live')) this.startRecorder();
  }

  /** Resolves once the last chunk is stored and the recording is marked stopped. */
  async stop(): Promise<void> {
    if (this.stopping) return this.writes;
    this.stopping = true;
    await this.stopRecorder();
    for (const relay of this.relays.values()) relay.stop();
    await this.writes;
    await this.options.store.markStopped(this.options.recordingId);
    this.options.uploader?.nudge(this.options.recordingId);
  }

  private async stopRecorder(): Promise<void> {
    const recorder = this.recorder;
    if (recorder && recorder.state !== 'inactive') {
      this.recorder = null;
      recorder.stop();
    }
    await this.recorderStopped;
    // The last dataavailable came before `stop`; wait until it is committed too.
    await this.writes;
  }

  private startRecorder(): void {
    // Relay tracks never end; put back any that was taken out of the stream behind our back.
    for (const relay of this.relays.values()) if (!this.stream.getTracks().includes(relay.track)) this.stream.addTrack(relay.track);
    const withVideo = hasLiveVideo(this.stream.getTracks());
    // Record exactly the live tracks: a stream holding an ended video track would still make a video file.
    for (const track of this.stream.getTracks()) if (track.readyState !== 'live') this.stream.removeTrack(track);
    const mimeType = pickMimeType(withVideo);
    const recorder = new MediaRecorder(this.stream, {
      ...(mimeType ? { mimeType } : {}),
      ...(withVideo ? { videoBitsPerSecond: VIDEO_BITS_PER_SECOND } : {}),
      audioBitsPerSecond: AUDIO_BITS_PER_SECOND,
    });
    this.recorder = recorder;
    this.mimeType = recorder.mimeType || mimeType || '';
    this.segments++;
    let resolveStopped!: () => void;
    this.recorderStopped = new Promise((resolve) => (resolveStopped = resolve));
    recorder.ondataavailable = (event) => {
      if (event.data.size > 0) this.store(event.data);
    };
    recorder.onerror = (event) => {
      const error = (event as Event & { error?: DOMException }).error;
      this.options.onError?.(new Error(`The recorder stopped: ${error?.name ?? 'error'} ${error?.message ?? ''}`.trim()));
    };
    recorder.onstop = () => {
      resolveStopped();
      // Stopped by the browser (a track removed behind our back, an encoder error): start a new
      // segment on the same stream and keep numbering, rather than end the recording.
      if (this.recorder === recorder && !this.stopping) {
        this.recorder = null;
        if (this.stream.getTracks().some((t) => t.readyState === 'live')) this.startRecorder();
      }
    };
    recorder.start(this.options.timesliceMs ?? TIMESLICE_MS);
  }

  /** Numbers the chunk now (event order) and commits it after every earlier one. */
  private store(bytes: Blob): void {
    const seq = this.nextSeq++;
    const { interviewId, recordingId, store, uploader } = this.options;
    this.writes = this.writes
      .then(() => store.put({ interviewId, recordingId, seq, bytes, createdAt: Date.now() }))
      .then(
        () => uploader?.nudge(recordingId),
        (error: unknown) => this.options.onError?.(new Error(`Chunk ${seq} could not be stored: ${error instanceof Error ? error.message : String(error)}`)),
      );
  }
}
