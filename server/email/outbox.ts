/**
 * The email outbox (EmailMessage rows). What causes an email queues it in its
 * own transaction, so a mail server being down never undoes or loses a
 * booking; after the commit, one 'email.send' job per row delivers it.
 *
 * Delivery is at most once per row: a job claims the row (queued|failed →
 * sending) before it talks to the mail server, and marks it sent after. A
 * failure marks it failed and throws, so pg-boss retries with backoff. A row
 * found still `sending` was claimed by an attempt that crashed mid-send: it
 * may or may not have gone out, so it is logged and never sent again.
 *
 * Idempotence comes from `dedupeKey`: queueing a key that exists is a no-op,
 * so a job that reruns (a reminder after a restart) never mails twice.
 */
import { randomUUID } from 'node:crypto';
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import { db } from '../db/client';
import { enqueueJob, registerJob } from '../jobs/queue';
import { log } from '../log';
import { deliverMail } from './transport';

export interface OutgoingEmail {
  dedupeKey: string;
  userId?: string | null;
  toEmail: string;
  kind: string;
  subject: string;
  text: string;
  html: string;
  ics?: string;
  icsMethod?: 'REQUEST' | 'CANCEL';
  interviewId?: string | null;
}

export const EMAIL_JOB = 'email.send';
/** Attempts by the job queue for one dispatch: the first plus these retries. */
const RETRIES = 4;
/** The sweep stops re-dispatching a row after this many attempts in all. */
export const MAX_ATTEMPTS = 10;
/** A queued or failed row this old has lost its job (enqueueing failed, or retries ran out): the sweep sends it again. */
export const STUCK_AFTER_MS = 10 * 60_000;
const SWEEP_INTERVAL_MS = 5 * 60_000;

type Db = Prisma.TransactionClient | PrismaClient;

/** Inserts with ON CONFLICT (dedupeKey) DO NOTHING, inside the caller's transaction. Returns the ids actually inserted. */
export async function queueEmails(client: Db, emails: OutgoingEmail[]): Promise<string[]> {
  if (!emails.length) return [];
  const rows = emails.map(
    (e) => Prisma.sql`(${randomUUID()}, ${e.dedupeKey}, ${e.userId ?? null}, ${e.toEmail}, ${e.kind}, ${e.subject}, ${e.text}, ${e.html},
      ${e.ics ?? null}, ${e.ics ? (e.icsMethod ?? 'REQUEST') : null}, ${e.interviewId ?? null})`,
  );
  const inserted = await client.$queryRaw<{ id: string }[]>`
    INSERT INTO "EmailMessage" ("id", "dedupeKey", "userId", "toEmail", "kind", "subject", "text", "html", "ics", "icsMethod", "interviewId")
    VALUES ${Prisma.join(rows)}
    ON CONFLICT ("dedupeKey") DO NOTHING
    RETURNING "id"`;
  return inserted.map((r) => r.id);
}

/** After commit: one delivery job per id. Never throws: the sweep re-dispatches what this could not. */
export async function dispatchEmails(ids: string[]): Promise<void> {
  for (const id of ids) {
    try {
      await enqueueJob(EMAIL_JOB, { emailId: id }, { singletonKey: `email:${id}:0` });
    } catch (error) {
      log.error(`email ${id}: could not queue its delivery (the outbox sweep will)`, error);
    }
  }
}

/** The room link in a summary line, so a developer can follow it from the log. */
function roomLink(text: string): string {
  return text.match(/https?:\/\/\S+\/interviews\/[\w-]+/)?.[0] ?? '';
}

/** The 'email.send' job: claim, send, mark. */
export async function deliverEmail(emailId: string): Promise<'sent' | 'skipped'> {
  const claimed = await db().$queryRaw<{ id: string; toEmail: string; kind: string; subject: string; text: string; html: string; ics: string | null; icsMethod: string | null }[]>`
    UPDATE "EmailMessage" SET "status" = 'sending', "attempts" = "attempts" + 1
    WHERE "id" = ${emailId} AND "status" IN ('queued', 'failed')
    RETURNING "id", "toEmail", "kind", "subject", "text", "html", "ics", "icsMethod"`;
  const row = claimed[0];
  if (!row) {
    const found = await db().emailMessage.findUnique({ where: { id: emailId }, select: { status: true } });
    if (found?.status === 'sending') log.warn(`email ${emailId} was left mid-send by an earlier attempt (a crash?); not sending it again, so it is delivered at most once`);
    return 'skipped';
  }
  try {
    const calendar = row.ics ? { content: row.ics, method: row.icsMethod === 'CANCEL' ? ('CANCEL' as const) : ('REQUEST' as const) } : undefined;
    const link = roomLink(row.text);
    await deliverMail(
      { to: row.toEmail, subject: row.subject, text: row.text, html: row.html, calendar },
      `Email (${row.kind}) to ${row.toEmail}: "${row.subject}"${link ? ` ${link}` : ''}`,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db().emailMessage.update({ where: { id: emailId }, data: { status: 'failed', lastError: message.slice(0, 2000) } });
    log.error(`email ${emailId} (${row.kind}) to ${row.toEmail} failed; it will be retried`, error);
    throw error;
  }
  await db().emailMessage.update({ where: { id: emailId }, data: { status: 'sent', sentAt: new Date(), lastError: null } });
  return 'sent';
}

/** Rows whose job is gone: queued or failed for longer than STUCK_AFTER_MS, under the attempt cap. Each gets a new job. */
export async function sweepOutbox(now = new Date()): Promise<number> {
  const stuck = await db().emailMessage.findMany({
    where: { status: { in: ['queued', 'failed'] }, createdAt: { lt: new Date(now.getTime() - STUCK_AFTER_MS) }, attempts: { lt: MAX_ATTEMPTS } },
    select: { id: true, attempts: true },
    take: 500,
  });
  for (const { id, attempts } of stuck) {
    try {
      // Keyed by the attempt count: a row already re-dispatched at this count is not queued twice.
      await enqueueJob(EMAIL_JOB, { emailId: id }, { singletonKey: `email:${id}:${attempts}:sweep` });
    } catch (error) {
      log.error(`outbox sweep: could not queue email ${id}`, error);
    }
  }
  return stuck.length;
}

export function registerEmailJobs(): void {
  registerJob<{ emailId: string }>(EMAIL_JOB, async ({ emailId }) => void (await deliverEmail(emailId)), { retryLimit: RETRIES });
}

/** The sweep at start-up and then every few minutes; `stop()` waits for one under way. */
export function startOutboxSweep(intervalMs = SWEEP_INTERVAL_MS): { stop(): Promise<void> } {
  let current: Promise<void> | null = null;
  const run = () => {
    current ??= sweepOutbox()
      .then((n) => void (n && log.info(`outbox sweep: ${n} stuck email(s) queued again`)))
      .catch((error: unknown) => log.error('outbox sweep failed; it runs again in a few minutes', error))
      .finally(() => (current = null));
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}
