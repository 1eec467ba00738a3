/**
 * Reminders 24 hours and 15 minutes before a scheduled interview, by email,
 * as jobs on the Postgres queue (server/jobs) that wait for their time.
 *
 * Idempotent by construction:
 *  - a job carries the time it was planned for; when it runs, it mails only
 *    if the interview is still scheduled for exactly that time and is neither
 *    cancelled, started nor ended, so a reschedule leaves old jobs to no-op;
 *  - its emails are keyed `reminder:<24h|15m>:<interview>:<user>:<time>`, so a
 *    rerun (a retry, a restart while it ran) queues nothing new;
 *  - a job's id comes from the same key, so planning again (each reschedule,
 *    each start) never queues a second job for one reminder.
 */
import { db } from '../db/client';
import { dispatchEmails, queueEmails } from '../email/outbox';
import { enqueueJob, registerJob } from '../jobs/queue';
import { log } from '../log';
import { emailsFor, loadCalendarInterview } from './calendar';
import type { ReminderKind } from './messages';

export const REMINDER_JOB = 'reminder.send';

export const REMINDER_OFFSETS: Record<ReminderKind, number> = { '24h': 24 * 60 * 60_000, '15m': 15 * 60_000 };

export interface ReminderJob {
  interviewId: string;
  kind: ReminderKind;
  /** The interview's time when this reminder was planned (ISO). */
  scheduledAt: string;
}

export interface PlannedReminder {
  kind: ReminderKind;
  at: Date;
}

/**
 * The reminders still to come for a session at `scheduledAt`, seen at `now`:
 * one whose moment has passed is skipped (booked 2 h ahead: no 24 h reminder).
 */
export function reminderTimes(scheduledAt: Date, now: Date): PlannedReminder[] {
  return (Object.entries(REMINDER_OFFSETS) as [ReminderKind, number][])
    .map(([kind, offset]) => ({ kind, at: new Date(scheduledAt.getTime() - offset) }))
    .filter((r) => r.at.getTime() > now.getTime());
}

export const reminderKey = (kind: ReminderKind, interviewId: string, userId: string, scheduledAt: string) => `reminder:${kind}:${interviewId}:${userId}:${scheduledAt}`;

/** Queues the jobs for the interview's upcoming reminders (none when it is not scheduled, cancelled or over). */
export async function planReminders(interviewId: string, now = new Date()): Promise<PlannedReminder[]> {
  const row = await db().interview.findUnique({ where: { id: interviewId }, select: { scheduledAt: true, cancelledAt: true, status: true } });
  if (!row?.scheduledAt || row.cancelledAt || row.status !== 'scheduled') return [];
  const scheduledAt = row.scheduledAt.toISOString();
  const planned = reminderTimes(row.scheduledAt, now);
  for (const { kind, at } of planned) {
    const job: ReminderJob = { interviewId, kind, scheduledAt };
    await enqueueJob(REMINDER_JOB, job, { startAfter: at, singletonKey: `reminder:${kind}:${interviewId}:${scheduledAt}` });
  }
  return planned;
}

/** The reminder job: mail everyone in the interview, if it is still on for that time. */
export async function sendReminder(job: ReminderJob): Promise<number> {
  const queued = await db().$transaction(async (tx) => {
    const interview = await loadCalendarInterview(tx, job.interviewId);
    const stillOn = interview?.scheduledAt?.toISOString() === job.scheduledAt && !interview.cancelledAt && interview.status === 'scheduled';
    if (!interview?.scheduledAt || !stillOn) return [];
    const key = (m: { user: { id: string } }) => reminderKey(job.kind, interview.id, m.user.id, job.scheduledAt);
    return queueEmails(tx, emailsFor(interview, `reminder-${job.kind}`, interview.scheduledAt, interview.participants, key));
  });
  await dispatchEmails(queued);
  return queued.length;
}

/**
 * At start-up: plan again every future session's reminders, in case
 * enqueueing failed after a commit (the job ids make this a no-op otherwise).
 */
export async function replanReminders(now = new Date()): Promise<number> {
  const rows = await db().interview.findMany({
    where: { status: 'scheduled', cancelledAt: null, scheduledAt: { gt: now } },
    select: { id: true },
    take: 5000,
  });
  for (const { id } of rows) {
    try {
      await planReminders(id, now);
    } catch (error) {
      log.error(`interview ${id}: could not plan its reminders`, error);
    }
  }
  return rows.length;
}

export function registerReminderJobs(): void {
  registerJob<ReminderJob>(REMINDER_JOB, async (job) => void (await sendReminder(job)), { retryLimit: 3 });
}
