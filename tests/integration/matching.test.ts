/**
 * Finding a partner on the real server and Postgres: concurrent posts never
 * double-book anyone, racing bookings of one opening give exactly one 201,
 * the matcher run again books nothing new, 422s name their field, and
 * reliability counts a late cancel and a confirmed no-show (a refuted one is
 * a 409).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishRuntime } from '../../server/env';
import { disconnectDb } from '../../server/db/client';
import { sweepOpenRequests } from '../../server/matching/matcher';
import { loadScenarioLibrary, publishLibrary } from '../../server/scenarios/library';
import { signedInUser, type SignedInUser } from '../helpers/interview-fixture';
import { joinRoom, socketPool } from '../helpers/room-socket';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';

const H = 3_600_000;
const M = 60_000;
let fixture: ServerFixture;
const sockets = socketPool(() => fixture.server.url);
/** Tomorrow, on the hour: every window below is placed from here. */
const DAY = Math.ceil((Date.now() + 24 * H) / H) * H;
const iso = (ms: number) => new Date(ms).toISOString();
const window = (fromH: number, hours = 2) => ({ startsAt: iso(DAY + fromH * H), endsAt: iso(DAY + fromH * H + hours * H) });

interface Ask {
  slots: { startsAt: string; endsAt: string }[];
  level?: string;
  domains?: string[];
  firstRole?: string;
}
const body = (a: Ask) => ({ level: 'staff', domains: ['any'], firstRole: 'either', ...a });
const post = (who: SignedInUser, a: Ask) => who.api('POST', '/api/matching/requests', body(a));
const idOf = async (who: SignedInUser) => (await fixture.prisma.user.findUniqueOrThrow({ where: { email: who.email } })).id;
const people = (prefix: string, n: number) => Promise.all(Array.from({ length: n }, (_, i) => signedInUser(fixture.server.url, `${prefix} ${i}`)));

async function until<T>(read: () => Promise<T | null | undefined>, what: string, ms = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Nobody double-booked: the invariants over the whole database. */
async function assertNoDoubleBooking() {
  const interviews = await fixture.prisma.interview.findMany({ where: { matchedRequests: { some: {} } }, include: { participants: true, matchedRequests: true } });
  const byUser = new Map<string, number[]>();
  for (const i of interviews) {
    expect(i.participants.map((p) => p.role).sort()).toEqual(['candidate', 'interviewer']);
    expect(i.matchedRequests).toHaveLength(2);
    expect(new Set(i.matchedRequests.map((r) => r.userId))).toEqual(new Set(i.participants.map((p) => p.userId)));
    for (const p of i.participants) byUser.set(p.userId, [...(byUser.get(p.userId) ?? []), i.scheduledAt!.getTime()]);
  }
  for (const [, starts] of byUser) {
    const sorted = starts.sort((a, b) => a - b);
    for (let k = 1; k < sorted.length; k++) expect(sorted[k]! - sorted[k - 1]!).toBeGreaterThanOrEqual(90 * M);
  }
  const requests = await fixture.prisma.availabilityRequest.findMany({ where: { status: 'matched' } });
  expect(new Set(requests.map((r) => `${r.userId}:${r.interviewId}`)).size).toBe(requests.length);
  return interviews.length;
}

beforeAll(async () => {
  fixture = await serverFixture();
  // The sweep and the reliability subscriber also run in this process, on the same database.
  publishRuntime({ databaseUrl: fixture.database.url, dbMode: 'external', authSecret: fixture.env.AUTH_SECRET!, appUrl: fixture.server.url, dataDir: '/nonexistent' });
  publishLibrary(loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios')));
});
afterAll(async () => {
  sockets.closeAll();
  await disconnectDb();
  await fixture?.close();
});

describe('posting availability', () => {
  it('names the field of every bad input (422), refuses a second open request (409), and withdraws only your own', async () => {
    const [ana, bo] = await people('Ana Field', 2);
    const fields = async (a: Ask) => {
      const reply = await post(ana!, a);
      expect(reply.status).toBe(422);
      return Object.keys(reply.body.error.fields);
    };
    expect(await fields({ slots: [window(0), { startsAt: iso(Date.now() - H), endsAt: iso(Date.now() + H) }] })).toEqual(['slots.1.startsAt']);
    expect(await fields({ slots: [window(0, 3), window(4), window(2)] })).toEqual(['slots.2.startsAt']);
    expect(await fields({ slots: [window(15 * 24)] })).toEqual(['slots.0.startsAt']);
    expect(await fields({ slots: [{ startsAt: window(2).endsAt, endsAt: window(2).startsAt }] })).toEqual(['slots.0.endsAt']);
    expect(await fields({ slots: [window(0)], level: 'junior' })).toEqual(['level']);
    expect(await fields({ slots: [window(0)], domains: ['search', 'astrology'] })).toEqual(['domains.1']);

    const first = await post(ana!, { slots: [window(200)], domains: ['search'] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'open', match: null, request: { domains: ['search'], timeZone: 'UTC' } });
    const second = await post(ana!, { slots: [window(210)] });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toMatch(/already have an open request/);

    const id = first.body.request.id;
    expect((await bo!.api('DELETE', `/api/matching/requests/${id}`)).status).toBe(404);
    expect((await ana!.api('GET', '/api/matching/requests')).body.open.id).toBe(id);
    expect((await ana!.api('DELETE', `/api/matching/requests/${id}`)).status).toBe(204);
    expect((await ana!.api('DELETE', `/api/matching/requests/${id}`)).status).toBe(409);
    expect((await ana!.api('GET', '/api/matching/requests')).body).toMatchObject({ open: null, matches: [], reliability: { sessions: 0, percent: null } });
  });

  it('closes an open request whose windows have all gone by, so its owner can post new times', async () => {
    const [lapsed] = await people('Lu Lapsed', 1);
    const first = await post(lapsed!, { slots: [window(230)], domains: ['search'] });
    expect(first.body.status).toBe('open');
    // Time passes: the only window now ended an hour ago.
    await fixture.prisma.availabilitySlot.updateMany({
      where: { requestId: first.body.request.id },
      data: { startsAt: new Date(Date.now() - 3 * H), endsAt: new Date(Date.now() - H) },
    });
    expect((await lapsed!.api('GET', '/api/matching/requests')).body.open).toBeNull();
    expect((await fixture.prisma.availabilityRequest.findUniqueOrThrow({ where: { id: first.body.request.id } })).status).toBe('cancelled');
    const again = await post(lapsed!, { slots: [window(240)], domains: ['search'] });
    expect(again.status).toBe(201);
    expect(again.body.request.id).not.toBe(first.body.request.id);
  });
});

describe('concurrency', () => {
  it('matches 64 concurrent posts (25 designated pairs, a crowd of 8 in one window, 6 that fit nobody) without double-booking anyone', async () => {
    const pairs = await people('Pat Pair', 50);
    const crowd = await people('Cy Crowd', 8);
    const misfits = await people('Mo Misfit', 6);
    const asks: [SignedInUser, Ask][] = [
      // Pair k shares a window no one else has; roles and levels complement each other.
      ...pairs.map((p, i): [SignedInUser, Ask] => [p, { slots: [window(Math.floor(i / 2) * 3)], firstRole: i % 2 ? 'candidate' : 'interviewer', level: i % 4 < 2 ? 'staff' : 'senior' }]),
      ...crowd.map((p): [SignedInUser, Ask] => [p, { slots: [window(80, 4)] }]),
      // Levels two apart, the same first role, no shared domain: each pair shares a window and nothing else.
      [misfits[0]!, { slots: [window(90)], level: 'senior' }],
      [misfits[1]!, { slots: [window(90)], level: 'principal' }],
      [misfits[2]!, { slots: [window(95)], firstRole: 'interviewer' }],
      [misfits[3]!, { slots: [window(95)], firstRole: 'interviewer' }],
      [misfits[4]!, { slots: [window(100)], domains: ['search'] }],
      [misfits[5]!, { slots: [window(100)], domains: ['nlp', 'ads'] }],
    ];
    const replies = await Promise.all(asks.map(([who, a]) => post(who, a)));
    expect(replies.map((r) => r.status)).toEqual(asks.map(() => 201));

    // A reply says "open" when the partner's booking landed just after it looked; each person's own view is the record.
    for (const reply of replies) if (reply.body.status === 'matched') expect(reply.body.match.interviewId).toBeTruthy();
    const views = await Promise.all(asks.map(([who]) => who.api('GET', '/api/matching/requests')));
    const matchOf = (i: number) => views[i]!.body.matches[0] as { interviewId: string; role: string; scheduledAt: string } | undefined;
    const interviewOf = (i: number) => matchOf(i)?.interviewId;
    for (let k = 0; k < 25; k++) {
      expect(interviewOf(2 * k), `pair ${k}`).toBeDefined();
      expect(interviewOf(2 * k + 1)).toBe(interviewOf(2 * k));
      // The one who asked to interview first does.
      expect(matchOf(2 * k)!.role).toBe('interviewer');
      expect(matchOf(2 * k + 1)!.role).toBe('candidate');
      expect(matchOf(2 * k)!.scheduledAt).toBe(window(k * 3).startsAt);
    }
    const crowdMatches = views.slice(50, 58).map((_, j) => interviewOf(50 + j)).filter(Boolean);
    expect(crowdMatches).toHaveLength(8);
    expect(new Set(crowdMatches).size).toBe(4);
    expect(replies.slice(58).map((r) => r.body.status)).toEqual(Array(6).fill('open'));
    expect(views.slice(58).map((v) => v.body.open?.id)).toEqual(replies.slice(58).map((r) => r.body.request.id));
    // The other side of a pair sees the match with a first name only.
    const seen = views[1]!;
    expect(seen.body.matches[0]).toMatchObject({ interviewId: interviewOf(0), partnerFirstName: 'Pat', role: 'candidate', status: 'scheduled' });
    expect(JSON.stringify(seen.body)).not.toContain(pairs[0]!.email);

    const booked = await assertNoDoubleBooking();
    expect(booked).toBe(29);

    // The matcher run again (twice, as a periodic sweep would) books nothing new.
    expect(await sweepOpenRequests()).toBe(0);
    expect(await sweepOpenRequests()).toBe(0);
    expect(await assertNoDoubleBooking()).toBe(29);
    expect(await fixture.prisma.availabilityRequest.count({ where: { status: 'open', userId: { in: await Promise.all(misfits.map(idOf)) } } })).toBe(6);
  });

  it('lets exactly one of several racing bookers take an opening (one 201, the rest 409)', async () => {
    const [owner, ...bookers] = await people('Rae Racer', 6);
    // Everyone wants to interview first, so the matcher pairs none of them: only a booking can.
    const opening = await post(owner!, { slots: [window(120, 3)], firstRole: 'interviewer' });
    expect(opening.body.status).toBe('open');
    for (const b of bookers) expect((await post(b, { slots: [window(120, 3)], firstRole: 'interviewer' })).body.status).toBe('open');

    const listed = await bookers[0]!.api('GET', '/api/matching/openings');
    expect(listed.status).toBe(200);
    const theirs = listed.body.openings.find((o: { requestId: string }) => o.requestId === opening.body.request.id);
    expect(theirs).toMatchObject({ firstName: 'Rae', firstRole: 'interviewer' });
    expect(theirs.startTimes.slice(0, 3)).toEqual([DAY + 120 * H, DAY + 120.5 * H, DAY + 121 * H].map(iso));
    expect(JSON.stringify(listed.body)).not.toMatch(/@example\.test|reliab/);

    const bookingPath = `/api/matching/openings/${opening.body.request.id}/book`;
    expect((await bookers[0]!.api('POST', bookingPath, { startsAt: iso(DAY + 122 * H) })).body.error.fields).toHaveProperty('startsAt');
    expect((await bookers[0]!.api('POST', bookingPath, { startsAt: iso(DAY + 120 * H + 10 * M) })).status).toBe(422);
    expect((await owner!.api('POST', bookingPath, { startsAt: theirs.startTimes[0] })).status).toBe(409);
    expect((await bookers[0]!.api('POST', '/api/matching/openings/no-such-request/book', { startsAt: theirs.startTimes[0] })).status).toBe(404);

    const results = await Promise.all(bookers.map((b) => b.api('POST', bookingPath, { startsAt: theirs.startTimes[0] })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const won = results.find((r) => r.status === 201)!;
    // The opening's owner asked to interview first, and a booker yields.
    expect(won.body).toMatchObject({ role: 'candidate', partnerFirstName: 'Rae', scheduledAt: theirs.startTimes[0] });
    for (const lost of results.filter((r) => r.status === 409)) expect(lost.body.error.message).toMatch(/no longer open|no longer free/);
    expect(await assertNoDoubleBooking()).toBe(30);
  });
});

describe('reliability', () => {
  /** Two people matched into a session starting `fromH` hours after DAY. */
  async function matchedPair(prefix: string, fromH: number) {
    const [a, b] = await people(prefix, 2);
    expect((await post(a!, { slots: [window(fromH)], firstRole: 'interviewer' })).body.status).toBe('open');
    const reply = await post(b!, { slots: [window(fromH)], firstRole: 'candidate' });
    expect(reply.body.status).toBe('matched');
    return { interviewer: a!, candidate: b!, interviewId: reply.body.match.interviewId as string, ids: { interviewer: await idOf(a!), candidate: await idOf(b!) } };
  }
  const reliabilityOf = async (who: SignedInUser) => (await who.api('GET', '/api/matching/requests')).body.reliability;
  /** Time passes: the session's start moves into the past. */
  const startedMinutesAgo = (interviewId: string, minutes: number) =>
    fixture.prisma.interview.update({ where: { id: interviewId }, data: { scheduledAt: new Date(Date.now() - minutes * M) } });

  it('counts a cancellation under 12 h before the start against whoever cancelled, and not one made earlier', async () => {
    const late = await matchedPair('Lee Late', 140);
    const early = await matchedPair('Ed Early', 150);
    // Time passes until the start is that close, then the candidate cancels through the real route
    // (the server publishes interview-cancelled; its reliability subscriber decides).
    const cancel = async (pair: typeof late, hoursBefore: number) => {
      await fixture.prisma.interview.update({ where: { id: pair.interviewId }, data: { scheduledAt: new Date(Date.now() + hoursBefore * H) } });
      expect((await pair.candidate.api('DELETE', `/api/interviews/${pair.interviewId}/schedule`)).status).toBe(200);
    };
    await cancel(late, 11);
    await cancel(early, 13);
    await until(() => fixture.prisma.reliabilityEvent.findFirst({ where: { interviewId: late.interviewId } }), 'the late cancel');
    expect(await reliabilityOf(late.candidate)).toMatchObject({ sessions: 1, lateCancels: 1, percent: 0, summary: '0% — 1 late cancel in 1 session' });
    expect(await reliabilityOf(late.interviewer)).toMatchObject({ sessions: 0, percent: null });
    expect(await fixture.prisma.reliabilityEvent.count({ where: { interviewId: early.interviewId } })).toBe(0);
    expect((await late.interviewer.api('GET', '/api/matching/requests')).body.matches[0]).toMatchObject({ interviewId: late.interviewId, status: 'cancelled' });
  });

  it('confirms a no-show reported 10 minutes after the start when the absent person never entered the room', async () => {
    const pair = await matchedPair('Nia Noshow', 160);
    const report = (userId: string, who = pair.candidate) => who.api('POST', `/api/interviews/${pair.interviewId}/no-show`, { userId });
    // Before the start (and up to 10 minutes after): too early.
    expect((await report(pair.ids.interviewer)).status).toBe(409);
    await startedMinutesAgo(pair.interviewId, 5);
    const early = await report(pair.ids.interviewer);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/from 10 minutes after the start/);
    await startedMinutesAgo(pair.interviewId, 11);
    expect((await report(pair.ids.candidate)).body.error.fields).toHaveProperty('userId');
    expect((await report('somebody-else')).status).toBe(422);
    const confirmed = await report(pair.ids.interviewer);
    expect(confirmed.status).toBe(201);
    expect(confirmed.body).toMatchObject({ kind: 'no_show', userId: pair.ids.interviewer });
    expect((await report(pair.ids.interviewer)).status).toBe(409);
    expect(await reliabilityOf(pair.interviewer)).toMatchObject({ sessions: 1, noShows: 1, percent: 0, summary: '0% — 1 no-show in 1 session' });
    // Nobody sees anyone else's reliability: the reporter's own line is untouched.
    expect(await reliabilityOf(pair.candidate)).toMatchObject({ sessions: 0 });
  });

  it('refutes a no-show when the person did enter the room (409 saying when), and records attendance at the end', async () => {
    const pair = await matchedPair('Jo Joined', 170);
    const socket = await sockets.open(pair.candidate);
    expect(await joinRoom(socket, pair.interviewId)).toMatchObject({ role: 'candidate' });
    socket.close();
    const visit = await until(() => fixture.prisma.roomVisit.findFirst({ where: { interviewId: pair.interviewId, userId: pair.ids.candidate } }), 'the room visit');
    await startedMinutesAgo(pair.interviewId, 15);
    const refuted = await pair.interviewer.api('POST', `/api/interviews/${pair.interviewId}/no-show`, { userId: pair.ids.candidate });
    expect(refuted.status).toBe(409);
    expect(refuted.body.error.message).toContain(`joined the room at ${visit.firstJoinedAt.toISOString()}`);
    expect(await fixture.prisma.reliabilityEvent.count({ where: { interviewId: pair.interviewId, kind: 'no_show' } })).toBe(0);

    // The interviewer comes in too; the end of round 1 records both as attended.
    const other = await sockets.open(pair.interviewer);
    await joinRoom(other, pair.interviewId);
    other.close();
    expect((await pair.interviewer.api('POST', `/api/interviews/${pair.interviewId}/end`)).status).toBe(200);
    await until(async () => (await fixture.prisma.reliabilityEvent.count({ where: { interviewId: pair.interviewId, kind: 'attended' } })) === 2 || null, 'attendance');
    expect(await reliabilityOf(pair.candidate)).toMatchObject({ sessions: 1, attended: 1, percent: 100, summary: '100% — attended your 1 session' });
  });
});
