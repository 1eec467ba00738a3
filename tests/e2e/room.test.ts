/**
 * The live room in two Chromium contexts: the interviewer creates an interview
 * and copies the candidate's invite; the candidate signs up through it and
 * lands in the room; both draw and see each other's shapes and cursors; a
 * reload keeps the board; the timer agrees on both screens and survives a
 * server restart.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser, openTwoContexts, roomLive, signInThroughApi, type Pair } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { HttpSession, uniqueEmail } from '../helpers/http-session';
import { freePort } from '../helpers/ports';

const library = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios'));
let database: TestDatabase;
let server: AppServer;
let env: Record<string, string>;
let browser: Browser;
let pair: Pair;
let interviewer: Page;
let candidate: Page;
let roomUrl: string;
let candidateLink: string;
const pageErrors: string[] = [];
/** Chromium reports each Content-Security-Policy refusal as a console error ("Refused to …"). */
const cspViolations: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  env = testServerEnv(database.url, { PORT: String(await freePort()) });
  server = await startAppServer(env);
  browser = await launchBrowser();
  pair = await openTwoContexts(browser);
  interviewer = pair.interviewer.page;
  candidate = pair.candidate.page;
  for (const page of [interviewer, candidate]) {
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text()) && cspViolations.push(m.text()));
  }
  // The DOM's own event, for violations the console might word differently.
  for (const context of [pair.interviewer.context, pair.candidate.context]) {
    await context.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to (CSP securitypolicyviolation) ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`)),
    );
  }
});
afterAll(async () => {
  await pair?.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

const boardElements = (page: Page) => page.getByTestId('whiteboard').getAttribute('data-elements');

/** Picks a tool from Excalidraw's toolbar and drags on the canvas, clear of its side panels. */
async function draw(page: Page, tool: RegExp, from: [number, number], to: [number, number]) {
  await page.getByTitle(tool).first().click();
  const box = (await page.getByTestId('whiteboard').boundingBox())!;
  await page.mouse.move(box.x + from[0], box.y + from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + to[0], box.y + to[1], { steps: 10 });
  await page.mouse.up();
  await page.keyboard.press('Escape');
}

describe('the live room', () => {
  it('interviewer creates an interview and copies the candidate invite; the candidate signs up through it and lands in the room', async () => {
    const email = uniqueEmail('room-iv');
    expect((await new HttpSession(server.url).signUp({ name: 'Ines Interviewer', email, password: 'a long enough password' })).status).toBe(201);
    await signInThroughApi(pair.interviewer.context, server.url, email, 'a long enough password');

    await interviewer.goto(`${server.url}/interviews/new?scenario=payment-fraud-detection`);
    await interviewer.getByLabel('Level').selectOption('staff');
    await interviewer.getByLabel('Length').selectOption('45');
    await interviewer.getByRole('button', { name: 'Create interview' }).click();
    await interviewer.waitForURL(/\/interviews\/[A-Za-z0-9_-]{22}$/);
    roomUrl = interviewer.url();
    await roomLive(interviewer);

    await interviewer.getByRole('button', { name: 'Copy link for the candidate' }).click();
    const link = await interviewer.getByTestId('invite-link-candidate').inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/invite/`));
    candidateLink = link;

    await candidate.goto(link);
    expect(await candidate.getByRole('heading', { level: 1 }).textContent()).toBe('Real-time payment fraud screening');
    await candidate.getByLabel('Your name').fill('Cal Candidate');
    await candidate.getByLabel('Email').fill(uniqueEmail('room-cd'));
    await candidate.getByLabel('Choose a password').fill('candidate password');
    await candidate.getByRole('button', { name: 'Create account and join' }).click();
    await candidate.waitForURL(roomUrl);
    await roomLive(candidate);
    expect(await candidate.locator('.room-title .chip').first().textContent()).toBe('candidate');
    // The candidate's room has no interviewer panel or invite controls.
    expect(await candidate.getByRole('heading', { name: 'Interviewer panel' }).count()).toBe(0);
    expect(await candidate.getByRole('button', { name: 'Copy link for the candidate' }).count()).toBe(0);
  });

  it('says clearly that a used invite link is used, and sends its owner back to the room', async () => {
    const stranger = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await stranger.newPage();
    await page.goto(candidateLink);
    expect(await page.getByTestId('invite-unusable').getByRole('alert').textContent()).toBe('This invite link has already been used. Ask your interviewer for a new one.');
    await stranger.close();

    const again = await pair.candidate.context.newPage();
    await again.goto(candidateLink);
    await again.getByRole('link', { name: 'Enter the room' }).click();
    await again.waitForURL(roomUrl);
    await again.close();
  });

  it('shows the interviewer’s rectangle to the candidate and the candidate’s arrow to the interviewer', async () => {
    await draw(interviewer, /Rectangle/, [380, 220], [560, 340]);
    await expect.poll(() => boardElements(candidate), { timeout: 10_000 }).toBe('rectangle');
    await draw(candidate, /Arrow/, [400, 420], [620, 520]);
    await expect.poll(() => boardElements(interviewer), { timeout: 10_000 }).toBe('arrow,rectangle');
    await expect.poll(() => boardElements(candidate), { timeout: 10_000 }).toBe('arrow,rectangle');
  });

  it('shows each person’s cursor with their name to the other', async () => {
    const box = (await interviewer.getByTestId('whiteboard').boundingBox())!;
    await interviewer.mouse.move(box.x + 300, box.y + 300, { steps: 5 });
    await expect.poll(() => candidate.getByTestId('whiteboard').getAttribute('data-cursors'), { timeout: 10_000 }).toBe('Ines Interviewer');
    const box2 = (await candidate.getByTestId('whiteboard').boundingBox())!;
    await candidate.mouse.move(box2.x + 320, box2.y + 280, { steps: 5 });
    await expect.poll(() => interviewer.getByTestId('whiteboard').getAttribute('data-cursors'), { timeout: 10_000 }).toBe('Cal Candidate');
  });

  it('keeps the board across a reload', async () => {
    await candidate.reload();
    await roomLive(candidate);
    await expect.poll(() => boardElements(candidate), { timeout: 10_000 }).toBe('arrow,rectangle');
  });

  it('keeps both screens on one clock: start → next phase → pause, then through a server restart', async () => {
    const phase = (p: Page) => p.getByTestId('timer-phase').textContent();
    const remaining = async (p: Page) => Number(await p.getByTestId('timer-remaining').getAttribute('data-ms'));

    await interviewer.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => candidate.getByText('Phase 1 of 7').count()).toBe(1);
    await interviewer.getByRole('button', { name: 'Next phase →' }).click();
    await expect.poll(() => phase(candidate)).toBe('Framing and metrics');
    // The interviewer's guide follows the timer; the candidate has no guide at all.
    const metricsProbe = library.get('payment-fraud-detection')!.guide.probes.metrics![0]!;
    await expect.poll(() => interviewer.getByTestId('guide-probes').textContent()).toContain(metricsProbe);
    expect(await candidate.getByTestId('interviewer-guide').count()).toBe(0);

    // While running: wait until both clocks are visibly counting, then read them at the same moment.
    await expect.poll(async () => Math.max(await remaining(interviewer), await remaining(candidate))).toBeLessThan(5 * 60_000 - 500);
    const [a, b] = await Promise.all([remaining(interviewer), remaining(candidate)]);
    const runningSkew = Math.abs(a - b);
    await interviewer.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => candidate.getByText(/paused/).count()).toBe(1);
    const [pa, pb] = await Promise.all([remaining(interviewer), remaining(candidate)]);
    const pausedSkew = Math.abs(pa - pb);
    console.log(`timer skew between the two screens: ${runningSkew} ms running (${a} vs ${b} ms left), ${pausedSkew} ms paused (${pa} vs ${pb})`);
    expect(await phase(interviewer)).toBe('Framing and metrics');
    expect(runningSkew).toBeLessThan(1000);
    expect(pausedSkew).toBeLessThan(1000);

    expect(await server.stop()).toBe(0);
    server = await startAppServer(env);
    await Promise.all([roomLive(interviewer), roomLive(candidate)]);
    expect(await phase(candidate)).toBe('Framing and metrics');
    expect(Math.abs((await remaining(candidate)) - pb)).toBeLessThan(1000);
    await expect.poll(() => boardElements(candidate), { timeout: 10_000 }).toBe('arrow,rectangle');
    expect(pageErrors).toEqual([]);
  });

  it('runs all of the above under the Content-Security-Policy: no violation was reported', async () => {
    const headers = (await interviewer.request.get(roomUrl)).headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(cspViolations).toEqual([]);
  });

  it('lists the interview on both dashboards under "Live now", each with their own role', async () => {
    for (const [page, role] of [[interviewer, 'interviewer'], [candidate, 'candidate']] as const) {
      const dashboard = await page.context().newPage();
      await dashboard.goto(`${server.url}/dashboard`);
      const row = dashboard.getByTestId('interviews-live').locator('li');
      expect(await row.count()).toBe(1);
      expect(await row.locator('.interview-title').textContent()).toBe('Real-time payment fraud screening');
      expect(await row.locator(`.role-${role}`).textContent()).toBe(role);
      await row.getByRole('link', { name: 'Enter room' }).click();
      await dashboard.waitForURL(roomUrl);
      await dashboard.close();
    }
  });
});
