/**
 * The review's binary answers: board segments and recording bytes, each
 * only for a reader whose scope holds the replay.
 */
import { db } from '../db/client';
import { BadRequestError, ForbiddenError, NotFoundError } from '../http/errors';
import { recordingBytes } from '../recordings/media';
import type { ReviewReader } from './access';
import { segmentBytes } from './board-track';
import { boardReplayFor } from './replay-cache';
import { loadTimeline } from './review';

const NOT_RELEASED = 'The board replay and the recordings were not released to you.';

export async function boardSegmentResponse(reader: ReviewReader, rawIndex: string): Promise<Response> {
  if (!reader.scope.replay) throw new ForbiddenError(NOT_RELEASED);
  if (!/^\d{1,6}$/.test(rawIndex)) throw new BadRequestError(`"${rawIndex.slice(0, 20)}" is not a segment number.`);
  const index = Number(rawIndex);
  const [replay, timeline] = await Promise.all([boardReplayFor(reader.view.interview.id), loadTimeline(reader.view)]);
  if (index >= replay.segmentCount) throw new NotFoundError(`This board has ${replay.segmentCount} replay segment${replay.segmentCount === 1 ? '' : 's'}; there is no segment ${index}.`);
  const bytes = segmentBytes(replay, timeline, index);
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    // An ended interview's board is frozen: the reader's browser may keep the segment for the page's life.
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength), 'cache-control': 'private, max-age=3600' },
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
