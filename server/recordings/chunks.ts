/**
 * Recording chunks, in order, into the recording's one file. Each browser
 * sends its own camera and microphone as numbered chunks; the server takes
 * chunk `nextSeq` and moves on, answers a chunk it already has as if new (a
 * retry after a lost answer), and tells a client that skipped ahead which
 * chunk to send (a gap). Nothing is taken from someone who has not allowed,
 * after their recording stopped, or for another interview; a refused chunk
 * never touches what is already stored.
 */
import { MAX_CHUNK_BYTES } from '../../lib/api/recording';
import { ConflictError, ForbiddenError, HttpError, NotFoundError, UnsupportedMediaTypeError } from '../http/errors';
import { assertCan } from '../interviews/policy';
import type { MemberView } from '../interviews/service';
import { db } from '../db/client';
import { dropIfDeleted } from './deletion';
import { finishRecording } from './finishing';
import { changed } from './changed';
import { SERVER_CAPTURE_MIME } from './egress/config';
import { recordingStore } from './store';
import { RecordingStorageError } from './storage';
import { countChunk, type UploadTarget } from './upload-target';

/**
 * A seq this far past the expected one is not a client that fell behind (100
 * chunks of 3 s is five minutes buffered offline at most), but a confused or
 * hostile one: refused outright rather than answered with a gap.
 */
export const MAX_SEQ_AHEAD = 100;

/** Every WebM (EBML) file starts with these bytes; chunk 0 is the file's start. */
const EBML_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];

const ACCEPTED_TYPES = new Set(['application/octet-stream', 'video/webm', 'audio/webm']);


class UnprocessableError extends HttpError {
  constructor(message: string) {
    super(422, 'invalid_chunk', message);
  }
}
class TooLargeError extends HttpError {
  constructor(message: string) {
    super(413, 'payload_too_large', message);
  }
}

export type ChunkResult = { nextSeq: number } | { gap: number };

/** The recording, unless it does not exist here or is being deleted (404 either way: the uploader drops its chunks on 404). */
async function liveRecording(view: MemberView, recordingId: string) {
  const recording = await db().recording.findFirst({ where: { id: recordingId, interviewId: view.interview.id, status: { not: 'deleting' } } });
  if (!recording) throw new NotFoundError('No such recording in this interview.');
  return recording;
}

/** A chunk request's body and the headers that describe it, whatever the transport. */
export interface ChunkBody {
  contentType: string | null;
  contentLength: string | null;
  body: AsyncIterable<Uint8Array> | null;
}

/** Stores chunk `seq` of the caller's recording (loaded with the interview, see ./upload-target.ts), or says why not. */
export async function acceptChunk(target: UploadTarget, rawSeq: string, request: ChunkBody): Promise<ChunkResult> {
  const recording = target.recording;
  if (!recording) throw new NotFoundError('No such recording in this interview.');
  assertCan(target.actor, 'recording.upload', target.interview, { authorId: recording.userId });
  refuseServerCapture(recording);
  if (recording.consent !== 'allowed') throw new ForbiddenError('You have not allowed this recording, so nothing of yours is stored.');
  if (!/^(0|[1-9]\d{0,9})$/.test(rawSeq)) throw new UnprocessableError(`seq: expected a whole number, got "${rawSeq.slice(0, 20)}"`);
  const seq = Number(rawSeq);
  // After a stop, chunks captured before it still come in (from an offline spell, or after a reload); none past the count the browser declared.
  const open = recording.status === 'recording' || (recording.status === 'stopped' && (recording.finalChunks === null || seq < recording.finalChunks));
  if (!open) throw new HttpError(409, 'stopped', 'This recording has stopped; it takes no more chunks.');
  if (seq > recording.nextSeq + MAX_SEQ_AHEAD) {
    throw new UnprocessableError(`seq: ${seq} is far ahead of the next chunk this recording expects (${recording.nextSeq})`);
  }
  const type = request.contentType?.split(';', 1)[0]!.trim().toLowerCase();
  if (!type || !ACCEPTED_TYPES.has(type)) throw new UnsupportedMediaTypeError(`Send the chunk's bytes as application/octet-stream${type ? ` (not ${type})` : ''}.`);
  const bytes = await readCapped(request);
  if (bytes.byteLength === 0) throw new UnprocessableError('body: the chunk is empty');
  if (seq === 0 && !EBML_MAGIC.every((b, i) => bytes[i] === b)) throw new UnprocessableError('body: chunk 0 is not the start of a WebM file');
  if (seq > recording.nextSeq) return { gap: recording.nextSeq };

  try {
    await recordingStore().appendChunk(recording.id, seq, bytes);
  } catch (error) {
    if (error instanceof RecordingStorageError && error.code === 'conflict') throw new ConflictError(`Chunk ${seq} was already stored with different bytes; it is kept as it was.`);
    throw error;
  }
  if (seq < recording.nextSeq) {
    // Deleted while this chunk was being written: take the bytes back out (see ./deletion.ts).
    if (await dropIfDeleted(recording.id)) throw new NotFoundError('No such recording in this interview.');
    return { nextSeq: recording.nextSeq }; // a retry of a stored chunk
  }
  // A later chunk that opens with an EBML header is a new recorder's file (a reload, a restarted recorder):
  // note where it starts, so the finishing step knows the seam even when the file before it was cut mid-block.
  // `recording.bytes` is the size before this chunk: the row was read while nextSeq was seq.
  const seamAt = seq > 0 && EBML_MAGIC.every((b, i) => bytes[i] === b) ? recording.bytes : null;
  // Not counted: a copy of this chunk was, or the recording is being deleted, whose bytes must then go (see ./deletion.ts).
  if (!(await countChunk(recording.id, seq, bytes.byteLength, seamAt)) && (await dropIfDeleted(recording.id))) {
    throw new NotFoundError('No such recording in this interview.');
  }
  if (recording.finalChunks === seq + 1) void finishRecording(recording.id);
  return { nextSeq: seq + 1 };
}

/**
 * The browser says how many chunks it captured before it stopped. That stops
 * the recording if it was still running, bounds what is taken after the stop,
 * and, once every chunk is in, starts the finishing step.
 */
export async function completeRecording(view: MemberView, recordingId: string, chunks: number) {
  const recording = await liveRecording(view, recordingId);
  assertCan(view.actor, 'recording.upload', view.interview, { authorId: recording.userId });
  refuseServerCapture(recording);
  if (recording.finalChunks !== null && recording.finalChunks !== chunks) {
    throw new ConflictError(`This recording was already completed with ${recording.finalChunks} chunks.`);
  }
  if (chunks < recording.nextSeq) throw new UnprocessableError(`chunks: ${chunks} is fewer than the ${recording.nextSeq} chunks already stored`);
  const stopping = recording.status === 'recording';
  const [updated] = await db().recording.updateManyAndReturn({
    where: { id: recording.id, status: { not: 'deleting' } },
    data: { finalChunks: chunks, ...(stopping ? { status: 'stopped' as const, stoppedAt: new Date() } : {}) },
  });
  if (!updated || updated.status === 'deleting') throw new NotFoundError('No such recording in this interview.');
  if (stopping) changed(view.interview.id);
  if (updated.status === 'stopped' && updated.nextSeq === chunks) void finishRecording(recording.id);
  return { nextSeq: updated.nextSeq, finalChunks: chunks, status: updated.status };
}

/** LiveKit Egress records this person on the server; a browser upload would be a second, unasked-for copy. */
function refuseServerCapture(recording: { mimeType: string }): void {
  if (recording.mimeType === SERVER_CAPTURE_MIME) throw new HttpError(409, 'server_capture', 'This recording is made by the server (LiveKit); the browser uploads nothing.');
}

/** The body, refused by name past MAX_CHUNK_BYTES without reading the rest. */
async function readCapped(request: ChunkBody): Promise<Uint8Array> {
  const declared = Number(request.contentLength);
  const tooLarge = () => new TooLargeError(`The chunk is over the ${MAX_CHUNK_BYTES / (1024 * 1024)} MiB a chunk may be; send shorter chunks.`);
  if (Number.isFinite(declared) && declared > MAX_CHUNK_BYTES) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const part of request.body) {
    total += part.byteLength;
    if (total > MAX_CHUNK_BYTES) throw tooLarge();
    parts.push(part);
  }
  return Buffer.concat(parts);
}
