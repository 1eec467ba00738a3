/**
 * The recordings of an interview a member may watch, decided per recording by
 * the policy (canWatchRecording): the list never names a file its reader
 * could not open, so a candidate's page holds no URL of someone else's
 * recording before the release includes it.
 */
import { displayName } from '../../lib/auth/display-name';
import type { RecordingList } from '../../lib/api/recording';
import { db } from '../db/client';
import { assertCan, canWatchRecording } from '../interviews/policy';
import type { MemberView } from '../interviews/service';
import { mediaReleased } from './media';

export async function listWatchable(view: MemberView): Promise<RecordingList> {
  assertCan(view.actor, 'recording.watch', view.interview);
  const [rows, released, interview] = await Promise.all([
    db().recording.findMany({
      // A recording being deleted is gone for every reader already.
      where: { interviewId: view.interview.id, status: { not: 'deleting' } },
      orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
      include: { user: { select: { id: true, name: true, email: true } } },
    }),
    mediaReleased(view.interview.id),
    db().interview.findUniqueOrThrow({ where: { id: view.interview.id }, select: { createdById: true } }),
  ]);
  const watchable = rows.filter((r) => canWatchRecording(view.actor, r.userId, released));
  return {
    recordings: watchable.map((r) => ({
      id: r.id,
      sessionId: r.sessionId,
      person: { userId: r.user.id, name: displayName(r.user) },
      mine: r.userId === view.actor.userId,
      status: r.status as Exclude<typeof r.status, 'deleting'>,
      startedAt: r.startedAt.toISOString(),
      stoppedAt: r.stoppedAt?.toISOString() ?? null,
      durationMs: r.durationMs,
      mediaUrl: `/api/interviews/${view.interview.id}/recording/${r.id}/media`,
    })),
    heldBack: rows.length - watchable.length,
    canDelete: interview.createdById === view.actor.userId,
  };
}
