/**
 * Reminders on the real Postgres job queue across restarts of the real
 * server process: a session booked 24 h and some seconds ahead has its 24 h
 * reminder come due after the server was stopped and started again, and
 * everyone gets exactly one; a further restart (which plans reminders again)
 * sends nothing more. A rescheduled session's old reminder job runs and mails
 * no one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInterview, joinThroughInvite, signedInUser, type SignedInUser } from '../helpers/interview-fixture';
import { readMailFolder } from '../helpers/mail';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';

let fixture: ServerFixture;
let interviewer: SignedInUser;
let candidate: SignedInUser;

const HOUR = 3600_000;

async function waitFor<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}\n${fixture.server.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The queue's jobs for one interview's reminder of `kind`, waiting, done or archived. */
async function reminderJobs(interviewId: string, kind: '24h' | '15m'): Promise<number> {
  const [row] = await fixture.prisma.$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT (SELECT count(*) FROM pgboss.job WHERE name = 'reminder.send' AND data->>'interviewId' = $1 AND data->>'kind' = $2)
          + (SELECT count(*) FROM pgboss.archive WHERE name = 'reminder.send' AND data->>'interviewId' = $1 AND data->>'kind' = $2) AS n`,
    interviewId,
    kind,
  );
  return Number(row!.n);
}

beforeAll(async () => {
  fixture = await serverFixture({ env: { JOB_POLL_INTERVAL_SECONDS: '0.5' } });
  interviewer = await signedInUser(fixture.server.url, 'Ines Interviewer');
});
afterAll(async () => {
  await fixture?.close();
});

describe('reminders', () => {
  it('fire once per person across server restarts', async () => {
    const { id, invites } = await createInterview(interviewer);
    candidate = await joinThroughInvite(fixture.server.url, 'Cal Candidate', invites.candidate);
    // The 24 h reminder comes due about 25 s from now: after the restart below.
    const at = new Date(Date.now() + 24 * HOUR + 25_000);
    expect((await interviewer.api('PUT', `/api/interviews/${id}/schedule`, { scheduledAt: at.toISOString() })).status).toBe(200);
    // Another session booked just as soon, then moved three days out: its first 24 h job must do nothing.
    const moved = await createInterview(interviewer);
    expect((await interviewer.api('PUT', `/api/interviews/${moved.id}/schedule`, { scheduledAt: at.toISOString() })).status).toBe(200);
    expect((await interviewer.api('PUT', `/api/interviews/${moved.id}/schedule`, { scheduledAt: new Date(Date.now() + 72 * HOUR).toISOString() })).status).toBe(200);
    // Booked two hours ahead: only the 15-minute reminder is planned.
    const soon = await createInterview(interviewer);
    expect((await interviewer.api('PUT', `/api/interviews/${soon.id}/schedule`, { scheduledAt: new Date(Date.now() + 2 * HOUR).toISOString() })).status).toBe(200);
    expect([await reminderJobs(soon.id, '24h'), await reminderJobs(soon.id, '15m')]).toEqual([0, 1]);

    expect(await fixture.server.stop()).toBe(0);
    expect(await fixture.prisma.emailMessage.count({ where: { interviewId: id, kind: 'reminder-24h' } })).toBe(0);
    await fixture.restart();

    const sent = await waitFor('both 24 h reminders sent', async () => {
      const rows = await fixture.prisma.emailMessage.findMany({ where: { interviewId: id, kind: 'reminder-24h' } });
      return rows.length === 2 && rows.every((r) => r.status === 'sent') ? rows : undefined;
    });
    expect(new Set(sent.map((r) => r.userId)).size).toBe(2);
    expect(sent.map((r) => r.toEmail.toLowerCase()).sort()).toEqual([interviewer.email, candidate.email].map((e) => e.toLowerCase()).sort());
    expect(sent.every((r) => r.dedupeKey === `reminder:24h:${id}:${r.userId}:${at.toISOString()}`)).toBe(true);
    const files = readMailFolder(fixture.env.DATA_DIR!).filter((m) => /^Tomorrow:/.test(m.subject) && m.text.includes(id));
    expect(files).toHaveLength(2);
    expect(files.every((m) => m.text.includes(`${fixture.server.url}/interviews/${id}`))).toBe(true);

    // Its old 24 h job came due at the same moment and found the session moved.
    await waitFor('the moved session’s old job done', async () => {
      const [row] = await fixture.prisma.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM pgboss.job WHERE name = 'reminder.send' AND data->>'interviewId' = $1 AND data->>'kind' = '24h' AND state = 'completed'`,
        moved.id,
      );
      return Number(row!.n) >= 1 ? true : undefined;
    });
    expect(await fixture.prisma.emailMessage.count({ where: { interviewId: moved.id, kind: { startsWith: 'reminder' } } })).toBe(0);

    // Another restart plans every upcoming reminder again: no second job, no second email.
    expect(await fixture.server.stop()).toBe(0);
    await fixture.restart();
    await fixture.server.waitForOutput(/email: SMTP_URL is unset/);
    await new Promise((r) => setTimeout(r, 3000));
    expect(await reminderJobs(id, '24h')).toBe(1);
    expect(await reminderJobs(id, '15m')).toBe(1);
    expect(await fixture.prisma.emailMessage.count({ where: { interviewId: id, kind: 'reminder-24h' } })).toBe(2);
  });
});
