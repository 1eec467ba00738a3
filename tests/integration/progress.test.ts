/**
 * Progress against the real server and Postgres: only released feedback
 * counts, only where the user was the candidate; red flags reach the
 * candidate only when the interviewer opts in; the weakest dimensions and
 * the suggestions follow from seeded scores; re-practice reminders are
 * created once, cancelled, and sent once.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Progress } from '../../lib/api/progress';
import type { ReleasedFeedback } from '../../lib/rubric/evaluation';
import { disconnectDb } from '../../server/db/client';
import { publishRuntime } from '../../server/env';
import { sendDueRepractice } from '../../server/progress/repractice';
import { loadScenarioLibrary, publishLibrary } from '../../server/scenarios/library';
import { HttpSession } from '../helpers/http-session';
import { acceptInvite, createInterview, signedInUser, type SignedInUser } from '../helpers/interview-fixture';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';

const library = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios'));
const FRAUD = library.get('payment-fraud-detection')!;
const CREDIT = library.get('credit-scoring')!;
const DAY = 86_400_000;

let fixture: ServerFixture;
let ines: SignedInUser;
let cal: SignedInUser;
let dana: SignedInUser;

interface Seed {
  scores: Record<string, number>;
  level: 'below_senior' | 'senior' | 'staff' | 'principal';
  /** Red flag indexes the interviewer ticks. */
  ticks: number[];
  release: false | { redFlags?: boolean };
}

/** An ended session run through the API: scores for every dimension (3 unless seeded), ticks, and maybe a release. */
async function session(interviewer: SignedInUser, candidate: SignedInUser, slug: string, seed: Seed): Promise<string> {
  const { id, invites } = await createInterview(interviewer, slug);
  await acceptInvite(candidate, invites.candidate);
  const url = `/api/interviews/${id}`;
  const scores = Object.fromEntries(library.get(slug)!.rubric.dimensions.map((d) => [d.id, { score: seed.scores[d.id] ?? 3 }]));
  const patch = await interviewer.api('PATCH', `${url}/evaluation`, { scores, levelEstimate: seed.level, candidateFeedback: 'Keep going.' });
  expect(patch.status, JSON.stringify(patch.body)).toBe(200);
  for (const index of seed.ticks) expect((await interviewer.api('PUT', `${url}/evaluation/marks`, { kind: 'red_flag', index, checked: true })).status).toBe(200);
  expect((await interviewer.api('POST', `${url}/end`)).status).toBe(200);
  if (seed.release) {
    const include = { scores: true, summaries: false, recommendation: false, levelEstimate: true, ...seed.release };
    const released = await interviewer.api('POST', `${url}/feedback/release`, { include });
    expect(released.status, JSON.stringify(released.body)).toBe(201);
  }
  return id;
}

const progressOf = async (who: HttpSession) => {
  const reply = await who.api<Progress>('GET', '/api/progress');
  expect(reply.status).toBe(200);
  return reply.body;
};

beforeAll(async () => {
  fixture = await serverFixture({ fixedPort: true });
  const { database, env } = fixture;
  // sendDueRepractice is also called in this process, against the same database.
  publishRuntime({ databaseUrl: database.url, dbMode: 'external', authSecret: env.AUTH_SECRET!, appUrl: fixture.server.url, dataDir: env.DATA_DIR ?? '/tmp' });
  publishLibrary(library);
  ines = await signedInUser(fixture.server.url, 'Ines Interviewer');
  cal = await signedInUser(fixture.server.url, 'Cal Candidate');
  dana = await signedInUser(fixture.server.url, 'Dana Peer');
});
afterAll(async () => {
  await disconnectDb();
  await fixture?.close();
});

const ids: string[] = [];

describe('what counts', () => {
  it('asks for a session (401), and shows a new user the empty state', async () => {
    expect((await new HttpSession(fixture.server.url).api('GET', '/api/progress')).status).toBe(401);
    expect((await new HttpSession(fixture.server.url).api('PUT', '/api/interviews/abcdefghijklmnopqrstuv/repractice')).status).toBe(401);
    expect(await progressOf(cal)).toEqual({ sessions: [], interviewing: [], dimensions: [], weakest: [], repeatedRedFlags: [], suggestions: [], upcoming: [] });
    const page = await cal.fetch('/progress');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('No released feedback yet');
  });

  it('ignores an unreleased evaluation with scores; its release counts', async () => {
    ids.push(await session(ines, cal, FRAUD.slug, { scores: { 'data-features': 1, modeling: 2 }, level: 'senior', ticks: [1], release: false }));
    expect((await progressOf(cal)).sessions).toEqual([]);
    const released = await ines.api('POST', `/api/interviews/${ids[0]}/feedback/release`, {
      include: { scores: true, summaries: false, recommendation: false, levelEstimate: true },
    });
    expect(released.status).toBe(201);
    const progress = await progressOf(cal);
    expect(progress.sessions).toHaveLength(1);
    expect(progress.sessions[0]).toMatchObject({ interviewId: ids[0], releases: 1, levelEstimates: ['senior'], redFlags: [], redFlagsReleased: false });
    expect(progress.sessions[0]!.scores).toEqual(Object.fromEntries(FRAUD.rubric.dimensions.map((d) => [d.id, d.id === 'data-features' ? 1 : d.id === 'modeling' ? 2 : 3])));
    expect(progress.dimensions.map((d) => d.id)).toEqual(FRAUD.rubric.dimensions.map((d) => d.id));
  });

  it('counts only sessions where the user was the candidate', async () => {
    await session(cal, dana, CREDIT.slug, { scores: { serving: 1 }, level: 'staff', ticks: [], release: {} });
    const mine = await progressOf(cal);
    expect(mine.sessions.map((s) => s.interviewId)).toEqual([ids[0]]);
    const hers = await progressOf(dana);
    expect(hers.sessions).toHaveLength(1);
    expect(hers.sessions[0]!.scores.serving).toBe(1);
  });
});

describe('red flags', () => {
  it('reach the candidate only when the interviewer includes them, as titles, and count when seen twice', async () => {
    // Session 1 ticked flag 1 but released without red flags.
    const [, flag1] = [FRAUD.rubric.redFlags[0]!, FRAUD.rubric.redFlags[1]!];
    const first = await cal.api<{ released: ReleasedFeedback[] }>('GET', `/api/interviews/${ids[0]}/feedback`);
    expect(first.body.released[0]).not.toHaveProperty('redFlags');
    expect(JSON.stringify(first.body)).not.toContain(flag1);

    ids.push(await session(ines, cal, FRAUD.slug, { scores: { 'data-features': 2, modeling: 2, evaluation: 4 }, level: 'staff', ticks: [0], release: { redFlags: true } }));
    ids.push(await session(ines, cal, FRAUD.slug, { scores: { 'data-features': 1, modeling: 3 }, level: 'staff', ticks: [2, 0], release: { redFlags: true } }));
    const third = await cal.api<{ released: ReleasedFeedback[] }>('GET', `/api/interviews/${ids[2]}/feedback`);
    // In the rubric's order, whatever order they were ticked in.
    expect(third.body.released[0]!.redFlags).toEqual([FRAUD.rubric.redFlags[0], FRAUD.rubric.redFlags[2]]);
    const page = await (await cal.fetch(`/interviews/${ids[2]}/feedback`)).text();
    expect(page).toContain('Red flags your interviewer ticked');

    const progress = await progressOf(cal);
    expect(progress.sessions.map((s) => s.redFlagsReleased)).toEqual([false, true, true]);
    expect(progress.repeatedRedFlags).toEqual([{ title: FRAUD.rubric.redFlags[0], sessions: 2, lastSeen: progress.sessions[2]!.heldAt }]);
    expect(JSON.stringify(progress)).not.toContain(flag1);
  });
});

describe('weakest dimensions and suggestions', () => {
  it('averages the seeded scores and ranks scenarios by their signals on those dimensions, leaving out recent ones', async () => {
    const progress = await progressOf(cal);
    const title = (id: string) => FRAUD.rubric.dimensions.find((d) => d.id === id)!.title;
    // data-features (1, 2, 1), modeling (2, 2, 3); the rest 3 (evaluation 3.33), ties in rubric order.
    expect(progress.weakest).toEqual([
      { id: 'data-features', title: title('data-features'), average: 4 / 3, sessions: 3 },
      { id: 'modeling', title: title('modeling'), average: 7 / 3, sessions: 3 },
      { id: 'problem-framing', title: title('problem-framing'), average: 3, sessions: 3 },
    ]);
    // Fit by hand: (5 − average) × the scenario's signal count, summed over those three.
    const weaknessFit = (s: (typeof library.scenarios)[number]) =>
      progress.weakest.reduce((sum, w) => sum + (5 - w.average) * (s.rubric.dimensions.some((d) => d.id === w.id) ? (s.rubric.signals[w.id]?.length ?? 0) : 0), 0);
    const expected = library.scenarios
      .filter((s) => s.slug !== FRAUD.slug && s.slug !== CREDIT.slug)
      .sort((a, b) => weaknessFit(b) - weaknessFit(a) || a.title.localeCompare(b.title))
      .slice(0, 3);
    expect(progress.suggestions.map((s) => s.slug)).toEqual(expected.map((s) => s.slug));
    // Cal took part in both scenarios this month (one as candidate, one as interviewer): neither is suggested.
    expect(progress.suggestions.map((s) => s.slug)).not.toContain(CREDIT.slug);
    expect(progress.suggestions[0]!.exercises.map((e) => e.id)).toEqual(['data-features', 'modeling']);
    const page = await (await cal.fetch('/progress')).text();
    expect(page).toContain(`/scenarios/${expected[0]!.slug}/practice`);
    expect(page).toContain('data-testid="score-table"');
  });
});

describe('re-practice reminders', () => {
  it('creates day 4, 7 and 14 once, cancels, and refuses where it does not apply', async () => {
    const url = `/api/interviews/${ids[2]}/repractice`;
    const first = await cal.api('PUT', url);
    expect(first.status).toBe(200);
    expect(first.body.reminders.map((r: { dayOffset: number }) => r.dayOffset)).toEqual([4, 7, 14]);
    expect((await cal.api('PUT', url)).status).toBe(200);
    expect(await fixture.prisma.repracticeReminder.count({ where: { interviewId: ids[2] } })).toBe(3);
    const { endedAt } = await fixture.prisma.interview.findUniqueOrThrow({ where: { id: ids[2]! } });
    const rows = await fixture.prisma.repracticeReminder.findMany({ where: { interviewId: ids[2] }, orderBy: { dayOffset: 'asc' } });
    expect(rows.map((r) => r.dueAt.getTime() - endedAt!.getTime())).toEqual([4 * DAY, 7 * DAY, 14 * DAY]);
    expect((await progressOf(cal)).upcoming.map((r) => [r.interviewId, r.dayOffset])).toEqual([[ids[2], 4], [ids[2], 7], [ids[2], 14]]);

    const interviewer = await ines.api('PUT', url);
    expect(interviewer.status).toBe(403);
    expect(interviewer.body.error.message).toBe('Only the candidate can set re-practice reminders, once the interview has ended.');
    const unreleased = await session(ines, cal, CREDIT.slug, { scores: {}, level: 'staff', ticks: [], release: false });
    const refused = await cal.api('PUT', `/api/interviews/${unreleased}/repractice`);
    expect(refused.status).toBe(409);

    expect((await cal.api('DELETE', url)).body).toEqual({ reminders: [] });
    expect(await fixture.prisma.repracticeReminder.count({ where: { interviewId: ids[2] } })).toBe(0);
    expect((await cal.api('PUT', url)).body.reminders).toHaveLength(3);
  });

  it('queues a job per reminder, and the real queue sends a due one once, naming the session, the weakest dimensions and a scenario', async () => {
    const [{ count }] = await fixture.prisma.$queryRaw<{ count: bigint }[]>`SELECT count(*) FROM pgboss.job WHERE name = 'repractice.send'`;
    // Two rounds of three (the second after the cancel), each reminder its own job.
    expect(Number(count)).toBe(6);
    // A reminder whose day has come but whose job was never queued (as after a failed enqueue): the boot's replan queues it.
    const due = await fixture.prisma.repracticeReminder.create({ data: { userId: (await fixture.prisma.user.findUniqueOrThrow({ where: { email: cal.email } })).id, interviewId: ids[1]!, dayOffset: 4, dueAt: new Date(Date.now() - 60_000) } });
    expect(await fixture.server.stop()).toBe(0);
    await fixture.restart();
    await expect.poll(async () => (await fixture.prisma.repracticeReminder.findUniqueOrThrow({ where: { id: due.id } })).sentAt, { timeout: 30_000, interval: 250 }).not.toBeNull();
    const emails = await fixture.prisma.emailMessage.findMany({ where: { dedupeKey: `repractice:${due.id}` } });
    expect(emails).toHaveLength(1);
    const [email] = emails;
    const { title } = await fixture.prisma.interview.findUniqueOrThrow({ where: { id: ids[1]! } });
    expect(email!.subject).toBe(`Day 4: time to re-practise “${title}”`);
    expect(email!.toEmail).toBe(cal.email);
    expect(email!.kind).toBe('repractice');
    expect(email!.text).toContain('Data, labels and features (1.3 of 4)');
    const top = (await progressOf(cal)).suggestions[0]!;
    expect(email!.text).toContain(`${fixture.server.url}/scenarios/${top.slug}/practice`);
    // Sent means sent: running the job again (a retry, a second worker) sends nothing more.
    expect(await sendDueRepractice(due.id)).toBe(false);
    expect(await fixture.prisma.emailMessage.count({ where: { dedupeKey: `repractice:${due.id}` } })).toBe(1);
    // Sent ones survive a cancel and are no longer upcoming.
    await cal.api('DELETE', `/api/interviews/${ids[1]}/repractice`);
    const after = await progressOf(cal);
    expect(after.upcoming.every((r) => r.interviewId !== ids[1])).toBe(true);
    expect(after.sessions[1]!.reminders.map((r) => [r.dayOffset, r.sentAt !== null])).toEqual([[4, true]]);
  });
});
