/**
 * TEMPORARY SHIM — replace with `export { queueScheduleEmails, afterScheduleCommit } from '../scheduling/announce';`
 * when helper A's scheduling module lands in main (same signatures).
 *
 * Matching books a session and must announce it: the invitation is queued in
 * the booking's own transaction (so a mail server being down never loses a
 * booking) and delivered after commit. Until the scheduling module exists,
 * this stand-in only logs what would be sent.
 */
import type { Prisma } from '../../generated/prisma/client';
import { log } from '../log';

export type ScheduleChange = 'invitation' | 'update' | 'cancellation';

export async function queueScheduleEmails(
  _tx: Prisma.TransactionClient,
  interviewId: string,
  change: ScheduleChange,
  options?: { userIds?: string[] },
): Promise<string[]> {
  log.info(`[schedule-port shim] would queue ${change} emails for interview ${interviewId}${options?.userIds ? ` to ${options.userIds.join(', ')}` : ''}`);
  return [];
}

/** Never throws. */
export async function afterScheduleCommit(interviewId: string, emailIds: string[]): Promise<void> {
  if (emailIds.length) log.info(`[schedule-port shim] would deliver ${emailIds.length} emails for interview ${interviewId}`);
}
