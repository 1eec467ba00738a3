/**
 * Invite links that stay valid, in two Chromium contexts: the interviewer
 * copies the candidate link twice from the room and gets the same link both
 * times; the candidate joins through the first copy; a reset goes through the
 * in-app confirmation (Escape cancels and changes nothing) and the old link's
 * page then says it was reset. The candidate's context records everything it
 * receives: no other role's link ever reaches it.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser, newContext as plainContext, roomLive } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { uniqueEmail } from '../helpers/http-session';
import { createInterview, signedInUser, signInContext, type InviteLinks } from '../helpers/interview-fixture';
import { freePort } from '../helpers/ports';
import { WireRecorder } from '../helpers/wire-recorder';

const RESET_MESSAGE = 'This invite link was reset by your interviewer and no longer works. Ask your interviewer for the current link.';
const SHOTS = process.env.MOCKROOM_SHOTS_DIR;

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
let interviewerContext: BrowserContext;
let candidateContext: BrowserContext;
let interviewer: Page;
let candidate: Page;
let recorder: WireRecorder;
let roomUrl: string;
let invites: InviteLinks;
let firstCopy: string;
let secondCandidateLink: string;
const pageErrors: string[] = [];
const nativeDialogs: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  // Generous start-up and hook limits: this machine's cores are shared, and a cold start can pass the 90 s default.
  server = await startAppServer(testServerEnv(database.url, { PORT: String(await freePort()) }), 240_000);
  browser = await launchBrowser();
  interviewerContext = await newContext(browser);
  await interviewerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  candidateContext = await newContext(browser);
  // Recording starts before the candidate's first request.
  recorder = new WireRecorder(candidateContext);
  interviewer = await interviewerContext.newPage();
  candidate = await candidateContext.newPage();
  for (const page of [interviewer, candidate]) {
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (dialog) => {
      nativeDialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }
  const ines = await signedInUser(server.url, 'Ines Interviewer');
  const created = await createInterview(ines);
  invites = created.invites;
  roomUrl = `${server.url}/interviews/${created.id}`;
  await signInContext(interviewerContext, server.url, ines);
  await interviewer.goto(roomUrl);
  await live(interviewer);
}, 420_000);
afterAll(async () => {
  await interviewerContext?.close();
  await candidateContext?.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

/** A 1280×800 context whose waits allow for a loaded, shared machine (raised, never lowered). */
async function newContext(b: Browser): Promise<BrowserContext> {
  const context = await plainContext(b);
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(120_000);
  return context;
}
const live = (page: Page) => roomLive(page, 120_000);

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());
const setClipboard = (page: Page, text: string) => page.evaluate((t) => navigator.clipboard.writeText(t), text);
const candidateRow = (page: Page) => page.getByTestId('invite-row-candidate');
const shot = async (page: Page, name: string) => {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
};

/** Once the candidate has joined, the invite folds into "Invite people"; this opens it again. */
async function openInvites(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Invite people' });
  if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
}

/** Clicks "Copy link" for the candidate and returns what landed on the clipboard. */
async function copyCandidateLink(page: Page): Promise<string> {
  await openInvites(page);
  await setClipboard(page, 'nothing copied yet');
  await page.getByRole('button', { name: 'Copy link for the candidate' }).click();
  await expect.poll(() => clipboard(page), { timeout: 10_000 }).toMatch(/\/invite\//);
  return clipboard(page);
}

describe('invite links in the room', { timeout: 300_000 }, () => {
  it('copies the same candidate link every time, and says so', async () => {
    await expect.poll(() => interviewer.getByTestId('invite-state-candidate').textContent(), { timeout: 30_000 }).toMatch(/^Not used yet · works until /);
    firstCopy = await copyCandidateLink(interviewer);
    expect(firstCopy).toBe(invites.candidate);
    expect(await interviewer.getByTestId('invite-note').textContent()).toBe(
      'Candidate link copied. It is the same link each time you copy, and it keeps working until you reset it.',
    );
    // The button shows it worked, and the copied link stays readable beside it.
    expect(await candidateRow(interviewer).getByRole('button', { name: /^Copied/ }).count()).toBe(1);
    expect(await interviewer.getByTestId('invite-link-candidate').inputValue()).toBe(firstCopy);
    await shot(interviewer, 'room-copied-1280');
    if (SHOTS) await interviewer.getByTestId('invite-panel').screenshot({ path: `${SHOTS}/panel-copied.png` });

    const secondCopy = await copyCandidateLink(interviewer);
    expect(secondCopy).toBe(firstCopy);
  });

  it('lets the candidate join through the first copy after the second was made', async () => {
    await candidate.goto(firstCopy);
    expect(await candidate.getByRole('heading', { level: 1 }).textContent()).toBe('Real-time payment fraud screening');
    await candidate.getByLabel('Your name').fill('Cal Candidate');
    await candidate.getByLabel('Email').fill(uniqueEmail('links-cd'));
    await candidate.getByLabel('Choose a password').fill('candidate password');
    await candidate.getByRole('button', { name: 'Create account and join' }).click();
    await candidate.waitForURL(roomUrl, { timeout: 120_000 });
    await live(candidate);
    expect(await candidate.getByTestId('invite-panel').count()).toBe(0);

    // Copying again now tells the truth: the one place is taken.
    expect(await copyCandidateLink(interviewer)).toBe(firstCopy);
    expect(await interviewer.getByTestId('invite-state-candidate').textContent()).toBe('Used: 1 of 1 joined through it. Reset it to invite someone else.');
  });

  it('resets a link only after the in-app confirmation, from the keyboard; Escape changes nothing', async () => {
    await openInvites(interviewer);
    const resetButton = interviewer.getByRole('button', { name: 'Reset link for the candidate' });
    await resetButton.focus();
    await interviewer.keyboard.press('Enter');
    const dialog = interviewer.getByRole('dialog', { name: 'Reset the candidate link?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('The old candidate link stops working at once. Anyone who has not joined yet needs the new one.');
    await shot(interviewer, 'room-reset-dialog-1280');
    await interviewer.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // Focus goes back to the button that opened it.
    expect(await interviewer.evaluate(() => document.activeElement?.textContent)).toBe('Reset link for the candidate');
    expect(await copyCandidateLink(interviewer)).toBe(firstCopy);

    await setClipboard(interviewer, 'nothing copied yet');
    await resetButton.focus();
    await interviewer.keyboard.press('Enter');
    await dialog.waitFor();
    // The dialog's action has focus, so Enter confirms.
    await interviewer.keyboard.press('Enter');
    await expect.poll(() => clipboard(interviewer), { timeout: 10_000 }).toMatch(/\/invite\//);
    secondCandidateLink = await clipboard(interviewer);
    expect(secondCandidateLink).not.toBe(firstCopy);
    expect(await interviewer.getByTestId('invite-note').textContent()).toBe('New candidate link copied. The old link no longer works.');
    expect(await copyCandidateLink(interviewer)).toBe(secondCandidateLink);
    await shot(interviewer, 'room-after-reset-1280');
    if (SHOTS) await interviewer.getByTestId('invite-panel').screenshot({ path: `${SHOTS}/panel-after-reset.png` });
  });

  it('shows a stranger on the old link that it was reset, and lets them in on the new one', async () => {
    const stranger = await newContext(browser);
    const page = await stranger.newPage();
    await page.goto(firstCopy);
    expect(await page.getByTestId('invite-unusable').getByRole('alert').textContent()).toBe(RESET_MESSAGE);
    await shot(page, 'old-link-page-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'old-link-page-390');
    await page.goto(secondCandidateLink);
    expect(await page.getByRole('button', { name: 'Create account and join' }).count()).toBe(1);
    await stranger.close();
  });

  it('falls back to a selected box when the browser refuses the clipboard', async () => {
    const refusing = await newContext(browser);
    await refusing.addInitScript(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
    });
    const ines = await signedInUser(server.url, 'Ivo Interviewer');
    const { id, invites: own } = await createInterview(ines);
    await signInContext(refusing, server.url, ines);
    const page = await refusing.newPage();
    await page.goto(`${server.url}/interviews/${id}`);
    await live(page);
    await page.getByRole('button', { name: 'Copy link for observers' }).click();
    await expect.poll(() => page.getByTestId('invite-note').textContent(), { timeout: 30_000 }).toMatch(/^Your browser did not let us copy\. The observer link is selected in the box/);
    await expect.poll(() => page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      return el?.tagName === 'INPUT' ? el.value.slice(el.selectionStart ?? 0, el.selectionEnd ?? 0) : null;
    }), { timeout: 30_000 }).toBe(own.observer);
    await refusing.close();
  });

  it('never sent another role’s link, or the new candidate link, to the candidate’s browser', async () => {
    await recorder.settle();
    const leaked = [invites.interviewer, invites.observer, secondCandidateLink]
      .map((link) => new URL(link).pathname.split('/').pop()!)
      .flatMap((token) => recorder.find(token).map((r) => `${r.kind} ${r.url}`));
    expect(leaked).toEqual([]);
    // The recorder did see the candidate's traffic, so the check above had something to search.
    expect(recorder.records.length).toBeGreaterThan(10);
    expect(pageErrors).toEqual([]);
    expect(nativeDialogs).toEqual([]);
  });
});
