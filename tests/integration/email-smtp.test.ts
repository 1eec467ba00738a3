/**
 * Email over SMTP, to a real SMTP server (smtp-server) on a free port: the
 * invitation arrives with its calendar part and invite.ics attachment; a
 * server that refuses the first attempt gets a retry that delivers, the
 * failure is logged, and the booking stands throughout.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from '../helpers/interview-fixture';
import { parseCalendar, readMessage, type MailedMessage } from '../helpers/mail';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';

let smtp: SMTPServer;
let fixture: ServerFixture;
const received: MailedMessage[] = [];
let refusals = 0;
/** How many attempts the SMTP server refuses before it accepts. */
let refuseNext = 0;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuseNext > 0) {
          refuseNext -= 1;
          refusals += 1;
          const error = Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 });
          return callback(error);
        }
        received.push(readMessage(Buffer.concat(chunks).toString('utf8')));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  fixture = await serverFixture({ env: { JOB_POLL_INTERVAL_SECONDS: '0.5', SMTP_URL: `smtp://127.0.0.1:${port}`, EMAIL_FROM: 'Mockroom <sessions@mockroom.test>' } });
});
afterAll(async () => {
  await fixture?.close();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

describe('SMTP delivery', () => {
  it('retries a refused invitation until it is delivered, with its .ics, and keeps the booking', async () => {
    const host = await signedInUser(fixture.server.url, 'Hana Host');
    refuseNext = 1;
    const at = new Date(Math.ceil((Date.now() + 50 * 3600_000) / 60_000) * 60_000);
    const created = await host.api('POST', '/api/interviews', { scenarioSlug: 'payment-fraud-detection', level: 'staff', durationMinutes: 45, mode: 'peer', scheduledAt: at.toISOString() });
    expect(created.status).toBe(201);
    const id: string = created.body.id;

    const started = Date.now();
    while (!received.some((m) => m.text.includes(id)) && Date.now() - started < 45_000) await new Promise((r) => setTimeout(r, 250));
    expect(refusals).toBe(1);
    const mine = received.filter((m) => m.text.includes(id));
    expect(mine).toHaveLength(1);
    const message = mine[0]!;
    expect(message.to.toLowerCase()).toContain(host.email.toLowerCase());
    expect(message.mime.headers.from).toBe('Mockroom <sessions@mockroom.test>');
    expect(message.calendar?.method).toBe('REQUEST');
    expect(message.attachment).not.toBeNull();
    const event = parseCalendar(message.attachment!);
    expect(event).toMatchObject({ method: 'REQUEST', uid: `${id}@mockroom`, sequence: 0, url: `${fixture.server.url}/interviews/${id}` });
    expect(event.start.toISOString()).toBe(at.toISOString());

    const row = await fixture.prisma.emailMessage.findFirstOrThrow({ where: { interviewId: id } });
    expect(row).toMatchObject({ status: 'sent', attempts: 2, kind: 'invitation' });
    expect(fixture.server.output()).toMatch(new RegExp(`email ${row.id} \\(invitation\\) to \\S+ failed; it will be retried[^\\n]*Mailbox busy`));
    const interview = await fixture.prisma.interview.findUniqueOrThrow({ where: { id } });
    expect(interview.scheduledAt?.toISOString()).toBe(at.toISOString());
  });

  it('keeps the booking when the mail server refuses every attempt, and says so in the log', async () => {
    const host = await signedInUser(fixture.server.url, 'Rita Refused');
    refuseNext = 1000;
    const at = new Date(Date.now() + 30 * 3600_000);
    const created = await host.api('POST', '/api/interviews', { scenarioSlug: 'payment-fraud-detection', level: 'staff', durationMinutes: 45, mode: 'peer', scheduledAt: at.toISOString() });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    const started = Date.now();
    let row = await fixture.prisma.emailMessage.findFirstOrThrow({ where: { interviewId: id } });
    while (row.attempts < 2 && Date.now() - started < 30_000) {
      await new Promise((r) => setTimeout(r, 250));
      row = await fixture.prisma.emailMessage.findFirstOrThrow({ where: { interviewId: id } });
    }
    expect(row.attempts).toBeGreaterThanOrEqual(2);
    expect(['failed', 'sending']).toContain(row.status);
    expect((await fixture.prisma.interview.findUniqueOrThrow({ where: { id } })).scheduledAt?.toISOString()).toBe(at.toISOString());
    // The page still works for its people.
    expect((await host.fetch(`/api/interviews/${id}/calendar.ics`)).status).toBe(200);
    refuseNext = 0;
  });
});
