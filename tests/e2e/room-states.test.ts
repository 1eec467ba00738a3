/**
 * The room from first load to the end, in two Chromium contexts at 1280×800
 * (plus a phone): the first connection says "Connecting…", never
 * "Reconnecting…"; the invite is the interviewer's first card until the
 * candidate joins, then folds into a button; the tab bar stays in view and
 * the chosen tab survives a reload; the board keeps 60% of the width; the
 * candidate reads the problem (and can fold it), waits for the clock with
 * the list of who is here, then sees it run; on a phone the room says it
 * needs a larger screen and still offers the problem and the call; after the
 * end the candidate's clock says when it stopped (no "left"), the room says
 * when and where the feedback comes, and "Leave call" stops the camera and mic.
 */
import { joinThroughLobby } from '../helpers/lobby';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser, newContext, roomLive } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { createInterview, joinThroughInvite, signedInUser, signInContext, type InviteLinks, type SignedInUser } from '../helpers/interview-fixture';

const scenario = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios')).get('payment-fraud-detection')!;
const promptStart = scenario.prompt.trim().split(/\s+/).slice(0, 8).join(' ');

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
let ivContext: BrowserContext;
let cdContext: BrowserContext;
let interviewer: Page;
let candidate: Page;
let ines: SignedInUser;
let cal: SignedInUser;
let interviewId: string;
let invites: InviteLinks;
const pageErrors: string[] = [];

/**
 * Test instrumentation, not app code: records every value the connection
 * indicator's data-state takes (from the server's HTML on), and every media
 * track getUserMedia hands out, so the test can see both from outside.
 */
function instrument(context: BrowserContext) {
  return context.addInitScript(() => {
    const w = window as unknown as { __connectionStates: string[]; __tracks: MediaStreamTrack[] };
    w.__connectionStates = [];
    w.__tracks = [];
    const note = () => {
      const state = document.querySelector('[data-testid=connection]')?.getAttribute('data-state');
      if (state && w.__connectionStates.at(-1) !== state) w.__connectionStates.push(state);
    };
    new MutationObserver(note).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
    const media = navigator.mediaDevices;
    if (media?.getUserMedia) {
      const original = media.getUserMedia.bind(media);
      media.getUserMedia = async (constraints) => {
        const stream = await original(constraints);
        w.__tracks.push(...stream.getTracks());
        return stream;
      };
    }
  });
}

const connectionStates = (page: Page) => page.evaluate(() => (window as unknown as { __connectionStates: string[] }).__connectionStates);
const liveTracks = (page: Page) => page.evaluate(() => (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.filter((t) => t.readyState === 'live').length);
const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url));
  browser = await launchBrowser();
  ivContext = await newContext(browser);
  cdContext = await newContext(browser);
  for (const context of [ivContext, cdContext]) await instrument(context);
  interviewer = await ivContext.newPage();
  candidate = await cdContext.newPage();
  for (const page of [interviewer, candidate]) page.on('pageerror', (e) => pageErrors.push(e.message));
  ines = await signedInUser(server.url, 'Ines Interviewer');
  ({ id: interviewId, invites } = await createInterview(ines, scenario.slug));
  await signInContext(ivContext, server.url, ines);
});
afterAll(async () => {
  await ivContext?.close();
  await cdContext?.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

describe('the room, from first load to the end', () => {
  it('says "Connecting…" on the first load, then "Connected", and never "Reconnecting…"', async () => {
    await interviewer.goto(`${server.url}/interviews/${interviewId}`);
    await roomLive(interviewer);
    const states = await connectionStates(interviewer);
    expect(states[0]).toBe('connecting');
    expect(states.at(-1)).toBe('live');
    expect(states).not.toContain('reconnecting');
    expect(await interviewer.getByTestId('connection').textContent()).toContain('Connected');
  });

  it('names every button in the room, Excalidraw’s icon-only menu button included', async () => {
    await interviewer.getByRole('button', { name: 'Board menu' }).waitFor();
    const unnamed = await interviewer.evaluate(() =>
      [...document.querySelectorAll('main button')]
        .filter((b) => !(b.getAttribute('aria-label') || b.getAttribute('title') || b.textContent)?.trim())
        .map((b) => b.outerHTML.slice(0, 120)),
    );
    expect(unnamed).toEqual([]);
    // One banner (the site header) and one main: the room's own header sits inside main.
    expect(await interviewer.getByRole('banner').count()).toBe(1);
    expect(await interviewer.getByRole('main').count()).toBe(1);
  });

  it('puts the invite first until the candidate joins; the tab bar is in view and Start comes before End interview', async () => {
    const slot = interviewer.getByTestId('invite-slot');
    expect(await slot.getAttribute('data-state')).toBe('prominent');
    const copy = await box(interviewer, 'button:has-text("Copy link")');
    expect(copy.y + copy.height).toBeLessThan(800);
    const tabs = await box(interviewer, '[role=tablist][aria-label="Room panel"]');
    expect(tabs.y + tabs.height).toBeLessThanOrEqual(800);
    // All six tabs show without scrolling the bar sideways.
    const wrapUp = await box(interviewer, '#tab-wrap-up');
    expect(wrapUp.x + wrapUp.width).toBeLessThanOrEqual(tabs.x + tabs.width + 1);
    expect(await interviewer.getByRole('tab').allTextContents()).toEqual(['Problem', 'Cards', 'Guide', 'Rubric', 'Notes', 'Wrap-up']);
    // The problem is the first tab, open on a first visit.
    expect(await interviewer.getByRole('tab', { name: 'Problem' }).getAttribute('aria-selected')).toBe('true');
    expect(await interviewer.getByTestId('problem-text').textContent()).toContain(promptStart);
    // Keyboard order: Tab reaches Start before End interview.
    const order = await interviewer.evaluate(() => {
      const buttons = [...document.querySelectorAll('button')].map((b) => b.textContent?.trim());
      return { start: buttons.indexOf('Start'), end: buttons.indexOf('End interview') };
    });
    expect(order.start).toBeGreaterThanOrEqual(0);
    expect(order.start).toBeLessThan(order.end);
  });

  it('keeps at least 60% of the width for the board at 1280×800', async () => {
    const board = await box(interviewer, '.room-board');
    const side = await box(interviewer, '.room-side');
    console.log(`interviewer at 1280×800: board ${board.width} px (${((board.width / 1280) * 100).toFixed(1)}%), side column ${side.width} px`);
    expect(board.width / 1280).toBeGreaterThanOrEqual(0.6);
    expect(side.width / 1280).toBeLessThanOrEqual(0.4);
  });

  it('remembers the chosen tab across a reload', async () => {
    await interviewer.getByRole('tab', { name: 'Notes' }).click();
    await interviewer.reload();
    await roomLive(interviewer);
    await expect.poll(() => interviewer.getByRole('tab', { name: 'Notes' }).getAttribute('aria-selected')).toBe('true');
    expect(await interviewer.locator('#tabpanel-notes').isVisible()).toBe(true);
    expect(await interviewer.locator('#tabpanel-problem').isVisible()).toBe(false);
    // A reload is still a reconnection-free first load.
    expect(await connectionStates(interviewer)).not.toContain('reconnecting');
  });

  it('shows the candidate the problem, foldable, and the waiting state with who is here', async () => {
    cal = await joinThroughInvite(server.url, 'Cal Candidate', invites.candidate);
    await signInContext(cdContext, server.url, cal);
    await candidate.goto(`${server.url}/interviews/${interviewId}`);
    await roomLive(candidate);
    expect(await connectionStates(candidate)).not.toContain('reconnecting');

    const problem = candidate.getByTestId('problem-panel');
    expect(await problem.getByTestId('problem-text').isVisible()).toBe(true);
    expect(await problem.textContent()).toContain(promptStart);
    await problem.getByRole('button', { name: 'Hide the problem' }).click();
    expect(await problem.getByTestId('problem-text').isVisible()).toBe(false);
    await problem.getByRole('button', { name: 'Show the problem' }).click();
    expect(await problem.getByTestId('problem-text').isVisible()).toBe(true);

    const waiting = candidate.getByTestId('waiting');
    expect(await waiting.textContent()).toContain('Waiting for your interviewer to start the clock');
    await expect.poll(() => waiting.getByTestId('here-now').locator('li').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Ines Interviewer'), expect.stringContaining('Cal Candidate (you)')]),
    );
    expect(await candidate.getByTestId('timer-remaining').count()).toBe(0);
    const board = await box(candidate, '.room-board');
    expect(board.width / 1280).toBeGreaterThanOrEqual(0.6);
  });

  it('folds the interviewer’s invite into a button once the candidate has joined', async () => {
    const slot = interviewer.getByTestId('invite-slot');
    await expect.poll(() => slot.getAttribute('data-state')).toBe('collapsed');
    expect(await interviewer.getByRole('button', { name: 'Copy link for the candidate' }).isVisible()).toBe(false);
    const toggle = interviewer.getByRole('button', { name: 'Invite people' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await interviewer.getByRole('button', { name: 'Copy link for observers' }).isVisible()).toBe(true);
    await toggle.click();
    expect(await slot.getAttribute('data-state')).toBe('collapsed');
  });

  it('replaces the waiting state with the running clock once the interviewer starts it', async () => {
    await interviewer.getByRole('button', { name: 'Start' }).click();
    await candidate.getByTestId('timer-remaining').waitFor();
    expect(await candidate.getByTestId('waiting').count()).toBe(0);
    expect(await candidate.locator('.timer-bar').getAttribute('data-state')).toBe('running');
  });

  it('on a phone, says the room needs a larger screen and still offers the problem and the call', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await signInContext(phone, server.url, cal);
    const page = await phone.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/interviews/${interviewId}`);
    // A phone gets the same lobby first; the note is what they find in the room behind it.
    await joinThroughLobby(page);
    await page.getByTestId('video-panel').waitFor();
    const note = page.getByTestId('phone-note');
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).toContain('needs a larger screen');
    expect(await page.locator('.room-board').isVisible()).toBe(false);
    expect(await page.getByTestId('problem-text').isVisible()).toBe(true);
    expect(await page.getByTestId('problem-text').textContent()).toContain(promptStart);
    // The note's link leads to the call, which is on the page.
    await note.getByRole('link', { name: 'join the call' }).click();
    expect(await page.getByTestId('video-panel').isVisible()).toBe(true);
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.close();
  });

  it('after the end: the clock says when it stopped, the candidate is told when and where feedback comes, and can leave the call', async () => {
    await expect.poll(() => liveTracks(candidate), { timeout: 15_000 }).toBeGreaterThan(0);
    await interviewer.getByRole('button', { name: 'End interview' }).click();
    await interviewer.getByRole('dialog', { name: 'End the interview for everyone?' }).getByRole('button', { name: 'End interview' }).click();

    const ended = candidate.getByTestId('ended-banner');
    await ended.waitFor();
    const text = (await ended.textContent()) ?? '';
    expect(text).toMatch(/once they release it/i);
    expect(text).toMatch(/dashboard/i);
    expect(await ended.getByRole('link', { name: 'this interview’s feedback page' }).getAttribute('href')).toBe(`/interviews/${interviewId}/feedback`);
    expect(await ended.getByRole('link', { name: 'Back to dashboard' }).getAttribute('href')).toBe('/dashboard');

    const bar = candidate.locator('.timer-bar');
    await expect.poll(() => bar.getAttribute('data-state')).toBe('ended');
    expect(await bar.textContent()).not.toMatch(/left/);
    const stoppedAt = await candidate.getByTestId('timer-ended').textContent();
    expect(stoppedAt).toMatch(/^Ended at \d+:\d\d$/);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await candidate.getByTestId('timer-ended').textContent()).toBe(stoppedAt);

    await ended.getByRole('button', { name: 'Leave call' }).click();
    await expect.poll(() => liveTracks(candidate)).toBe(0);
    expect(await candidate.getByTestId('video-panel').count()).toBe(0);
    // After the end there is no lobby to go back through, so leaving is final: no "Rejoin call".
    expect(await candidate.getByTestId('video-left').isVisible()).toBe(true);
    expect(await candidate.getByRole('button', { name: 'Rejoin call' }).count()).toBe(0);
    expect(await ended.getByRole('button', { name: 'Leave call' }).count()).toBe(0);
  });

  it('offers the interviewer "Write the wrap-up", which opens that tab', async () => {
    const ended = interviewer.getByTestId('ended-banner');
    await ended.waitFor();
    await ended.getByRole('button', { name: 'Write the wrap-up' }).click();
    expect(await interviewer.getByRole('tab', { name: 'Wrap-up' }).getAttribute('aria-selected')).toBe('true');
    expect(await interviewer.getByTestId('timer-ended').textContent()).toMatch(/^Ended at \d+:\d\d$/);
    expect(await interviewer.getByTestId('invite-slot').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
