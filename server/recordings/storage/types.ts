/**
 * What every recording store offers, and the checks both stores share.
 *
 * Reads are Node `Readable`s, not web `ReadableStream`s: both sources are Node
 * streams already (fs.createReadStream, and the AWS SDK's GetObject body on
 * Node), and the custom server answers Range requests on an
 * http.ServerResponse, where stream.pipeline gives backpressure and destroys
 * the source (closing the file, aborting the S3 GET) when the viewer goes
 * away. A Next route handler can wrap one with `Readable.toWeb`.
 */
import type { Readable } from 'node:stream';
import { webcrypto } from 'node:crypto';
import { z } from 'zod';

export interface ByteRange {
  /** First byte, from 0. */
  start: number;
  /** Last byte, inclusive (as in an HTTP Range header). */
  end: number;
}

export interface RecordingStorage {
  readonly kind: 'disk' | 's3';
  /**
   * Appends chunk `seq` (0, 1, 2, ...) to the object for `key`; durable when it resolves.
   * A seq that is already in is a no-op (a retried upload is not appended twice); the same seq
   * with different bytes, a gap, or a new chunk after `replace` is refused.
   */
  appendChunk(key: string, seq: number, bytes: Uint8Array): Promise<void>;
  /** Bytes stored for `key`: the appended chunks, or the replacement once replaced (0 if none). */
  size(key: string): Promise<number>;
  /** The whole object, or bytes [start, end] of it; a range outside [0, size) is refused. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Replaces the object with `body` (the finishing step's seekable file); later appends are refused. */
  replace(key: string, body: AsyncIterable<Uint8Array>): Promise<{ bytes: number }>;
  /** Removes every byte stored for `key`. Idempotent. */
  delete(key: string): Promise<void>;
}

export type RecordingStorageErrorCode = 'invalid-key' | 'invalid-seq' | 'out-of-order' | 'conflict' | 'finalized' | 'invalid-range';

/** A refusal the caller can map to a status (400, 409, 416) by its code. */
export class RecordingStorageError extends Error {
  constructor(
    readonly code: RecordingStorageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RecordingStorageError';
  }
}

/** Keys are ids we generate; anything else (slashes, dots, spaces) could escape the root or the prefix. */
export const KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

export function checkKey(key: unknown): string {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new RecordingStorageError('invalid-key', `invalid recording key ${JSON.stringify(String(key).slice(0, 40))}: expected 8-128 letters, digits, _ or -`);
  }
  return key;
}

/** Ten digits in S3 object names keep them in numeric order; at one chunk a second that is 300 years. */
export const MAX_SEQ = 9_999_999_999;
const seqSchema = z.number().int().min(0).max(MAX_SEQ);

export function checkSeq(seq: unknown): number {
  const parsed = seqSchema.safeParse(seq);
  if (!parsed.success) throw new RecordingStorageError('invalid-seq', `invalid chunk seq ${String(seq)}: expected a whole number from 0 to ${MAX_SEQ}`);
  return parsed.data;
}

export function checkRange(range: ByteRange | undefined, size: number): ByteRange | undefined {
  if (range === undefined) return undefined;
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start || end >= size) {
    throw new RecordingStorageError('invalid-range', `range ${start}-${end} is outside the ${size} bytes stored`);
  }
  return range;
}

/**
 * Runs tasks for one key one at a time, in call order, so a retried chunk
 * racing its original, or a delete racing an append, never interleave their
 * writes. In-process only: one server node owns a recording while it is built.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => {});
    this.tails.set(key, tail);
    // Forget the key once idle, so the map does not grow with every recording ever made.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

/** A chunk's SHA-256 in hex. WebCrypto's digest runs on libuv's thread pool, so a 400 KB chunk is hashed off the event loop the board shares. */
export async function sha256(bytes: Uint8Array): Promise<string> {
  return Buffer.from(await webcrypto.subtle.digest('SHA-256', bytes)).toString('hex');
}
