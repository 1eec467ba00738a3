/**
 * Browser entry for tests/e2e/recording-queue.test.ts, bundled with esbuild:
 * puts the recording modules and a few session helpers on `window.rec`, so the
 * test drives the real modules in real Chromium (real IndexedDB, MediaRecorder, fetch).
 */
import { openChunkStore, type ChunkStore } from '../../app/interviews/[id]/_components/recording/chunk-store';
import { ChunkUploader, type UploadReport, type UploadState } from '../../app/interviews/[id]/_components/recording/uploader';
import { RecordingCapture } from '../../app/interviews/[id]/_components/recording/capture';

interface Session {
  store: ChunkStore;
  uploader: ChunkUploader;
  capture: RecordingCapture | null;
  states: UploadState[];
  reports: UploadReport[];
  errors: string[];
}

let session: Session | null = null;

function current(): Session {
  if (!session) throw new Error('no session: call rec.open() first');
  return session;
}

const rec = {
  /** Opens the store and an uploader (which resumes whatever the store holds). */
  async open(): Promise<{ durable: boolean; reason?: string }> {
    const store = await openChunkStore();
    const states: UploadState[] = [];
    const reports: UploadReport[] = [];
    const uploader = new ChunkUploader({ store, onReport: (report) => reports.push(report) });
    uploader.subscribe((state) => states.push(state));
    session = { store, uploader, capture: null, states, reports, errors: [] };
    return { durable: store.durable, reason: store.reason };
  },
  /** Reads what the store holds before any uploader touches it. */
  async peek(): Promise<{ recordingId: string; nextSeqToCapture: number; stopped: boolean; pending: number[] }[]> {
    const store = await openChunkStore();
    const out = [];
    for (const meta of await store.recordings()) out.push({ ...meta, pending: (await store.pending(meta.recordingId)).map((c) => c.seq) });
    store.close();
    return out;
  },
  /** Starts capture of a fake camera (640×360) and microphone; `relay: false` forces a recorder per device. */
  async record(interviewId: string, recordingId: string, media: { video: boolean; stopVideo?: boolean; relay?: boolean } = { video: true }): Promise<string> {
    const s = current();
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: media.video ? { width: 640, height: 360 } : false });
    if (media.stopVideo) for (const track of stream.getVideoTracks()) track.stop();
    const relay = media.relay === undefined ? {} : { relay: media.relay };
    s.capture = await RecordingCapture.start({ stream, interviewId, recordingId, store: s.store, uploader: s.uploader, onError: (e) => s.errors.push(e.message), ...relay });
    return s.capture.mimeType;
  },
  relaying(): boolean {
    return current().capture!.relaying;
  },
  /** The camera goes off (the call drops its video track): returns the segments made so far. */
  async cameraOff(): Promise<number> {
    const s = current();
    await s.capture!.replaceTrack('video', null);
    return s.capture!.segments;
  },
  /** Switches to another camera at 320×240, so playback can tell which one a frame came from. */
  async switchCamera(): Promise<number> {
    const s = current();
    const other = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
    await s.capture!.replaceTrack('video', other.getVideoTracks()[0]!);
    return s.capture!.segments;
  },
  /** Removes a track from the recorded stream directly, as a careless caller might: Chromium stops the recorder. */
  async removeTrackBehindItsBack(kind: 'audio' | 'video'): Promise<number> {
    const capture = current().capture!;
    const before = capture.segments;
    for (const track of capture.stream.getTracks()) if (track.kind === kind) capture.stream.removeTrack(track);
    for (let i = 0; i < 50 && capture.segments === before; i++) await new Promise((r) => setTimeout(r, 100));
    return capture.segments;
  },
  async stop(): Promise<void> {
    await current().capture?.stop();
  },
  /** Stores synthetic chunks (no recorder) for the protocol cases. */
  async putSynthetic(interviewId: string, recordingId: string, seqs: number[]): Promise<void> {
    const s = current();
    await s.store.begin(recordingId, interviewId);
    for (const seq of seqs) await s.store.put({ interviewId, recordingId, seq, bytes: new Blob([`chunk ${recordingId} #${seq}`]), createdAt: Date.now() });
  },
  retry(): void {
    current().uploader.retry();
  },
  nudge(recordingId: string): void {
    current().uploader.nudge(recordingId);
  },
  async pending(recordingId: string): Promise<number[]> {
    return (await current().store.pending(recordingId)).map((c) => c.seq);
  },
  state(): { state: UploadState; kinds: string[]; reports: UploadReport[]; errors: string[] } {
    const s = current();
    return { state: s.uploader.state, kinds: s.states.map((x) => x.kind), reports: s.reports, errors: s.errors };
  },
  flush(): Promise<void> {
    return current().uploader.flush();
  },
  /** Loads `url` in a <video>, seeks to `fraction` of its duration and plays a moment: what the element saw. */
  async play(url: string, fraction: number): Promise<{ duration: number; startWidth: number; seeked: boolean; currentTime: number; endWidth: number }> {
    const video = document.createElement('video');
    video.muted = true;
    video.preload = 'auto';
    document.body.append(video);
    await new Promise((resolve, reject) => {
      video.onloadeddata = resolve;
      video.onerror = () => reject(new Error(`media error ${video.error?.code}: ${video.error?.message}`));
      video.src = url;
    });
    const startWidth = video.videoWidth;
    const seeked = await new Promise<boolean>((resolve) => {
      video.onseeked = () => resolve(true);
      setTimeout(() => resolve(false), 5000);
      video.currentTime = video.duration * fraction;
    });
    await video.play();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const result = { duration: video.duration, startWidth, seeked, currentTime: video.currentTime, endWidth: video.videoWidth };
    video.remove();
    return result;
  },
};

(window as unknown as { rec: typeof rec }).rec = rec;
export type RecApi = typeof rec;
