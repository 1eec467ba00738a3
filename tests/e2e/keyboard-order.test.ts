/**
 * Keyboard order on the main pages: the first Tab lands on "Skip to content",
 * the header follows in reading order, and the page's primary action comes
 * soon after, with nothing from outside the page's content in between. The
 * skip link itself moves focus past the header.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser, newContext } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { createInterview, signedInUser, signInContext, type SignedInUser } from '../helpers/interview-fixture';

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
let interviewer: SignedInUser;
let inviteToken: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url));
  browser = await launchBrowser();
  interviewer = await signedInUser(server.url, 'Ines Interviewer');
  const created = await createInterview(interviewer);
  inviteToken = new URL(created.invites.candidate).pathname.split('/').pop()!;
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

async function pageAs(as: SignedInUser | null): Promise<Page> {
  const context = await newContext(browser);
  contexts.push(context);
  if (as) await signInContext(context, server.url, as);
  return context.newPage();
}

interface Stop {
  name: string;
  inHeader: boolean;
  inContent: boolean;
}

/** What a screen reader would roughly announce for the focused element, and where it sits. */
async function focused(page: Page): Promise<Stop> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { name: '(body)', inHeader: false, inContent: false };
    const labelled = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.innerText ?? '';
    return {
      name: labelled.replace(/\s+/g, ' ').trim(),
      inHeader: el.closest('.shell-header') !== null,
      inContent: el.closest('#content') !== null,
    };
  });
}

/** Loads the page and presses Tab `count` times from the top, recording each stop. */
async function tabStops(page: Page, path: string, count: number): Promise<Stop[]> {
  await page.goto(server.url + path);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
  const stops: Stop[] = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab');
    stops.push(await focused(page));
  }
  return stops;
}

type HeaderStop = string | RegExp;
const SIGNED_OUT_HEADER: HeaderStop[] = ['Mockroom', 'Sign in', 'Create account'];
// The settings link reads as the person's name plus "Settings".
const SIGNED_IN_HEADER: HeaderStop[] = ['Mockroom', 'Dashboard', 'Scenarios', 'Find a partner', /Settings$/, 'Sign out'];

/**
 * Skip link first, then exactly the header, then page content up to the
 * primary action, which must come within `within` stops of the content's start.
 */
function expectOrder(stops: Stop[], header: HeaderStop[], primary: string, within: number): void {
  const names = stops.map((s) => s.name);
  expect(names[0], 'first Tab stop').toBe('Skip to content');
  const headerNames = names.slice(1, 1 + header.length);
  expect(
    header.every((want, i) => (typeof want === 'string' ? headerNames[i] === want : want.test(headerNames[i] ?? ''))),
    `header in reading order: ${JSON.stringify(headerNames)}`,
  ).toBe(true);
  expect(stops.slice(1, 1 + header.length).every((s) => s.inHeader)).toBe(true);
  const content = stops.slice(1 + header.length);
  const at = content.findIndex((s) => s.name === primary);
  expect(at, `"${primary}" among the first ${within} stops in the page: ${JSON.stringify(content.map((s) => s.name))}`).toBeGreaterThanOrEqual(0);
  expect(at).toBeLessThan(within);
  expect(content.slice(0, at + 1).every((s) => s.inContent), 'every stop up to the primary action is inside the page content').toBe(true);
}

describe('keyboard order from the top of each main page', () => {
  it('landing: skip link, header, then "Create a free account"', async () => {
    const stops = await tabStops(await pageAs(null), '/', 6);
    expectOrder(stops, SIGNED_OUT_HEADER, 'Create a free account', 1);
  });

  it('sign-in: skip link, header, Email, Password, then "Sign in"', async () => {
    const stops = await tabStops(await pageAs(null), '/signin', 8);
    expectOrder(stops, SIGNED_OUT_HEADER, 'Sign in', 3);
    expect(stops.slice(4, 7).map((s) => s.name)).toEqual(['Email', 'Password', 'Sign in']);
  });

  it('sign-up: the form, then "Create account"', async () => {
    const stops = await tabStops(await pageAs(null), '/signup', 10);
    expectOrder(stops, SIGNED_OUT_HEADER, 'Create account', 5);
  });

  it('invite, signed out: "Create account and join" before the sign-in route', async () => {
    const stops = await tabStops(await pageAs(null), `/invite/${inviteToken}`, 12);
    expectOrder(stops, SIGNED_OUT_HEADER, 'Create account and join', 5);
  });

  it('dashboard: skip link, header, then "New interview"', async () => {
    const stops = await tabStops(await pageAs(interviewer), '/dashboard', 8);
    expectOrder(stops, SIGNED_IN_HEADER, 'New interview', 1);
  });

  it('scenario library: the filters (applied as they change), then the first card\'s "Start interview"', async () => {
    const stops = await tabStops(await pageAs(interviewer), '/scenarios', 12);
    expectOrder(stops, SIGNED_IN_HEADER, 'Start interview', 4);
    expect(stops.slice(7, 9).map((s) => s.name)).toEqual(['Search', 'Domain']);
  });

  it('scenario guide: breadcrumb, then "Run this scenario"', async () => {
    const stops = await tabStops(await pageAs(interviewer), '/scenarios/payment-fraud-detection', 10);
    expectOrder(stops, SIGNED_IN_HEADER, 'Run this scenario', 2);
  });

  it('new interview: the form, then "Create interview"', async () => {
    const stops = await tabStops(await pageAs(interviewer), '/interviews/new?scenario=payment-fraud-detection', 22);
    expectOrder(stops, SIGNED_IN_HEADER, 'Create interview', 14);
  });

  it('"Skip to content" shows when focused and moves focus past the header', async () => {
    const page = await pageAs(interviewer);
    await page.goto(`${server.url}/dashboard`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const skip = page.getByRole('link', { name: 'Skip to content' });
    // Hidden off screen until focused, then on screen.
    expect((await skip.boundingBox())!.y).toBeLessThan(0);
    await page.keyboard.press('Tab');
    const shown = (await skip.boundingBox())!;
    expect(shown.y).toBeGreaterThanOrEqual(0);
    expect(shown.height).toBeGreaterThan(20);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('content');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual({ name: 'New interview', inHeader: false, inContent: true });
  });
});
