/**
 * A recorded track that outlives the devices behind it (Chromium's
 * "breakout box"). A MediaStreamTrackGenerator is the track MediaRecorder
 * records; a MediaStreamTrackProcessor reads the current source track (the
 * call's camera or microphone) and its frames are written into the generator.
 * Switching devices only swaps the reader, so the generator's track never
 * ends and one MediaRecorder (one WebM file) spans every switch.
 *
 * What Chromium does with a generator that gets no frames (checked on 156):
 * MediaRecorder goes on muxing the other track, and the file stays valid; a
 * video track simply has a gap. So when the camera goes off (null source, or
 * the source ends) we write ONE black frame and then let the generator idle:
 * playback shows black for the gap instead of the last face frame, and no
 * timer is needed (timers are throttled in background tabs, which would make
 * a drawn-on-a-timer stream stutter exactly when the user switches tabs).
 *
 * Reading the call's own track (not a clone) keeps its mute: a disabled track
 * gives black frames or silence, which is what a muted call should record.
 * Cancelling a processor's reader does not stop the source track (checked), so
 * the call keeps its devices.
 */

interface BreakoutGlobals {
  MediaStreamTrackProcessor?: new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrame | AudioData> };
  MediaStreamTrackGenerator?: new (init: { kind: 'audio' | 'video' }) => MediaStreamTrack & { writable: WritableStream<VideoFrame | AudioData> };
}

function breakout(): BreakoutGlobals {
  return globalThis as unknown as BreakoutGlobals;
}

/** Whether this browser can relay tracks (Chromium); elsewhere capture restarts its recorder per device. */
export function canRelayTracks(): boolean {
  const g = breakout();
  return typeof g.MediaStreamTrackProcessor === 'function' && typeof g.MediaStreamTrackGenerator === 'function';
}

/** Black in I420 (limited range): Y 16, U and V 128. */
function blackFrame(width: number, height: number, timestamp: number): VideoFrame {
  const w = Math.max(2, width & ~1);
  const h = Math.max(2, height & ~1);
  const data = new Uint8Array(w * h * 1.5);
  data.fill(16, 0, w * h);
  data.fill(128, w * h);
  return new VideoFrame(data, { format: 'I420', codedWidth: w, codedHeight: h, timestamp });
}

export class TrackRelay {
  /** The track to record: live until stop(), whatever the source does. */
  readonly track: MediaStreamTrack;
  private readonly writer: WritableStreamDefaultWriter<VideoFrame | AudioData>;
  private reader: ReadableStreamDefaultReader<VideoFrame | AudioData> | null = null;
  private source: MediaStreamTrack | null = null;
  /** Bumped on every switch; a pump whose generation is stale drops what it still reads. */
  private generation = 0;
  private stopped = false;
  /** The last video frame written: its size and time place the black frame. */
  private lastVideo: { width: number; height: number; timestamp: number; at: number } | null = null;
  private blackSent = true;

  constructor(
    readonly kind: 'audio' | 'video',
    source: MediaStreamTrack | null,
    private readonly onError: (error: Error) => void = () => {},
  ) {
    const { MediaStreamTrackGenerator: Generator } = breakout();
    if (!Generator) throw new Error('MediaStreamTrackGenerator is not available in this browser.');
    const generator = new Generator({ kind });
    this.track = generator;
    this.writer = generator.writable.getWriter();
    this.use(source);
  }

  /** The source being relayed now, or null while idle. */
  get current(): MediaStreamTrack | null {
    return this.source;
  }

  /** Relays `source` from now on (null: idle, e.g. camera off). */
  use(source: MediaStreamTrack | null): void {
    if (this.stopped || source === this.source) return;
    this.detach();
    this.source = source;
    const generation = ++this.generation;
    if (!source || source.readyState !== 'live') {
      this.goneQuiet();
      return;
    }
    const { MediaStreamTrackProcessor: Processor } = breakout();
    const reader = new Processor!({ track: source }).readable.getReader();
    this.reader = reader;
    void this.pump(reader, generation);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.detach();
    this.source = null;
    void this.writer.close().catch(() => {});
    this.track.stop();
  }

  private detach(): void {
    const reader = this.reader;
    this.reader = null;
    void reader?.cancel().catch(() => {});
  }

  private async pump(reader: ReadableStreamDefaultReader<VideoFrame | AudioData>, generation: number): Promise<void> {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (generation !== this.generation || this.stopped) {
          value.close();
          continue;
        }
        if (value instanceof VideoFrame) {
          this.lastVideo = { width: value.codedWidth, height: value.codedHeight, timestamp: value.timestamp, at: performance.now() };
          this.blackSent = false;
        }
        // The generator's sink closes each frame once written.
        await this.writer.write(value);
      }
    } catch (error) {
      if (!this.stopped) this.onError(new Error(`The ${this.kind} relay failed: ${error instanceof Error ? error.message : String(error)}`));
    }
    // The source ended by itself (device unplugged, track stopped): the recorded track goes on, quiet.
    if (generation === this.generation && !this.stopped) this.goneQuiet();
  }

  /** Video only: one black frame where the picture stopped, so a gap does not freeze on the last face. */
  private goneQuiet(): void {
    const last = this.lastVideo;
    if (this.kind !== 'video' || !last || this.blackSent || this.stopped) return;
    this.blackSent = true;
    // Frame timestamps are microseconds on the capture clock; continue it by the wall time since the last frame.
    const timestamp = last.timestamp + Math.round((performance.now() - last.at) * 1000);
    void this.writer.write(blackFrame(last.width, last.height, timestamp)).catch(() => {});
  }
}
