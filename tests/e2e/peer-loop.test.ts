/**
 * The whole peer loop in two Chromium contexts (issue 15): two people post
 * overlapping availability (one through /partner, one through the API), the
 * matcher pairs them, and both receive an invitation in the dev mail folder
 * whose .ics parses with ical.js. Round 1 runs, its candidate swaps roles,
 * round 2 runs with the roles reversed; both interviewers release; each
 * candidate rates the other's interviewing; /progress shows the rounds.
 *
 * The swap dialog, the rating form and the progress charts each have their own
 * e2e file; this one checks that the pieces join up, so it drives the UI where
 * the join is (posting, the room, the swap, progress) and the API elsewhere.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PrismaClient } from '../../generated/prisma/client';
import { createPrismaClient } from '../../server/db/client';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser, openTwoContexts, roomLive, type Pair } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { signedInUser, signInContext, type SignedInUser } from '../helpers/interview-fixture';
import { parseCalendar, readMailFolder } from '../helpers/mail';
import { freePort } from '../helpers/ports';

const library = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios'));
const shots = process.env.MOCKROOM_SHOTS;
const HOUR = 3_600_000;

let database: TestDatabase;
let prisma: PrismaClient;
let server: AppServer;
let dataDir: string;
let browser: Browser;
let pair: Pair;
/** Ava asks to interview first, in Berlin. */
let ava: Page;
let avaApi: SignedInUser;
/** Ben asks to be interviewed first, in New York. */
let ben: Page;
let benApi: SignedInUser;
let round1Id: string;
let round2Id: string;
let scheduledAt: Date;
const pageErrors: string[] = [];
const nativeDialogs: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  const env = testServerEnv(database.url, { PORT: String(await freePort()), JOB_POLL_INTERVAL_SECONDS: '0.5' });
  dataDir = env.DATA_DIR!;
  prisma = createPrismaClient(database.url);
  server = await startAppServer(env);
  browser = await launchBrowser();
  pair = await openTwoContexts(browser);
  ava = pair.interviewer.page;
  ben = pair.candidate.page;
  for (const page of [ava, ben]) {
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (dialog) => {
      nativeDialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }
  avaApi = await signedInUser(server.url, 'Ava Archer');
  benApi = await signedInUser(server.url, 'Ben Brooks');
  expect((await avaApi.api('PATCH', '/api/settings', { timeZone: 'Europe/Berlin' })).status).toBe(200);
  expect((await benApi.api('PATCH', '/api/settings', { timeZone: 'America/New_York' })).status).toBe(200);
  await signInContext(pair.interviewer.context, server.url, avaApi);
  await signInContext(pair.candidate.context, server.url, benApi);
}, 120_000);
afterAll(async () => {
  await pair?.close();
  await browser?.close();
  await prisma?.$disconnect();
  await server?.stop();
  await database?.drop();
});

const shoot = async (page: Page, name: string) => {
  if (shots) await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
};

/** The wall-clock date and hour of `at` in Berlin, as the date and time inputs want them. */
function berlinParts(at: Date): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** Scores every dimension of the interview's rubric and releases scores and feedback, as its interviewer. */
async function scoreAndRelease(interviewer: SignedInUser, interviewId: string, score: (i: number) => number): Promise<void> {
  const url = `/api/interviews/${interviewId}`;
  const { scenarioSlug } = await prisma.interview.findUniqueOrThrow({ where: { id: interviewId } });
  const scenario = library.get(scenarioSlug)!;
  const scores = Object.fromEntries(scenario.rubric.dimensions.map((d, i) => [d.id, { score: score(i), summary: '' }]));
  const evaluation = { scores, candidateFeedback: 'Clear structure; size the serving path earlier.', recommendation: 'hire', levelEstimate: 'staff' };
  expect((await interviewer.api('PATCH', `${url}/evaluation`, evaluation)).status).toBe(200);
  const include = { scores: true, summaries: false, recommendation: true, levelEstimate: true };
  expect((await interviewer.api('POST', `${url}/feedback/release`, { include })).status).toBe(201);
}

describe('the peer loop, from availability to progress', () => {
  it('two people post overlapping availability and are matched into round 1 at the shared time', async () => {
    // A window tomorrow, three hours long, starting on the hour, in Ava's zone.
    const start = new Date(Math.ceil((Date.now() + 26 * HOUR) / HOUR) * HOUR);
    const from = berlinParts(start);
    const to = berlinParts(new Date(start.getTime() + 3 * HOUR));
    await ava.goto(`${server.url}/partner`);
    const form = ava.getByTestId('availability-form');
    await form.getByLabel('Date').fill(from.date);
    await form.getByLabel('From').fill(from.time);
    await form.getByLabel('To').fill(to.time);
    await form.getByLabel('Target level').selectOption('staff');
    await form.getByLabel('Any').check();
    await form.getByLabel(/interview first/i).check();
    await form.getByRole('button', { name: 'Find me a partner' }).click();
    await ava.getByTestId('open-request').waitFor();

    // Ben's window starts an hour later and overlaps Ava's by two hours: enough for two rounds.
    const posted = await benApi.api('POST', '/api/matching/requests', {
      slots: [{ startsAt: new Date(start.getTime() + HOUR).toISOString(), endsAt: new Date(start.getTime() + 5 * HOUR).toISOString() }],
      level: 'senior',
      domains: ['any'],
      firstRole: 'candidate',
    });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ status: 'matched', match: { role: 'candidate', partnerFirstName: 'Ava' } });
    round1Id = posted.body.match.interviewId;
    scheduledAt = new Date(posted.body.match.scheduledAt);
    expect(scheduledAt.getTime()).toBe(start.getTime() + HOUR);

    await ava.reload();
    const match = ava.getByTestId('match-list');
    await expect.poll(() => match.textContent()).toContain('with Ben');
    expect(await match.textContent()).toContain('round 1 you are the interviewer');
    await shoot(ava, 'partner-matched');
  });

  it('both receive an invitation in the mail log, with an .ics that a real iCalendar parser reads', async () => {
    await expect.poll(() => readMailFolder(dataDir).filter((m) => m.calendar?.method === 'REQUEST').length, { timeout: 20_000 }).toBe(2);
    const invitations = readMailFolder(dataDir).filter((m) => m.calendar?.method === 'REQUEST');
    const zones = { [avaApi.email]: 'Europe/Berlin', [benApi.email]: 'America/New_York' };
    expect(invitations.map((m) => m.to).sort()).toEqual([avaApi.email, benApi.email].sort());
    for (const message of invitations) {
      expect(message.text).toContain(`${server.url}/interviews/${round1Id}`);
      const event = parseCalendar(message.attachment ?? message.calendar!.content);
      expect(event).toMatchObject({ method: 'REQUEST', uid: `${round1Id}@mockroom`, sequence: 0, url: `${server.url}/interviews/${round1Id}` });
      expect(event.start.getTime()).toBe(scheduledAt.getTime());
      // Two rounds: the event covers both.
      expect(event.end.getTime() - event.start.getTime()).toBeGreaterThanOrEqual(90 * 60_000);
      expect(event.tzid).toBe(zones[message.to]);
      expect(event.attendees.sort()).toEqual([avaApi.email, benApi.email].sort());
    }
  });

  it('round 1 runs with Ava interviewing, then Ben swaps roles and both move to round 2', async () => {
    await ava.goto(`${server.url}/interviews/${round1Id}`);
    await ben.goto(`${server.url}/interviews/${round1Id}`);
    await Promise.all([roomLive(ava), roomLive(ben)]);
    expect(await ava.getByRole('tab', { name: 'Guide' }).count()).toBe(1);
    expect(await ben.getByRole('tab', { name: 'Guide' }).count()).toBe(0);
    await ava.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => ben.locator('.timer-bar').getAttribute('data-state')).toBe('running');
    await ava.getByRole('button', { name: 'End interview' }).click();
    await ava.getByRole('dialog', { name: 'End the interview for everyone?' }).getByRole('button', { name: 'End interview' }).click();
    await ben.getByTestId('ended-banner').waitFor();

    await ben.getByRole('button', { name: 'Swap roles' }).click();
    const dialog = ben.getByRole('dialog', { name: /^Swap roles: pick round 2.s scenario$/ });
    await dialog.waitFor();
    await dialog.getByRole('radio').first().check();
    await dialog.getByRole('button', { name: 'Start round 2' }).click();
    await Promise.all([ben.waitForURL(/\?swapped=1$/), ava.waitForURL(/\?swapped=1$/)]);
    round2Id = new URL(ben.url()).pathname.split('/').pop()!;
    expect(round2Id).not.toBe(round1Id);
    expect(new URL(ava.url()).pathname).toBe(`/interviews/${round2Id}`);
  });

  it('round 2 runs with the roles reversed, and both interviewers release', async () => {
    await Promise.all([roomLive(ava), roomLive(ben)]);
    expect(await ben.getByRole('tab', { name: 'Guide' }).count()).toBe(1);
    expect(await ava.getByRole('tab', { name: 'Guide' }).count()).toBe(0);
    await ben.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => ava.locator('.timer-bar').getAttribute('data-state')).toBe('running');
    expect((await benApi.api('POST', `/api/interviews/${round2Id}/end`)).status).toBe(200);
    await ava.getByTestId('ended-banner').waitFor();
    await scoreAndRelease(avaApi, round1Id, (i) => (i % 4) + 1);
    await scoreAndRelease(benApi, round2Id, (i) => ((i + 1) % 4) + 1);
  });

  it("each rates the other's interviewing, and only the rated interviewer reads it", async () => {
    // Ben was round 1's candidate: he rates Ava in the form on his feedback page.
    await ben.goto(`${server.url}/interviews/${round1Id}/feedback#rate`);
    const form = ben.getByTestId('rating-form');
    for (const [aspect, score] of [['clarity', 5], ['hints', 4], ['feedback', 4]] as const) {
      await form.locator(`[data-aspect=${aspect}] input[value="${score}"]`).check();
    }
    await form.getByLabel('Comment (optional)').fill('Good follow-ups on calibration.');
    await form.getByRole('button', { name: 'Save rating' }).click();
    await expect.poll(() => form.getByTestId('rating-status').getAttribute('data-state')).toBe('saved');
    // Ava was round 2's candidate.
    expect((await avaApi.api('PUT', `/api/interviews/${round2Id}/interviewer-rating`, { clarity: 3, hints: 4, feedback: 5, comment: 'Kind and precise.' })).status).toBe(200);

    await ava.goto(`${server.url}/interviews/${round1Id}/feedback`);
    expect(await ava.getByTestId('rating-received').textContent()).toContain('Good follow-ups on calibration.');
    await ben.goto(`${server.url}/interviews/${round2Id}/feedback`);
    expect(await ben.getByTestId('rating-received').textContent()).toContain('Kind and precise.');
    // Neither reads the rating about the other.
    expect((await benApi.api('GET', `/api/interviews/${round2Id}/interviewer-ratings`)).body.ratings.map((r: { comment: string }) => r.comment)).toEqual(['Kind and precise.']);
    expect((await avaApi.api('GET', `/api/interviews/${round2Id}/interviewer-ratings`)).body.ratings.map((r: { comment: string }) => r.comment)).toEqual(['Kind and precise.']);
    expect(nativeDialogs).toEqual([]);
  });

  it('/progress shows both rounds for each of them: the round they were interviewed in, and the one they interviewed in', async () => {
    const round1 = await prisma.interview.findUniqueOrThrow({ where: { id: round1Id } });
    const round2 = await prisma.interview.findUniqueOrThrow({ where: { id: round2Id } });
    const cases = [
      { page: ava, candidateIn: round2, interviewedIn: round1Id, name: 'ava' },
      { page: ben, candidateIn: round1, interviewedIn: round2Id, name: 'ben' },
    ];
    for (const { page, candidateIn, interviewedIn, name } of cases) {
      await page.goto(`${server.url}/progress`);
      const dimensions = library.get(candidateIn.scenarioSlug)!.rubric.dimensions;
      // The round they were the candidate in: one point per dimension on the scores chart, and its column in the table.
      await page.getByTestId('score-chart').locator('.progress-dot').first().waitFor();
      expect(await page.getByTestId('score-chart').locator('circle.progress-dot').count()).toBe(dimensions.length);
      expect(await page.getByTestId('score-table').locator('thead th[title]').evaluateAll((ths) => ths.map((th) => th.getAttribute('title')))).toEqual([candidateIn.title]);
      // The round they interviewed in: one point per rated aspect, and its row with the ratings.
      expect(await page.getByTestId('interviewing-chart').locator('circle.progress-dot').count()).toBe(3);
      const rows = page.getByTestId('interviewing-table').locator('tbody tr');
      expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-interview')))).toEqual([interviewedIn]);
      await shoot(page, `progress-${name}`);
    }
    // Ava's interviewing (round 1) was rated 5, 4, 4 by Ben; Ben's (round 2) 3, 4, 5 by Ava.
    expect(await ava.getByTestId('interviewing-table').locator('tbody td').allTextContents()).toEqual(['5', '4', '4']);
    expect(await ben.getByTestId('interviewing-table').locator('tbody td').allTextContents()).toEqual(['3', '4', '5']);
    expect(pageErrors).toEqual([]);
  });
});
