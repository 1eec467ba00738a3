/**
 * Every page but the room on a 360×740 phone: nothing wider than the screen
 * (no sideways scrolling), and each page's primary action, plus the header's
 * navigation, visible within the screen's width.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { createInterview, signedInUser, signInContext, type SignedInUser } from '../helpers/interview-fixture';

const PHONE = { width: 360, height: 740 };
let database: TestDatabase;
let server: AppServer;
let browser: Browser;
let interviewer: SignedInUser;
let outsider: SignedInUser;
let interviewId: string;
let inviteToken: string;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url));
  browser = await launchBrowser();
  interviewer = await signedInUser(server.url, 'Ines Interviewer With A Rather Long Name');
  outsider = await signedInUser(server.url, 'Cal Candidate');
  // A row on the dashboard, a feedback page to open, and an invite the outsider has not accepted.
  const created = await createInterview(interviewer);
  interviewId = created.id;
  inviteToken = new URL(created.invites.candidate).pathname.split('/').pop()!;
});
afterAll(async () => {
  expect(pageErrors).toEqual([]);
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

async function phonePage(as: SignedInUser | null): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE });
  contexts.push(context);
  if (as) await signInContext(context, server.url, as);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

async function expectWithinWidth(target: Locator, what: string): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  expect(await target.isVisible(), `${what} is visible`).toBe(true);
  const box = await target.boundingBox();
  expect(box, `${what} has a box`).not.toBeNull();
  expect(box!.x, `${what} starts on screen`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what} ends on screen`).toBeLessThanOrEqual(PHONE.width);
}

async function expectFitsPhone(page: Page, primary: Locator, what: string): Promise<void> {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(widths.inner).toBe(PHONE.width);
  expect(widths.scroll, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(widths.inner);
  await expectWithinWidth(primary, what);
  // The header is on every page; each of its links and buttons shown on a phone must be reachable too
  // ("Find a partner" gives way on phones: the dashboard links to it).
  const navItems = page.locator('.shell-header a:visible, .shell-header button:visible');
  const count = await navItems.count();
  expect(count).toBeGreaterThan(1);
  for (let i = 0; i < count; i++) await expectWithinWidth(navItems.nth(i), `header item ${i}`);
}

describe('pages on a 360 px phone', () => {
  it('dashboard: "New interview" and the interview row fit', async () => {
    const page = await phonePage(interviewer);
    await page.goto(`${server.url}/dashboard`);
    await expectFitsPhone(page, page.getByRole('link', { name: 'New interview' }), 'New interview');
    await expectWithinWidth(page.getByTestId('interviews-scheduled').getByRole('link', { name: 'Enter room' }), 'Enter room');
  });

  it('scenario library: the filters and every card fit', async () => {
    const page = await phonePage(interviewer);
    await page.goto(`${server.url}/scenarios`);
    await expectFitsPhone(page, page.getByLabel('Search'), 'search');
    await expectWithinWidth(page.getByTestId('scenario-card').first(), 'first scenario card');
    await expectWithinWidth(page.getByTestId('start-interview').first(), 'Start interview');
  });

  it('scenario guide: "Run this scenario" fits', async () => {
    const page = await phonePage(interviewer);
    await page.goto(`${server.url}/scenarios/payment-fraud-detection`);
    await expectFitsPhone(page, page.getByRole('link', { name: 'Run this scenario' }), 'Run this scenario');
  });

  it('practice page: the prompt fits', async () => {
    const page = await phonePage(interviewer);
    await page.goto(`${server.url}/scenarios/payment-fraud-detection/practice`);
    await expectFitsPhone(page, page.getByTestId('practice-prompt'), 'practice prompt');
    await expectWithinWidth(page.getByRole('link', { name: 'Practise this with a partner' }), 'Practise this with a partner');
  });

  it('settings: the time zone field and "Save settings" fit, and the header leads there', async () => {
    const page = await phonePage(interviewer);
    await page.goto(`${server.url}/dashboard`);
    // On a phone the name is hidden; the gear is the way in.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(`${server.url}/settings`);
    await expectFitsPhone(page, page.getByRole('button', { name: 'Save settings' }), 'Save settings');
    await expectWithinWidth(page.getByLabel('Time zone'), 'time zone field');
  });

  it('new interview: "Create interview" fits', async () => {
    const page = await phonePage(interviewer);
    await page.goto(`${server.url}/interviews/new?scenario=payment-fraud-detection`);
    await expectFitsPhone(page, page.getByRole('button', { name: 'Create interview' }), 'Create interview');
  });

  it('feedback page: the state and the way back fit', async () => {
    const page = await phonePage(interviewer);
    await page.goto(`${server.url}/interviews/${interviewId}/feedback`);
    await expectFitsPhone(page, page.getByTestId('feedback-pending'), 'feedback state');
    await expectWithinWidth(page.getByRole('link', { name: 'Back to your dashboard' }), 'back link');
  });

  it('invite page, signed in and signed out: the join button fits', async () => {
    const signedIn = await phonePage(outsider);
    await signedIn.goto(`${server.url}/invite/${inviteToken}`);
    await expectFitsPhone(signedIn, signedIn.locator('main .btn-primary'), 'join');
    const signedOut = await phonePage(null);
    await signedOut.goto(`${server.url}/invite/${inviteToken}`);
    await expectFitsPhone(signedOut, signedOut.getByRole('button', { name: 'Create account and join' }), 'create account and join');
  });

  it('landing page: "Create a free account" fits', async () => {
    const page = await phonePage(null);
    await page.goto(`${server.url}/`);
    await expectFitsPhone(page, page.getByRole('link', { name: 'Create a free account' }), 'Create a free account');
  });

  it('sign-in, sign-up and check-email fit', async () => {
    const page = await phonePage(null);
    await page.goto(`${server.url}/signin`);
    await expectFitsPhone(page, page.getByRole('button', { name: 'Sign in', exact: true }), 'Sign in');
    await page.goto(`${server.url}/signup`);
    await expectFitsPhone(page, page.getByRole('button', { name: 'Create account', exact: true }), 'Create account');
    await page.goto(`${server.url}/signin/check-email`);
    await expectFitsPhone(page, page.getByRole('link', { name: 'Back to sign in' }), 'Back to sign in');
  });
});
