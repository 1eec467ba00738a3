/**
 * Drains the chunk store to the server, per recording in seq order, one
 * request at a time per recording (so the server sees chunks in order and a
 * gap answer always refers to our lowest pending chunk). A chunk leaves the
 * store only when the server has it (200, or a gap answer that expects a later
 * seq). Network failures, offline and 5xx are retried with backoff, forever:
 * nothing is dropped unless the server says the recording is stopped, not
 * ours, or unknown. An answer retrying cannot change (413, 422, a 409
 * `conflict`: the server holds other bytes under that seq) holds the
 * recording's chunks until retry() and is reported. What the state line says
 * is upload-status.ts's business.
 *
 * Contract: POST /api/interviews/<interviewId>/recording/<recordingId>/chunks/<seq>,
 * body = the chunk's bytes (application/octet-stream). Once a stopped
 * recording's chunks are all sent, POST …/recording/<recordingId>/complete
 * with {chunks} tells the server how many there were, so it can finish the
 * file; that too is retried until the server answers, and only then is the
 * recording forgotten here.
 */
import type { ChunkStore, RecordingMeta, StoredChunk } from './chunk-store';
import { Accepted, chunkUrl, completeUrl, Conflict, KEEPALIVE_MAX_BYTES, retryDelay } from './upload-contract';
import { OFFLINE_MESSAGE, UploadStatus, type UploadReport, type UploadState } from './upload-status';

export { BACKOFF_BASE_MS, BACKOFF_CAP_MS, chunkUrl, retryDelay } from './upload-contract';
export type { UploadReport, UploadState, UploadStateKind } from './upload-status';

export interface UploaderOptions {
  store: ChunkStore;
  /** Origin prefix for the API (default: same origin). */
  baseUrl?: string;
  fetch?: typeof fetch;
  onReport?: (report: UploadReport) => void;
  /** Where `online`/`offline` events come from (default: window). */
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
}

/** What one attempt at the lowest pending chunk led to. */
type Outcome = 'next' | 'retry' | 'hold' | 'dropped';

interface Lane {
  /** Set by nudge(): look at the store again before the loop ends. */
  again: boolean;
  running: Promise<void> | null;
  /** The server refused the chunk in a way retrying cannot fix (413/422, 409 conflict, a lost chunk): wait for retry(). */
  held: boolean;
  /** flush() waiters: resolved when the lane has tried once and waits out a backoff. */
  paused: Array<() => void>;
}

export class ChunkUploader {
  private readonly lanes = new Map<string, Lane>();
  private readonly status = new UploadStatus();
  private readonly doFetch: typeof fetch;
  private disposed = false;
  /** Wakes every lane that waits out a backoff (online event, flush). */
  private wake: (() => void) | null = null;
  private wakeSignal = new Promise<void>((resolve) => (this.wake = resolve));
  private readonly onOnline = () => {
    this.status.online();
    this.wakeAll();
  };
  private readonly onOffline = () => this.status.offline(OFFLINE_MESSAGE);

  constructor(private readonly options: UploaderOptions) {
    this.doFetch = options.fetch ?? ((input, init) => fetch(input, init));
    const events = options.events ?? (typeof window === 'undefined' ? undefined : window);
    events?.addEventListener('online', this.onOnline);
    events?.addEventListener('offline', this.onOffline);
    // A reload or a crash left chunks behind: send them before anything new.
    void this.resumeAll();
  }

  get state(): UploadState {
    return this.status.state;
  }

  subscribe(listener: (state: UploadState) => void): () => void {
    return this.status.subscribe(listener);
  }

  /** Something was stored for this recording (or may be waiting): make sure its lane is draining. */
  nudge(recordingId: string): void {
    if (this.disposed) return;
    const lane = this.lanes.get(recordingId) ?? { again: false, running: null, held: false, paused: [] };
    this.lanes.set(recordingId, lane);
    lane.again = true;
    // The lane may be waiting out a backoff (offline): the count on screen must still grow with each chunk.
    void this.options.store.count(recordingId).then((n) => this.setCount(recordingId, n), () => {});
    if (!lane.running) {
      lane.running = this.drain(recordingId, lane).finally(() => (lane.running = null));
    }
  }

  /** Tries held chunks again (after a 413/422 or a lost chunk the user chose to retry). */
  retry(): void {
    for (const [id, lane] of this.lanes) {
      lane.held = false;
      this.nudge(id);
    }
  }

  /**
   * Leaving the room: skip any backoff wait and send what is pending now.
   * Resolves when every lane is idle (drained, held or waiting again after a failure);
   * whatever is still unsent stays in the store for the next visit.
   */
  async flush(): Promise<void> {
    const ids = new Set([...this.lanes.keys(), ...(await this.options.store.recordings()).map((r) => r.recordingId)]);
    for (const id of ids) this.nudge(id);
    const settled = [...this.lanes.values()].map((lane) => new Promise<void>((resolve) => {
      if (!lane.running) return resolve();
      lane.paused.push(resolve);
      void lane.running.then(() => resolve());
    }));
    this.wakeAll();
    await Promise.all(settled);
  }

  stop(): void {
    this.disposed = true;
    const events = this.options.events ?? (typeof window === 'undefined' ? undefined : window);
    events?.removeEventListener('online', this.onOnline);
    events?.removeEventListener('offline', this.onOffline);
    this.wakeAll();
    this.status.close();
  }

  private async resumeAll(): Promise<void> {
    for (const meta of await this.options.store.recordings()) this.nudge(meta.recordingId);
  }

  private wakeAll(): void {
    const wake = this.wake;
    this.wakeSignal = new Promise<void>((resolve) => (this.wake = resolve));
    wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      void this.wakeSignal.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async drain(recordingId: string, lane: Lane): Promise<void> {
    let attempt = 0;
    while (lane.again && !this.disposed && !lane.held) {
      lane.again = false;
      for (;;) {
        if (this.disposed || lane.held) return;
        const pending = await this.options.store.pending(recordingId);
        this.setCount(recordingId, pending.length);
        const chunk = pending[0];
        if (!chunk) {
          if ((await this.cleanUpIfStopped(recordingId)) === 'retry') {
            for (const resolve of lane.paused.splice(0)) resolve();
            await this.sleep(retryDelay(attempt++));
            continue;
          }
          break;
        }
        const outcome = await this.sendOne(chunk);
        if (outcome === 'retry') {
          for (const resolve of lane.paused.splice(0)) resolve();
          // An online event or flush() cuts the wait short.
          await this.sleep(retryDelay(attempt++));
          continue;
        }
        attempt = 0;
        if (outcome === 'hold') lane.held = true;
        if (outcome !== 'next') {
          this.setCount(recordingId, await this.options.store.count(recordingId));
          return;
        }
      }
    }
  }

  private async cleanUpIfStopped(recordingId: string): Promise<'done' | 'retry'> {
    const meta = (await this.options.store.recordings()).find((r) => r.recordingId === recordingId);
    if (!meta?.stopped) return 'done';
    if ((await this.complete(meta)) === 'retry') return 'retry';
    await this.options.store.forget(recordingId);
    this.lanes.delete(recordingId);
    this.status.forget(recordingId);
    return 'done';
  }

  /** Tells the server how many chunks the stopped recording has; 'retry' while it cannot be told. */
  private async complete(meta: RecordingMeta): Promise<'done' | 'retry'> {
    const url = completeUrl(meta, this.options.baseUrl);
    let status: number;
    try {
      const response = await this.doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chunks: meta.nextSeqToCapture }),
        keepalive: true,
        credentials: 'same-origin',
      });
      status = response.status;
    } catch {
      this.status.offline();
      return 'retry';
    }
    this.status.answered();
    if (status >= 500 || status === 401 || status === 429) return 'retry';
    // 200, or a refusal nothing here can change (already completed, not ours, unknown): either way this device is done with it.
    if (status !== 200) this.options.onReport?.({ type: 'refused', recordingId: meta.recordingId, seq: meta.nextSeqToCapture, status, message: `The server did not take the recording's end (${status}).` });
    return 'done';
  }

  private async sendOne(chunk: StoredChunk): Promise<Outcome> {
    const { store } = this.options;
    this.status.publish(true);
    let response: Response;
    try {
      response = await this.doFetch(chunkUrl(chunk, this.options.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: chunk.bytes,
        keepalive: chunk.bytes.size < KEEPALIVE_MAX_BYTES,
        credentials: 'same-origin',
      });
    } catch {
      this.status.offline();
      return 'retry';
    }
    this.status.answered();
    const body: unknown = await response.json().catch(() => null);
    const { status } = response;
    if (status === 200) {
      // A 200 without a readable body still means the server has this chunk.
      const parsed = Accepted.safeParse(body);
      const next = parsed.success ? Math.max(chunk.seq + 1, parsed.data.nextSeq) : chunk.seq + 1;
      await store.ack(chunk.recordingId, next);
      this.status.accepted();
      return 'next';
    }
    if (status === 409) {
      const conflict = Conflict.safeParse(body);
      const code = conflict.success ? conflict.data.error.code : null;
      if (code === 'stopped') {
        await store.forget(chunk.recordingId);
        this.options.onReport?.({ type: 'stopped', recordingId: chunk.recordingId });
        return 'dropped';
      }
      const expected = conflict.success ? conflict.data.error.expected : undefined;
      if (code === 'gap' && expected !== undefined && expected > chunk.seq) {
        // The server already has everything below `expected` (e.g. sent by a page whose answer was lost).
        await store.ack(chunk.recordingId, expected);
        return 'next';
      }
      if (code === 'gap' && expected !== undefined && expected < chunk.seq) {
        // It wants chunks we no longer have: they are lost. Report each and keep the rest for a decision.
        for (let seq = expected; seq < chunk.seq; seq++) this.options.onReport?.({ type: 'lost', recordingId: chunk.recordingId, seq });
        return this.refuse(chunk, status, `Part of the recording was lost (from chunk ${expected} to ${chunk.seq - 1}).`);
      }
      if (code === 'conflict') {
        // The server keeps different bytes under this seq: sending ours again can never succeed.
        return this.refuse(chunk, status, `The server already holds a different piece ${chunk.seq} of this recording.`);
      }
      // A gap that names our own seq, or a body we cannot read: a transient disagreement, try again later.
      this.status.retrying('The server is not ready for the recording yet; retrying. Nothing is lost.');
      return 'retry';
    }
    if (status === 403 || status === 404) {
      await store.forget(chunk.recordingId);
      this.report(chunk, status, status === 403 ? 'This recording may not be uploaded (no consent, or not yours).' : 'The server does not know this recording.');
      this.status.problemIs(`The recording could not be uploaded (${status}).`);
      return 'dropped';
    }
    if (status === 413 || status === 422) {
      return this.refuse(chunk, status, status === 413 ? 'A piece of the recording is too large for the server.' : 'The server refused a piece of the recording.');
    }
    // 5xx, and any other answer (401 after a sign-out, 429…), is worth retrying, never worth dropping for.
    this.status.retrying(
      status >= 500 ? `The server could not take the recording just now (${status}); retrying. Nothing is lost.` : `Upload answered ${status}; retrying. The recording is kept on this device.`,
    );
    return 'retry';
  }

  /** Keeps the chunk (it is the user's data) but stops sending this recording until retry(). */
  private refuse(chunk: StoredChunk, status: number, message: string): Outcome {
    this.report(chunk, status, message);
    this.status.problemIs(`${message} It is kept on this device.`);
    return 'hold';
  }

  private report(chunk: StoredChunk, status: number, message: string): void {
    this.options.onReport?.({ type: 'refused', recordingId: chunk.recordingId, seq: chunk.seq, status, message });
  }

  private setCount(recordingId: string, count: number): void {
    this.status.setCount(recordingId, count);
  }
}
