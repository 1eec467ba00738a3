/**
 * Re-practice reminders at day 4, 7 and 14 after a session (the spaced
 * schedule the prep guides recommend). Rows are unique per user, interview
 * and day, so asking twice creates nothing new; cancelling deletes the ones
 * not sent yet, and a send for a deleted or already-sent row does nothing.
 */
import { REPRACTICE_DAYS, type ReminderView } from '../../lib/api/progress';
import { formatDate } from '../../lib/time/format';
import { getRuntime } from '../env';
import { db } from '../db/client';
import { dispatchEmails, queueEmails } from '../email/outbox';
import { enqueueJob, registerJob } from '../jobs/queue';
import { log } from '../log';
import { ConflictError } from '../http/errors';
import type { MemberView } from '../interviews/service';
import { readViewer } from '../settings/profile';
import { lastRepracticeDay, releasedSessions, reminderView, weakestAndSuggested } from './progress';

const DAY_MS = 86_400_000;

async function remindersOf(userId: string, interviewId: string): Promise<ReminderView[]> {
  const rows = await db().repracticeReminder.findMany({ where: { userId, interviewId }, orderBy: { dayOffset: 'asc' } });
  return rows.map(reminderView);
}

/**
 * Creates the reminders still ahead for the caller's session (they must be
 * its candidate, which the route's policy checked). Days already past are
 * skipped: a reminder is about that day, not a late catch-up.
 */
export async function remindRepractice(view: MemberView, now = new Date()): Promise<{ reminders: ReminderView[]; created: { id: string; dueAt: Date }[] }> {
  const { interview, actor } = view;
  const released = await db().feedbackRelease.count({ where: { interviewId: interview.id } });
  if (released === 0) throw new ConflictError('Nothing has been released for this session yet; re-practice reminders follow released feedback.');
  const endedAt = interview.endedAt ?? now;
  if (lastRepracticeDay(endedAt) <= now) throw new ConflictError('The last re-practice day (day 14 after the session) has passed.');
  const due = REPRACTICE_DAYS.map((dayOffset) => ({ dayOffset, dueAt: new Date(endedAt.getTime() + dayOffset * DAY_MS) })).filter((d) => d.dueAt > now);
  // skipDuplicates answers only the rows this call made, which are the ones to schedule.
  const created = await db().repracticeReminder.createManyAndReturn({
    data: due.map((d) => ({ userId: actor.userId, interviewId: interview.id, ...d })),
    skipDuplicates: true,
    select: { id: true, dueAt: true },
  });
  // The rows are the record: if queueing fails here, the boot's replan queues them (replanRepractice).
  await scheduleRepractice(created).catch((error: unknown) => log.error(`could not queue the re-practice reminders of interview ${interview.id}`, error));
  return { reminders: await remindersOf(actor.userId, interview.id), created };
}

/** The caller's reminders for this session, and whether any re-practice day is still ahead. */
export async function repracticeFor(view: MemberView, now = new Date()): Promise<{ reminders: ReminderView[]; canRemind: boolean }> {
  return { reminders: await remindersOf(view.actor.userId, view.interview.id), canRemind: lastRepracticeDay(view.interview.endedAt ?? now) > now };
}

/** Deletes the caller's reminders for this session that have not gone out; answers what is left (the sent ones). */
export async function cancelRepractice(view: MemberView): Promise<{ reminders: ReminderView[] }> {
  await db().repracticeReminder.deleteMany({ where: { userId: view.actor.userId, interviewId: view.interview.id, sentAt: null } });
  return { reminders: await remindersOf(view.actor.userId, view.interview.id) };
}

// ---------------------------------------------------------------- the email

export interface RepracticeEmailInput {
  name: string | null;
  sessionTitle: string;
  heldAt: Date;
  dayOffset: number;
  timeZone: string;
  weakest: { title: string; average: number }[];
  suggestion: { title: string; url: string } | null;
  progressUrl: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The reminder's words: which session, where it was weakest, and one scenario to try next. Pure. */
export function composeRepracticeEmail(input: RepracticeEmailInput): { subject: string; text: string; html: string } {
  const held = formatDate(input.heldAt, input.timeZone);
  const subject = `Day ${input.dayOffset}: time to re-practise “${input.sessionTitle}”`;
  const greeting = input.name ? `Hi ${input.name},` : 'Hi,';
  const intro = `It is day ${input.dayOffset} since your mock interview “${input.sessionTitle}” on ${held}. Practising again now, spaced out, is what makes it stick.`;
  const weak = input.weakest.map((w) => `${w.title} (${w.average.toFixed(1)} of 4)`);
  const focus = weak.length ? `Your weakest dimensions in released feedback so far: ${weak.join(', ')}.` : null;
  const next = input.suggestion ? `A scenario that works on them: ${input.suggestion.title}: ${input.suggestion.url}` : null;
  const close = `Your progress and upcoming reminders: ${input.progressUrl}`;
  const text = [greeting, intro, focus, next, close].filter(Boolean).join('\n\n');
  const html = [
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    weak.length ? `<p>Your weakest dimensions in released feedback so far:</p><ul>${weak.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : '',
    input.suggestion ? `<p>A scenario that works on them: <a href="${escapeHtml(input.suggestion.url)}">${escapeHtml(input.suggestion.title)}</a></p>` : '',
    `<p><a href="${escapeHtml(input.progressUrl)}">Your progress and upcoming reminders</a></p>`,
  ].join('');
  return { subject, text, html };
}

// ---------------------------------------------------------------- sending

export const REPRACTICE_JOB = 'repractice.send';

/** One job per reminder, due on its day; the job id is derived from the reminder, so planning twice queues it once. */
export async function scheduleRepractice(reminders: { id: string; dueAt: Date }[]): Promise<void> {
  for (const r of reminders) {
    await enqueueJob(REPRACTICE_JOB, { reminderId: r.id }, { startAfter: r.dueAt, singletonKey: `repractice:${r.id}` });
  }
}

export function registerRepracticeJobs(): void {
  registerJob<{ reminderId: string }>(REPRACTICE_JOB, async ({ reminderId }) => void (await sendDueRepractice(reminderId)), { retryLimit: 3 });
}

/** At start-up: queue again every reminder not sent yet, in case enqueueing failed after its row was written. */
export async function replanRepractice(): Promise<number> {
  const rows = await db().repracticeReminder.findMany({ where: { sentAt: null }, select: { id: true, dueAt: true }, take: 10_000 });
  await scheduleRepractice(rows);
  return rows.length;
}

/**
 * The job body for one reminder. The row is claimed (sentAt set) and its
 * email queued in one transaction, so a retry or a second worker finds it
 * sent and does nothing; the dedupe key guards the outbox the same way.
 */
export async function sendDueRepractice(reminderId: string, now = new Date()): Promise<boolean> {
  const reminder = await db().repracticeReminder.findUnique({
    where: { id: reminderId },
    include: { user: { select: { id: true, email: true } }, interview: { select: { id: true, title: true, endedAt: true } } },
  });
  if (!reminder || reminder.sentAt) return false;
  const viewer = await readViewer(reminder.userId);
  const sessions = await releasedSessions(reminder.userId);
  const { weakest, suggestions } = await weakestAndSuggested(reminder.userId, sessions, now);
  const { appUrl } = getRuntime();
  const top = suggestions[0];
  const { subject, text, html } = composeRepracticeEmail({
    name: viewer.name,
    sessionTitle: reminder.interview.title,
    heldAt: reminder.interview.endedAt ?? reminder.createdAt,
    dayOffset: reminder.dayOffset,
    timeZone: viewer.timeZone,
    weakest,
    suggestion: top ? { title: top.title, url: `${appUrl}/scenarios/${encodeURIComponent(top.slug)}/practice` } : null,
    progressUrl: `${appUrl}/progress`,
  });
  const ids = await db().$transaction(async (tx) => {
    const claimed = await tx.repracticeReminder.updateMany({ where: { id: reminderId, sentAt: null }, data: { sentAt: now } });
    if (claimed.count === 0) return null;
    return queueEmails(tx, [
      { dedupeKey: `repractice:${reminderId}`, userId: reminder.userId, toEmail: reminder.user.email, kind: 'repractice', subject, text, html, interviewId: reminder.interviewId },
    ]);
  });
  if (!ids) return false;
  await dispatchEmails(ids);
  return true;
}
