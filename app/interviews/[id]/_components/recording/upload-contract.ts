/**
 * The server side of uploads as the browser sees it: the two routes, the
 * answers we read, and how long to wait between tries.
 */
import { z } from 'zod';
import type { RecordingMeta, StoredChunk } from './chunk-store';

export const Accepted = z.object({ nextSeq: z.number().int().nonnegative() });
export const Conflict = z.object({
  error: z.object({ code: z.string(), message: z.string().optional(), expected: z.number().int().nonnegative().optional() }),
});

/** Below this a request may outlive the page (fetch keepalive's budget is 64 KiB in flight for the whole page). */
export const KEEPALIVE_MAX_BYTES = 64 * 1024;
export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 30_000;

export function retryDelay(attempt: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
}

export function chunkUrl(chunk: Pick<StoredChunk, 'interviewId' | 'recordingId' | 'seq'>, base = ''): string {
  return `${base}/api/interviews/${encodeURIComponent(chunk.interviewId)}/recording/${encodeURIComponent(chunk.recordingId)}/chunks/${chunk.seq}`;
}

export function completeUrl(meta: Pick<RecordingMeta, 'interviewId' | 'recordingId'>, base = ''): string {
  return `${base}/api/interviews/${encodeURIComponent(meta.interviewId)}/recording/${encodeURIComponent(meta.recordingId)}/complete`;
}
