/**
 * Setting, moving and calling off an interview's time. Each change and its
 * emails commit together (the outbox), under a row lock so two people
 * rescheduling at once cannot both raise the sequence from the same value.
 * The route has already asked the policy ('schedule.manage').
 */
import type { Prisma } from '../../generated/prisma/client';
import { MAX_DAYS_AHEAD, type ScheduleView } from '../../lib/api/scheduling';
import { db } from '../db/client';
import { eventBus } from '../events/bus';
import { ConflictError, invalidField, NotFoundError } from '../http/errors';
import type { MemberView } from '../interviews/service';
import { log } from '../log';
import { afterScheduleCommit, queueScheduleEmails } from './announce';
import type { ScheduleChange } from './messages';

const DAY_MS = 24 * 60 * 60_000;

interface LockedRow {
  status: 'scheduled' | 'live' | 'ended';
  scheduledAt: Date | null;
  cancelledAt: Date | null;
  calendarSequence: number;
}

export function scheduleViewOf(interviewId: string, row: Pick<LockedRow, 'scheduledAt' | 'cancelledAt' | 'calendarSequence'>): ScheduleView {
  return {
    scheduledAt: row.scheduledAt?.toISOString() ?? null,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    calendarSequence: row.calendarSequence,
    calendarUrl: `/api/interviews/${interviewId}/calendar.ics`,
  };
}

/** 422 naming `scheduledAt` unless `at` is in the future and within MAX_DAYS_AHEAD. */
export function assertBookable(at: Date, now: Date): void {
  if (at.getTime() <= now.getTime()) throw invalidField(['scheduledAt'], 'That time has passed. Pick a time in the future.');
  if (at.getTime() > now.getTime() + MAX_DAYS_AHEAD * DAY_MS) throw invalidField(['scheduledAt'], `Pick a time within ${MAX_DAYS_AHEAD} days from now.`);
}

/** 409 unless the session can still be (re)scheduled or called off. */
function assertOpen(row: LockedRow): void {
  if (row.cancelledAt) throw new ConflictError('This session was cancelled. Create a new interview to meet again.');
  if (row.status === 'ended') throw new ConflictError('This interview has ended.');
  if (row.status === 'live') throw new ConflictError('This interview is under way; its time can no longer change.');
}

async function lockRow(tx: Prisma.TransactionClient, interviewId: string): Promise<LockedRow> {
  const rows = await tx.$queryRaw<LockedRow[]>`
    SELECT "status"::text AS "status", "scheduledAt", "cancelledAt", "calendarSequence" FROM "Interview" WHERE "id" = ${interviewId} FOR UPDATE`;
  if (!rows[0]) throw new NotFoundError('No interview with that id.');
  return rows[0];
}

export async function setSchedule(view: MemberView, scheduledAtIso: string, now = new Date()): Promise<ScheduleView> {
  const at = new Date(scheduledAtIso);
  assertBookable(at, now);
  const interviewId = view.interview.id;
  const { result, emailIds } = await db().$transaction(async (tx) => {
    const row = await lockRow(tx, interviewId);
    assertOpen(row);
    if (row.scheduledAt?.getTime() === at.getTime()) return { result: row, emailIds: [] as string[] };
    const change: ScheduleChange = row.scheduledAt ? 'update' : 'invitation';
    const updated = await tx.interview.update({
      where: { id: interviewId },
      data: { scheduledAt: at, ...(change === 'update' && { calendarSequence: { increment: 1 } }) },
      select: { scheduledAt: true, cancelledAt: true, calendarSequence: true },
    });
    return { result: updated, emailIds: await queueScheduleEmails(tx, interviewId, change) };
  });
  await afterScheduleCommit(interviewId, emailIds);
  return scheduleViewOf(interviewId, result);
}

export async function cancelSchedule(view: MemberView, now = new Date()): Promise<ScheduleView> {
  const interviewId = view.interview.id;
  const { updated, emailIds } = await db().$transaction(async (tx) => {
    assertOpen(await lockRow(tx, interviewId));
    const updated = await tx.interview.update({
      where: { id: interviewId },
      data: { cancelledAt: now, calendarSequence: { increment: 1 } },
      select: { scheduledAt: true, cancelledAt: true, calendarSequence: true },
    });
    return { updated, emailIds: await queueScheduleEmails(tx, interviewId, 'cancellation') };
  });
  await afterScheduleCommit(interviewId, emailIds);
  eventBus().publish('interview-cancelled', {
    interviewId,
    cancelledById: view.actor.userId,
    scheduledAt: updated.scheduledAt?.toISOString() ?? null,
    cancelledAt: now.toISOString(),
  });
  return scheduleViewOf(interviewId, updated);
}

/**
 * Invitations for people not yet told: the members of a newly created
 * interview, or someone who joined a scheduled one through an invite link.
 * Nothing for an unscheduled, cancelled, started or past session. Never throws:
 * the interview or the membership it follows stands either way.
 */
export async function inviteToSchedule(interviewId: string, userIds?: string[], now = new Date()): Promise<void> {
  try {
    const emailIds = await db().$transaction(async (tx) => {
      const row = await lockRow(tx, interviewId);
      if (!row.scheduledAt || row.cancelledAt || row.status !== 'scheduled' || row.scheduledAt.getTime() <= now.getTime()) return [];
      return queueScheduleEmails(tx, interviewId, 'invitation', { userIds });
    });
    await afterScheduleCommit(interviewId, emailIds);
  } catch (error) {
    log.error(`interview ${interviewId}: could not queue invitations`, error);
  }
}
