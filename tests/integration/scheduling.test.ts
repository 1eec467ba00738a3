/**
 * Scheduling on the real server and Postgres, mail going to the dev mail
 * folder: the invitation, a reschedule and a cancel each reach everyone as an
 * .eml whose calendar part parses with ical.js as the same event (UID) at a
 * rising SEQUENCE, in the recipient's zone, pointing at the room. Also the
 * "Add to calendar" download, bad input, and invitations for people who
 * join a scheduled interview later.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInterview, joinThroughInvite, signedInUser, type InviteLinks, type SignedInUser } from '../helpers/interview-fixture';
import { parseCalendar, readMailFolder, type MailedMessage } from '../helpers/mail';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';
import { HttpSession } from '../helpers/http-session';

let fixture: ServerFixture;
let interviewer: SignedInUser;
let candidate: SignedInUser;
let observer: SignedInUser;
let interviewId: string;
let invites: InviteLinks;

const HOUR = 3600_000;
/** A whole minute some days ahead, as a calendar would hold it. */
const minuteAhead = (ms: number) => new Date(Math.ceil((Date.now() + ms) / 60_000) * 60_000);

async function waitFor<T>(what: string, read: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}\n${fixture.server.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The messages of `kind` for this interview once all `count` are sent, read back from the mail folder. */
async function mailed(subject: RegExp, count: number): Promise<MailedMessage[]> {
  return waitFor(`${count} emails matching ${subject}`, () => {
    const found = readMailFolder(fixture.env.DATA_DIR!).filter((m) => subject.test(m.subject) && m.text.includes(interviewId));
    return found.length >= count ? found : undefined;
  });
}

const emailOf = (who: SignedInUser) => who.email.toLowerCase();
const to = (messages: MailedMessage[], who: SignedInUser) => {
  const mine = messages.filter((m) => m.to.toLowerCase().includes(emailOf(who)));
  expect(mine, `one message to ${who.email}`).toHaveLength(1);
  return mine[0]!;
};

beforeAll(async () => {
  fixture = await serverFixture({ env: { JOB_POLL_INTERVAL_SECONDS: '0.5' } });
  interviewer = await signedInUser(fixture.server.url, 'Ines Interviewer');
  expect((await interviewer.api('PATCH', '/api/settings', { timeZone: 'Europe/Berlin' })).status).toBe(200);
  ({ id: interviewId, invites } = await createInterview(interviewer));
  candidate = await joinThroughInvite(fixture.server.url, 'Cal Candidate', invites.candidate);
  expect((await candidate.api('PATCH', '/api/settings', { timeZone: 'America/New_York' })).status).toBe(200);
  // No zone set: UTC.
  observer = await joinThroughInvite(fixture.server.url, 'Oli Observer', invites.observer);
});
afterAll(async () => {
  await fixture?.close();
});

describe('schedule, reschedule, cancel', () => {
  const first = minuteAhead(3 * 24 * HOUR);
  const second = minuteAhead(5 * 24 * HOUR + 2 * HOUR);

  it('invites everyone with an .ics in their own zone, pointing at the room', async () => {
    const reply = await interviewer.api('PUT', `/api/interviews/${interviewId}/schedule`, { scheduledAt: first.toISOString() });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body).toMatchObject({ scheduledAt: first.toISOString(), cancelledAt: null, calendarSequence: 0 });

    const messages = await mailed(/^Invitation:/, 3);
    const roomUrl = `${fixture.server.url}/interviews/${interviewId}`;
    for (const [who, zone] of [[interviewer, 'Europe/Berlin'], [candidate, 'America/New_York'], [observer, 'UTC']] as const) {
      const message = to(messages, who);
      expect(message.calendar?.method).toBe('REQUEST');
      expect(message.attachment?.replace(/\r\n/g, '\n')).toBe(message.calendar?.content.replace(/\r\n/g, '\n'));
      expect(message.text).toContain(roomUrl);
      const event = parseCalendar(message.calendar!.content);
      expect(event).toMatchObject({ method: 'REQUEST', uid: `${interviewId}@mockroom`, sequence: 0, status: 'CONFIRMED', tzid: zone, url: roomUrl, location: roomUrl });
      expect(event.start.toISOString()).toBe(first.toISOString());
      // A peer session is two 45-minute rounds.
      expect(event.end.getTime() - event.start.getTime()).toBe(90 * 60_000);
      expect(event.organizer).toBe(`mailto:${emailOf(interviewer)}`);
      expect(event.attendees.sort()).toEqual([emailOf(interviewer), emailOf(candidate), emailOf(observer)].sort());
    }
    const rows = await fixture.prisma.emailMessage.findMany({ where: { interviewId, kind: 'invitation' } });
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('a reschedule updates the same event with a higher SEQUENCE and the new start', async () => {
    // In a peer session the candidate may move it too.
    const reply = await candidate.api('PUT', `/api/interviews/${interviewId}/schedule`, { scheduledAt: second.toISOString() });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.calendarSequence).toBe(1);
    const messages = await mailed(/^Updated:/, 3);
    for (const who of [interviewer, candidate, observer]) {
      const event = parseCalendar(to(messages, who).calendar!.content);
      expect(event).toMatchObject({ method: 'REQUEST', uid: `${interviewId}@mockroom`, sequence: 1 });
      expect(event.start.toISOString()).toBe(second.toISOString());
    }
    // The same time again changes nothing and mails no one.
    const again = await interviewer.api('PUT', `/api/interviews/${interviewId}/schedule`, { scheduledAt: second.toISOString() });
    expect(again.body.calendarSequence).toBe(1);
    expect(await fixture.prisma.emailMessage.count({ where: { interviewId, kind: 'update' } })).toBe(3);
  });

  it('the download is the current event in the reader’s zone', async () => {
    const response = await candidate.fetch(`/api/interviews/${interviewId}/calendar.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8; method=REQUEST');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="mockroom-.+\.ics"$/);
    const event = parseCalendar(await response.text());
    expect(event).toMatchObject({ uid: `${interviewId}@mockroom`, sequence: 1, tzid: 'America/New_York' });
    expect(event.start.toISOString()).toBe(second.toISOString());
  });

  it('a cancel sends METHOD:CANCEL with STATUS:CANCELLED for the same UID', async () => {
    const reply = await interviewer.api('DELETE', `/api/interviews/${interviewId}/schedule`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.calendarSequence).toBe(2);
    expect(reply.body.cancelledAt).toEqual(expect.any(String));
    const messages = await mailed(/^Cancelled:/, 3);
    for (const who of [interviewer, candidate, observer]) {
      const message = to(messages, who);
      expect(message.calendar?.method).toBe('CANCEL');
      const event = parseCalendar(message.calendar!.content);
      expect(event).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', uid: `${interviewId}@mockroom`, sequence: 2 });
      expect(event.start.toISOString()).toBe(second.toISOString());
    }
    const download = parseCalendar(await (await observer.fetch(`/api/interviews/${interviewId}/calendar.ics`)).text());
    expect(download).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', sequence: 2, tzid: 'UTC' });
  });

  it('refuses to move or cancel a cancelled session (409)', async () => {
    const moved = await interviewer.api('PUT', `/api/interviews/${interviewId}/schedule`, { scheduledAt: first.toISOString() });
    expect(moved.status).toBe(409);
    expect((await interviewer.api('DELETE', `/api/interviews/${interviewId}/schedule`)).status).toBe(409);
  });
});

describe('bad input and strangers', () => {
  let id: string;
  beforeAll(async () => {
    ({ id } = await createInterview(interviewer));
  });

  for (const [what, scheduledAt] of [
    ['a time in the past', new Date(Date.now() - HOUR).toISOString()],
    ['a time more than a year ahead', new Date(Date.now() + 400 * 24 * HOUR).toISOString()],
    ['a time without an offset', '2027-01-10T15:00:00'],
    ['not a time', 'next tuesday'],
  ] as const) {
    it(`answers 422 naming scheduledAt for ${what}`, async () => {
      const reply = await interviewer.api('PUT', `/api/interviews/${id}/schedule`, { scheduledAt });
      expect(reply.status).toBe(422);
      expect(Object.keys(reply.body.error.fields)).toEqual(['scheduledAt']);
    });
  }

  it('answers 409 for the .ics of an interview with no time yet', async () => {
    expect((await interviewer.fetch(`/api/interviews/${id}/calendar.ics`)).status).toBe(409);
  });

  it('answers 404 for the .ics of an interview you are not in, as for one that does not exist; 401 signed out', async () => {
    const stranger = await signedInUser(fixture.server.url, 'Stan Stranger');
    const theirs = await stranger.api('GET', `/api/interviews/${interviewId}/calendar.ics`);
    expect(theirs.status).toBe(404);
    const missing = await stranger.api('GET', `/api/interviews/${'x'.repeat(22)}/calendar.ics`);
    expect(missing.status).toBe(404);
    expect(theirs.body).toEqual(missing.body);
    expect((await new HttpSession(fixture.server.url).fetch(`/api/interviews/${interviewId}/calendar.ics`)).status).toBe(401);
  });

  it('lets an observer read the .ics but not set the time (403)', async () => {
    const reply = await observer.api('PUT', `/api/interviews/${interviewId}/schedule`, { scheduledAt: minuteAhead(HOUR * 30).toISOString() });
    expect(reply.status).toBe(403);
  });
});

describe('invitations for a session created with a time, and for later joiners', () => {
  it('mails the creator on creation, and each person who joins through a link (once)', async () => {
    const at = minuteAhead(2 * 24 * HOUR);
    const created = await interviewer.api('POST', '/api/interviews', { scenarioSlug: 'payment-fraud-detection', level: 'staff', durationMinutes: 60, mode: 'coach', scheduledAt: at.toISOString() });
    expect(created.status).toBe(201);
    interviewId = created.body.id;
    const [own] = await mailed(/^Invitation:/, 1);
    expect(own!.to.toLowerCase()).toContain(emailOf(interviewer));
    const event = parseCalendar(own!.calendar!.content);
    // A coached session is one round.
    expect(event.end.getTime() - event.start.getTime()).toBe(60 * 60_000);

    const joiner = await joinThroughInvite(fixture.server.url, 'Jo Joiner', created.body.invites.candidate);
    const both = await mailed(/^Invitation:/, 2);
    const theirs = parseCalendar(to(both, joiner).calendar!.content);
    expect(theirs).toMatchObject({ uid: `${interviewId}@mockroom`, sequence: 0 });
    expect(theirs.attendees).toContain(emailOf(joiner));
    // Following the link again: no second invitation.
    const token = new URL(created.body.invites.candidate).pathname.split('/').pop();
    expect((await joiner.fetch(`/api/invites/${token}`, { method: 'POST' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await fixture.prisma.emailMessage.count({ where: { interviewId, kind: 'invitation' } })).toBe(2);
  });
});
