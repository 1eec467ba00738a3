/**
 * Telling the people in an interview about its time: the invitation, an
 * update after a reschedule, a cancellation, each an email with the .ics in
 * the recipient's zone, queued in the caller's transaction (the outbox).
 * After the commit, `afterScheduleCommit` dispatches them and (re)plans the
 * reminders. Matching (server/matching) calls both for the session it books.
 */
import type { Prisma } from '../../generated/prisma/client';
import { dispatchEmails, queueEmails } from '../email/outbox';
import { log } from '../log';
import { emailsFor, loadCalendarInterview, type Member } from './calendar';
import type { ScheduleChange } from './messages';
import { planReminders } from './reminders';

/**
 * Queues the invitation, update or cancellation for everyone in the interview
 * (or just `userIds`), inside the caller's transaction, with the interview as
 * that transaction sees it: call it after writing the new time or the cancel.
 * Keyed by change, person and calendar sequence, so queueing twice is a no-op.
 * Returns the ids of the emails queued; pass them to afterScheduleCommit.
 */
export async function queueScheduleEmails(
  tx: Prisma.TransactionClient,
  interviewId: string,
  change: ScheduleChange,
  options: { userIds?: string[] } = {},
): Promise<string[]> {
  const interview = await loadCalendarInterview(tx, interviewId);
  if (!interview?.scheduledAt) return [];
  const recipients = interview.participants.filter((p) => !options.userIds || options.userIds.includes(p.user.id));
  const key = (m: Member) => `${change}:${interview.id}:${m.user.id}:${interview.calendarSequence}`;
  return queueEmails(tx, emailsFor(interview, change, interview.scheduledAt, recipients, key));
}

/** After the caller's commit: dispatch those emails and (re)plan reminders. Never throws. */
export async function afterScheduleCommit(interviewId: string, emailIds: string[]): Promise<void> {
  await dispatchEmails(emailIds);
  try {
    await planReminders(interviewId);
  } catch (error) {
    log.error(`interview ${interviewId}: could not plan its reminders (the next start plans them again)`, error);
  }
}
