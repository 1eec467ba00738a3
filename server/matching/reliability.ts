/**
 * Reliability of people who practise through matching, from ReliabilityEvent:
 * attended a matched session, cancelled one under 12 h before its start, or
 * never came (reported by the other person, and confirmed by no visit to the
 * room). Each person sees only their own; the matcher weighs everyone's.
 *
 * Only round 1 of a matched session counts (the interview a request was
 * matched into): round 2 happens in the same room right after.
 */
import type { Reliability } from '../../lib/api/matching';
import type { MemberView } from '../interviews/service';
import { db } from '../db/client';
import type { EventBus } from '../events/bus';
import { ConflictError, invalidField } from '../http/errors';
import { log } from '../log';

export const LATE_CANCEL_MS = 12 * 3_600_000;
/** A no-show can be reported this long after the scheduled start: people run a few minutes late. */
export const NO_SHOW_AFTER_MS = 10 * 60_000;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function describeReliability(attended: number, lateCancels: number, noShows: number): Reliability {
  const sessions = attended + lateCancels + noShows;
  if (!sessions) return { sessions, attended, lateCancels, noShows, percent: null, summary: 'No matched sessions yet.' };
  const percent = Math.round((100 * attended) / sessions);
  const missed = [lateCancels ? plural(lateCancels, 'late cancel') : null, noShows ? plural(noShows, 'no-show') : null].filter(Boolean);
  const summary = missed.length
    ? `${percent}% — ${missed.join(' and ')} in ${plural(sessions, 'session')}`
    : `${percent}% — attended ${sessions === 1 ? 'your 1 session' : `all ${sessions} sessions`}`;
  return { sessions, attended, lateCancels, noShows, percent, summary };
}

export async function reliabilityOf(userId: string): Promise<Reliability> {
  const rows = await db().reliabilityEvent.groupBy({ by: ['kind'], where: { userId }, _count: { _all: true } });
  const n = (kind: string) => rows.find((r) => r.kind === kind)?._count._all ?? 0;
  return describeReliability(n('attended'), n('late_cancel'), n('no_show'));
}

async function isMatchedSession(interviewId: string): Promise<boolean> {
  return (await db().availabilityRequest.count({ where: { interviewId, status: 'matched' } })) > 0;
}

/** Someone entered the room: the evidence that refutes a no-show report. Called by the socket transport on join. */
export async function recordRoomVisit(interviewId: string, userId: string, at = new Date()): Promise<void> {
  await db().roomVisit.upsert({
    where: { interviewId_userId: { interviewId, userId } },
    create: { interviewId, userId, firstJoinedAt: at, lastJoinedAt: at },
    update: { lastJoinedAt: at },
  });
}

/** A matched session was called off: under 12 h before its start (or after it) counts against whoever cancelled. */
export async function recordCancellation(event: { interviewId: string; cancelledById: string; scheduledAt: string | null; cancelledAt: string }): Promise<boolean> {
  if (!event.scheduledAt) return false;
  if (Date.parse(event.scheduledAt) - Date.parse(event.cancelledAt) >= LATE_CANCEL_MS) return false;
  if (!(await isMatchedSession(event.interviewId))) return false;
  await db().reliabilityEvent.upsert({
    where: { userId_interviewId_kind: { userId: event.cancelledById, interviewId: event.interviewId, kind: 'late_cancel' } },
    create: { userId: event.cancelledById, interviewId: event.interviewId, kind: 'late_cancel' },
    update: {},
  });
  return true;
}

/** When a matched session ends, everyone of the two who came into the room attended (unless already reported absent). */
export async function recordAttendance(interviewId: string): Promise<void> {
  if (!(await isMatchedSession(interviewId))) return;
  const visitors = await db().roomVisit.findMany({
    where: {
      interviewId,
      user: { participations: { some: { interviewId, role: { in: ['interviewer', 'candidate'] } } }, reliabilityEvents: { none: { interviewId, kind: 'no_show' } } },
    },
    select: { userId: true },
  });
  await db().reliabilityEvent.createMany({ data: visitors.map((v) => ({ userId: v.userId, interviewId, kind: 'attended' as const })), skipDuplicates: true });
}

/** Subscribes reliability to the domain's events; returns the unsubscribe. Started once at server boot. */
export function trackReliability(bus: EventBus): () => void {
  const offs = [
    bus.subscribe('interview-cancelled', async (event) => {
      if (await recordCancellation(event)) log.info(`late cancel recorded for interview ${event.interviewId}`);
    }),
    bus.subscribe('interview-ended', ({ interviewId }) => recordAttendance(interviewId)),
  ];
  return () => offs.forEach((off) => off());
}

/**
 * The other person of a matched session says `absentId` never came. It
 * stands only from 10 minutes after the start, and only if they never entered
 * the room; then it is recorded once.
 */
export async function reportNoShow(view: MemberView, absentId: string, now = new Date()): Promise<{ recordedAt: Date }> {
  const { interview, actor } = view;
  if (!(await isMatchedSession(interview.id))) {
    throw new ConflictError('Only sessions arranged through “Find a practice partner” count toward reliability; this one was not.');
  }
  const row = await db().interview.findUniqueOrThrow({
    where: { id: interview.id },
    select: { cancelledAt: true, participants: { where: { role: { in: ['interviewer', 'candidate'] } }, select: { userId: true } } },
  });
  if (row.cancelledAt) throw new ConflictError('This session was cancelled, so nobody was expected to come.');
  if (absentId === actor.userId) throw invalidField(['userId'], 'Report the other person, not yourself.');
  if (!row.participants.some((p) => p.userId === absentId)) throw invalidField(['userId'], 'That is not the other person in this session.');
  const start = interview.scheduledAt;
  if (!start || now.getTime() < start.getTime() + NO_SHOW_AFTER_MS) {
    const from = start ? new Date(start.getTime() + NO_SHOW_AFTER_MS).toISOString() : 'the start';
    throw new ConflictError(`A no-show can be reported from 10 minutes after the start (${from}).`);
  }
  const visit = await db().roomVisit.findUnique({ where: { interviewId_userId: { interviewId: interview.id, userId: absentId } } });
  if (visit) throw new ConflictError(`They joined the room at ${visit.firstJoinedAt.toISOString()}, so this is not a no-show.`);
  try {
    const event = await db().reliabilityEvent.create({ data: { userId: absentId, interviewId: interview.id, kind: 'no_show', reportedById: actor.userId } });
    return { recordedAt: event.createdAt };
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') throw new ConflictError('This no-show is already recorded.');
    throw error;
  }
}
