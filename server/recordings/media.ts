/**
 * Serving a recording to a <video> element: the whole file, or one byte range
 * as browsers ask while seeking (206 Partial Content). Access is decided here
 * with the policy: interviewers watch every recording of their interview, the
 * candidate watches their own, nobody else anything. The URL carries the
 * recording's unguessable id and works only with the session cookie.
 */
import { Readable } from 'node:stream';
import { db } from '../db/client';
import { HttpError, NotFoundError } from '../http/errors';
import { assertCan, assertCanWatchRecording } from '../interviews/policy';
import type { MemberView } from '../interviews/service';
import { recordingStore } from './store';

export interface ParsedRange {
  start: number;
  end: number;
}

/**
 * One `bytes=` range against a file of `size` bytes: `a-b`, `a-` or `-n`.
 * Returns null when there is no usable Range header (serve the whole file, as
 * RFC 9110 allows for several ranges), or 'unsatisfiable' (416).
 */
export function parseRange(header: string | null, size: number): ParsedRange | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** Some interviewer's release included the recordings and the board's replay. */
export async function mediaReleased(interviewId: string): Promise<boolean> {
  const found = await db().feedbackRelease.count({ where: { interviewId, content: { path: ['recordingAndReplay'], equals: true } } });
  return found > 0;
}

/** The recording's bytes, whole or one range, for the caller if they may watch it. */
export async function recordingMedia(view: MemberView, recordingId: string, rangeHeader: string | null): Promise<Response> {
  const recording = await db().recording.findFirst({ where: { id: recordingId, interviewId: view.interview.id, status: { not: 'deleting' } } });
  if (!recording) throw new NotFoundError('No such recording in this interview.');
  assertCan(view.actor, 'recording.watch', view.interview);
  if (recording.userId !== view.actor.userId) assertCanWatchRecording(view.actor, recording.userId, await mediaReleased(view.interview.id));
  return recordingBytes(recording, rangeHeader);
}

/** A recording's bytes, whole or one range; the caller has already decided the reader may watch it. */
export async function recordingBytes(recording: { id: string; mimeType: string }, rangeHeader: string | null): Promise<Response> {
  const store = recordingStore();
  const size = await store.size(recording.id);
  // The container only: the codecs parameter is for MediaRecorder, and some players reject it here.
  const type = recording.mimeType.split(';', 1)[0]!;
  const headers: Record<string, string> = { 'content-type': type, 'accept-ranges': 'bytes' };
  const range = parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') {
    throw new HttpError(416, 'range_not_satisfiable', `The range ${rangeHeader} is outside the ${size} bytes of this recording.`, { 'content-range': `bytes */${size}` });
  }
  if (size === 0) return new Response(null, { status: 200, headers: { ...headers, 'content-length': '0' } });
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const body = Readable.toWeb(await store.read(recording.id, { start, end })) as ReadableStream<Uint8Array>;
  headers['content-length'] = String(end - start + 1);
  if (!range) return new Response(body, { status: 200, headers });
  return new Response(body, { status: 206, headers: { ...headers, 'content-range': `bytes ${start}-${end}/${size}` } });
}
