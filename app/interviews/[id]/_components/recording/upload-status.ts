/**
 * The uploader's state as the UI sees it: one line (idle, uploading, saved,
 * offline, error) with the number of chunks still on this device, published
 * to subscribers only when it changes. The lanes (uploader.ts) tell it what
 * happened; this decides what that means on screen.
 */

export type UploadStateKind = 'idle' | 'uploading' | 'saved' | 'offline' | 'error';
export interface UploadState {
  kind: UploadStateKind;
  pendingChunks: number;
  message?: string;
}

/** Things the UI (and the logs) should know beyond the state line. */
export type UploadReport =
  | { type: 'lost'; recordingId: string; seq: number }
  | { type: 'stopped'; recordingId: string }
  | { type: 'refused'; recordingId: string; seq: number; status: number; message: string };

export const OFFLINE_MESSAGE = 'You are offline. The recording is kept on this device and uploads when the connection returns.';
export const DROPPED_MESSAGE = 'The connection dropped. The recording is kept on this device and uploads when it returns.';

export class UploadStatus {
  private readonly counts = new Map<string, number>();
  private readonly listeners = new Set<(state: UploadState) => void>();
  private value: UploadState = { kind: 'idle', pendingChunks: 0 };
  private everSent = false;
  /** A failure that retrying may cure (offline, 5xx); cleared by the next answer from the server. */
  private failing: { kind: 'offline' | 'error'; message: string } | null = null;
  /** A refusal that needs the user (held chunks, a recording the server will not take). */
  private problem: string | null = null;
  private closed = false;

  get state(): UploadState {
    return this.value;
  }

  subscribe(listener: (state: UploadState) => void): () => void {
    this.listeners.add(listener);
    listener(this.value);
    return () => this.listeners.delete(listener);
  }

  setCount(recordingId: string, count: number): void {
    this.counts.set(recordingId, count);
    this.publish();
  }

  forget(recordingId: string): void {
    this.counts.delete(recordingId);
    this.publish();
  }

  /** A request could not reach the server, or the browser says it is offline. */
  offline(message = DROPPED_MESSAGE): void {
    this.failing = { kind: 'offline', message };
    this.publish();
  }

  /** The server answered but cannot take it now; retried. */
  retrying(message: string): void {
    this.failing = { kind: 'error', message };
    this.publish();
  }

  /** The server answered: whatever it said, we are not offline. */
  answered(): void {
    this.failing = null;
  }

  /** The browser is back online: stay 'offline' only until a request actually fails again. */
  online(): void {
    if (this.failing?.kind === 'offline') this.failing = null;
    this.publish();
  }

  accepted(): void {
    this.everSent = true;
    this.problem = null;
  }

  problemIs(message: string): void {
    this.problem = message;
    this.publish();
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
  }

  publish(sending = false): void {
    if (this.closed) return;
    const pendingChunks = [...this.counts.values()].reduce((a, b) => a + b, 0);
    let next: UploadState;
    if (this.failing) next = { kind: this.failing.kind, pendingChunks, message: this.failing.message };
    else if (this.problem) next = { kind: 'error', pendingChunks, message: this.problem };
    else if (sending || pendingChunks > 0) next = { kind: 'uploading', pendingChunks };
    else next = { kind: this.everSent ? 'saved' : 'idle', pendingChunks };
    const prev = this.value;
    if (prev.kind === next.kind && prev.pendingChunks === next.pendingChunks && prev.message === next.message) return;
    this.value = next;
    for (const listener of this.listeners) listener(next);
  }
}
