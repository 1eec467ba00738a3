/**
 * The review's binary answers: board segments and recording bytes, each
 * only for a reader whose scope holds the replay.
 */
import { gunzipSync } from 'node:zlib';
import { db } from '../db/client';
import { BadRequestError, ForbiddenError, NotFoundError } from '../http/errors';
import { recordingBytes } from '../recordings/media';
import type { ReviewReader } from './access';
import { boardFor } from './board-cache';
import { loadTimeline } from './review';

const NOT_RELEASED = 'The board replay and the recordings were not released to you.';

export async function boardSegmentResponse(reader: ReviewReader, rawIndex: string): Promise<Response> {
  if (!reader.scope.replay) throw new ForbiddenError(NOT_RELEASED);
  if (!/^\d{1,6}$/.test(rawIndex)) throw new BadRequestError(`"${rawIndex.slice(0, 20)}" is not a segment number.`);
  const index = Number(rawIndex);
  const board = await boardFor(reader.view.interview.id, await loadTimeline(reader.view));
  const segment = board.segments[index];
  if (!segment) throw new NotFoundError(`This board has ${board.segments.length} replay segment${board.segments.length === 1 ? '' : 's'}; there is no segment ${index}.`);
  // Kept gzipped to hold little memory; sent as JSON, which the server's response compression gzips again on the way out
  // (Next drops a content-encoding header set by a route handler, so the stored bytes cannot go out as they are).
  const json = gunzipSync(segment.gzipped);
  return new Response(new Uint8Array(json), {
    status: 200,
    headers: {
      'content-type': 'application/json',
      // An ended interview's board is frozen: the reader's browser may keep the segment for the page's life.
      'cache-control': 'private, max-age=3600',
    },
  });
}

export async function reviewRecordingResponse(reader: ReviewReader, recordingId: string, range: string | null): Promise<Response> {
  if (!reader.scope.replay) throw new ForbiddenError(NOT_RELEASED);
  const recording = await db().recording.findFirst({
    where: { id: recordingId, interviewId: reader.view.interview.id, status: { not: 'deleting' } },
    select: { id: true, mimeType: true },
  });
  if (!recording) throw new NotFoundError('No such recording in this interview.');
  return recordingBytes(recording, range);
}
