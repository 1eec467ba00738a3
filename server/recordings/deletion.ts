/**
 * Deleting recordings: the interview's creator deletes one, a person who
 * allowed takes theirs back (withdraws), an interview being deleted takes all
 * of its own, and the sweep applies the retention period.
 *
 * The order, and why. A row is first marked `deleting`: from then on it is
 * never served, listed or appended to, so nothing claims it is playable. Then
 * its bytes are removed from storage, then the row. A crash after the mark
 * leaves a `deleting` row, which the sweep (./sweep.ts) finishes deleting, so
 * no bytes are orphaned for good either: the row outlives its bytes, never
 * the other way round. The one writer that could race a deletion, a chunk
 * (or a finished file) being stored while the recording is deleted, looks at
 * the row again once its bytes are written and removes them if it is gone
 * (`dropIfDeleted`): either it sees the mark, or the deletion starts after
 * its write and removes those bytes itself.
 */
import { RECORDED_PARTS, type RecordingStatus } from '../../lib/api/recording';
import type { Prisma } from '../../generated/prisma/client';
import { db } from '../db/client';
import { ConflictError, NotFoundError } from '../http/errors';
import { assertCan } from '../interviews/policy';
import type { MemberView } from '../interviews/service';
import { changed, recordingStatus, stopRecordingsOfInterview } from './sessions';
import { recordingStore } from './store';
import type { RecordingStorage } from './storage';

/** Marks the matching recordings `deleting`; returns them. */
export async function markDeleting(where: Prisma.RecordingWhereInput): Promise<{ id: string; interviewId: string }[]> {
  return db().recording.updateManyAndReturn({ where, data: { status: 'deleting' }, select: { id: true, interviewId: true } });
}

/** Removes the bytes, then the row, of recordings already marked `deleting`. Idempotent; returns how many rows went. */
export async function purgeRecordings(ids: readonly string[], store: RecordingStorage = recordingStore()): Promise<number> {
  let removed = 0;
  for (const id of ids) {
    await store.delete(id);
    removed += (await db().recording.deleteMany({ where: { id, status: 'deleting' } })).count;
  }
  return removed;
}

/**
 * Called after bytes for `id` were written: when the recording was deleted
 * (or is being deleted) meanwhile, removes them again. True if it did.
 */
export async function dropIfDeleted(id: string, store: RecordingStorage = recordingStore()): Promise<boolean> {
  const row = await db().recording.findUnique({ where: { id }, select: { status: true } });
  if (row && row.status !== 'deleting') return false;
  await store.delete(id);
  return true;
}

/**
 * The interview's creator deletes one of its recordings, at any time. One
 * still being captured stops at once: its next chunk is answered 404, which
 * the browser's uploader takes as "drop it".
 */
export async function deleteRecording(view: MemberView, recordingId: string): Promise<void> {
  // Before the lookup, so nobody else learns whether the id exists.
  assertCan(view.actor, 'recording.delete', view.interview, { authorId: view.interview.createdById });
  // A row already `deleting` is found too: deleting again finishes what a crash interrupted.
  const marked = await markDeleting({ id: recordingId, interviewId: view.interview.id });
  if (marked.length === 0) throw new NotFoundError('No such recording in this interview.');
  await purgeRecordings([recordingId]);
  changed(view.interview.id);
}

/**
 * A person who allowed a recording takes it back: the decision `withdrawn`
 * is stored (who, when), and their own recording in that session is deleted.
 * Withdrawing again changes nothing (but finishes a deletion a crash cut short).
 */
export async function withdrawConsent(view: MemberView, sessionId: string): Promise<RecordingStatus> {
  const userId = view.actor.userId;
  const session = await db().recordingSession.findFirst({ where: { id: sessionId, interviewId: view.interview.id }, select: { id: true } });
  if (!session) throw new NotFoundError('No such recording in this interview.');
  const previous = await db().recordingConsent.findFirst({ where: { sessionId, userId }, orderBy: { decidedAt: 'desc' } });
  if (!previous) throw new ConflictError('You never allowed this recording, so there is nothing of yours to withdraw.');
  if (previous.decision === 'declined') throw new ConflictError('You declined this recording, so nothing of yours was recorded; there is nothing to withdraw.');
  if (previous.decision === 'allowed') {
    await db().$transaction(async (tx) => {
      await tx.recordingConsent.create({ data: { sessionId, userId, decision: 'withdrawn', scope: [...RECORDED_PARTS] } });
      await tx.recording.updateMany({ where: { sessionId, userId }, data: { status: 'deleting' } });
    });
  }
  const left = await db().recording.findMany({ where: { sessionId, userId, status: 'deleting' }, select: { id: true } });
  await purgeRecordings(left.map((r) => r.id));
  changed(view.interview.id);
  return recordingStatus(view);
}

/**
 * Before an interview is deleted: its recording stops (so nobody's consent
 * starts a new file meanwhile), and every recording's bytes and row go.
 */
export async function deleteRecordingsOfInterview(interviewId: string): Promise<void> {
  await stopRecordingsOfInterview(interviewId, new Date());
  const marked = await markDeleting({ interviewId });
  await purgeRecordings(marked.map((r) => r.id));
}
