/**
 * /progress in Chromium for a candidate with two released sessions: the
 * recharts SVG draws one line per dimension with a point per session, the
 * table beside it holds the same numbers, re-practice reminders can be set
 * from the page, and the page fits a phone. Screenshots go to test-results/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { acceptInvite, createInterview, signedInUser, signInContext, type SignedInUser } from '../helpers/interview-fixture';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SHOTS = path.join(ROOT, 'test-results');
const FRAUD = loadScenarioLibrary(path.join(ROOT, 'scenarios')).get('payment-fraud-detection')!;
const DIMENSIONS = FRAUD.rubric.dimensions;
/** Session 1 and 2 scores: the dimension's position shifted, so each line has its own values. */
const scoreOf = (session: number, i: number) => ((i + session) % 4) + 1;

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
let candidate: SignedInUser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

async function releasedSession(interviewer: SignedInUser, session: number): Promise<void> {
  const { id, invites } = await createInterview(interviewer);
  await acceptInvite(candidate, invites.candidate);
  const scores = Object.fromEntries(DIMENSIONS.map((d, i) => [d.id, { score: scoreOf(session, i) }]));
  expect((await interviewer.api('PATCH', `/api/interviews/${id}/evaluation`, { scores, levelEstimate: session === 1 ? 'senior' : 'staff', candidateFeedback: 'Good.' })).status).toBe(200);
  expect((await interviewer.api('POST', `/api/interviews/${id}/end`)).status).toBe(200);
  const include = { scores: true, summaries: false, recommendation: false, levelEstimate: true };
  expect((await interviewer.api('POST', `/api/interviews/${id}/feedback/release`, { include })).status).toBe(201);
}

async function pageAt(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, timezoneId: 'Europe/Berlin' });
  contexts.push(context);
  await signInContext(context, server.url, candidate);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url));
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
  const interviewer = await signedInUser(server.url, 'Ines Interviewer');
  candidate = await signedInUser(server.url, 'Cal Candidate');
  await releasedSession(interviewer, 1);
  await releasedSession(interviewer, 2);
});
afterAll(async () => {
  expect(pageErrors).toEqual([]);
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

describe('/progress', () => {
  it('charts both sessions per dimension, with the same numbers in its table, and sets re-practice reminders', async () => {
    const page = await pageAt(1280, 800);
    await page.goto(`${server.url}/dashboard`);
    await page.getByTestId('progress-link').click();
    await page.waitForURL(`${server.url}/progress`);
    const chart = page.getByTestId('score-chart');
    // One line per dimension, each with a point per released session.
    await expect.poll(() => chart.locator('.recharts-line').count(), { timeout: 15_000 }).toBe(DIMENSIONS.length);
    await page.screenshot({ path: path.join(SHOTS, 'progress-1280.png'), fullPage: true });
    const dotsPerLine = await chart.locator('.recharts-line-dots').evaluateAll((groups) => groups.map((g) => g.querySelectorAll('circle').length));
    expect(dotsPerLine).toEqual(DIMENSIONS.map(() => 2));
    const legend = await chart.locator('.recharts-legend-item-text').allTextContents();
    expect(legend).toEqual(DIMENSIONS.map((d) => d.title));
    // The axes are drawn in a pass after the lines.
    await expect
      .poll(() => chart.locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents())
      .toEqual(['1 · Below', '2 · Approaching', '3 · Meets the bar', '4 · Exceeds']);

    const rows = await page.getByTestId('score-table').locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector('th')!.textContent, ...[...tr.querySelectorAll('td')].map((td) => td.textContent)]),
    );
    expect(rows).toEqual(DIMENSIONS.map((d, i) => [d.title, String(scoreOf(1, i)), String(scoreOf(2, i))]));
    // Both sessions fall on one day: numbered within it, on the axis and in the table alike.
    const heads = await page.getByTestId('score-table').locator('thead th').allTextContents();
    expect(heads.slice(1)).toEqual([expect.stringMatching(/ \(1\)$/), expect.stringMatching(/ \(2\)$/)]);
    expect(await chart.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents()).toEqual(heads.slice(1));
    expect(await page.getByTestId('level-chart').locator('.recharts-line-dots circle').count()).toBe(2);
    await expect.poll(() => page.getByTestId('weakest').locator('li').count()).toBe(3);
    expect(await page.getByTestId('suggestions').locator('li').count()).toBeGreaterThan(0);

    const latest = page.getByTestId('repractice').first();
    await latest.getByRole('button', { name: 'Remind me to re-practise' }).click();
    await expect.poll(() => latest.getByTestId('repractice-set').textContent()).toMatch(/^Re-practice reminders set: day 4 \(.+\), day 7 \(.+\), day 14 \(.+\)\.$/);
    await expect.poll(() => page.getByTestId('upcoming').locator('li').count()).toBe(3);
  });

  it('fits a phone without sideways scrolling of the page', async () => {
    const page = await pageAt(390, 844);
    await page.goto(`${server.url}/progress`);
    await expect.poll(() => page.getByTestId('score-chart').locator('.recharts-line').count(), { timeout: 15_000 }).toBe(DIMENSIONS.length);
    await page.screenshot({ path: path.join(SHOTS, 'progress-phone.png'), fullPage: true });
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-scroll')).map((e) => e.tagName + '.' + e.className),
    );
    expect(wide).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });
});
