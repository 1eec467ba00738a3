/**
 * Time zones in Chromium: a new user's zone is detected on their first
 * signed-in page and the page re-renders in it; /settings changes it (the
 * zone box filters a list, an unknown zone is refused by the server with the
 * message next to the field), and the header's gear leads there. A coach
 * marks a coached session paid from its page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { formatDateTime } from '../../lib/time/format';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { acceptInvite, signedInUser, signInContext, type SignedInUser } from '../helpers/interview-fixture';

const SCHEDULED = '2026-12-01T15:00:00.000Z';
let database: TestDatabase;
let server: AppServer;
let browser: Browser;
let tokyo: SignedInUser;
let interviewId: string;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url));
  browser = await launchBrowser();
  tokyo = await signedInUser(server.url, 'Tomo Tokyo');
  const created = await tokyo.api('POST', '/api/interviews', {
    scenarioSlug: 'payment-fraud-detection', level: 'staff', durationMinutes: 45, mode: 'coach', priceCents: 9000, scheduledAt: SCHEDULED,
  });
  expect(created.status).toBe(201);
  interviewId = created.body.id;
});
afterAll(async () => {
  expect(pageErrors).toEqual([]);
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

async function pageIn(timezoneId: string, as: SignedInUser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId });
  contexts.push(context);
  await signInContext(context, server.url, as);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

const when = (page: Page) => page.getByTestId('interview-when').first().textContent();

describe('time zones', () => {
  it('detects the browser’s zone on the first signed-in page and shows times in it', async () => {
    const page = await pageIn('Asia/Tokyo', tokyo);
    await page.goto(`${server.url}/dashboard`);
    // The first paint is UTC (nothing stored yet); the detector saves the zone and the page re-renders.
    await expect.poll(() => page.getByTestId('zone-note').textContent(), { timeout: 15_000 }).toBe('Times in Asia/Tokyo · change');
    expect(await when(page)).toBe(`Scheduled for ${formatDateTime(SCHEDULED, 'Asia/Tokyo')}`);
    expect(await when(page)).toBe('Scheduled for 2 Dec 2026, 00:00');
    expect((await tokyo.api('GET', '/api/settings')).body.timeZone).toBe('Asia/Tokyo');

    // A later visit from a browser elsewhere does not override the stored zone.
    const travelling = await pageIn('America/Los_Angeles', tokyo);
    await travelling.goto(`${server.url}/dashboard`);
    expect(await travelling.getByTestId('zone-note').textContent()).toBe('Times in Asia/Tokyo · change');
  });

  it('changes the zone in /settings, reached from the header, and refuses an unknown one next to the field', async () => {
    const page = await pageIn('Asia/Tokyo', tokyo);
    await page.goto(`${server.url}/dashboard`);
    await page.getByRole('link', { name: /Settings/ }).click();
    await page.waitForURL(`${server.url}/settings`);
    const zone = page.getByLabel('Time zone');
    expect(await zone.inputValue()).toBe('Asia/Tokyo');
    // The box offers the runtime's zones to filter as you type.
    expect(await page.locator('datalist#time-zones option[value="Europe/Berlin"]').count()).toBe(1);

    await zone.fill('Mars/Olympus_Mons');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const fieldError = page.locator('#timeZone-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toContain('Choose a time zone from the list');
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    expect((await tokyo.api('GET', '/api/settings')).body.timeZone).toBe('Asia/Tokyo');

    await zone.fill('Europe/Berlin');
    // Editing the refused field clears its error; the hint previews the zone's time.
    expect(await page.locator('#timeZone-error').count()).toBe(0);
    expect(await page.getByTestId('zone-preview').textContent()).toMatch(/^It is \d\d:\d\d there now\.$/);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByTestId('settings-saved').waitFor();
    expect(await page.getByTestId('settings-saved').textContent()).toBe('Saved. Times now show in Europe/Berlin.');

    await page.goto(`${server.url}/dashboard`);
    expect(await page.getByTestId('zone-note').textContent()).toBe('Times in Europe/Berlin · change');
    expect(await when(page)).toBe('Scheduled for 1 Dec 2026, 16:00');
  });
});

describe('paid state', () => {
  it('the coach marks the session paid from its page; the dashboard row follows; the candidate sees neither', async () => {
    const page = await pageIn('Europe/Berlin', tokyo);
    await page.goto(`${server.url}/dashboard`);
    expect(await page.getByTestId('paid-state').textContent()).toBe('Unpaid');
    await page.getByRole('link', { name: 'Mark as paid' }).click();
    await page.waitForURL(`${server.url}/interviews/${interviewId}/feedback#billing`);
    expect(await page.getByTestId('interview-price').textContent()).toBe('Coached session · Price 90.00 Unpaid');
    await page.getByRole('button', { name: 'Mark as paid' }).click();
    await expect.poll(() => page.getByTestId('paid-state').textContent(), { timeout: 15_000 }).toBe('Paid');
    expect(await page.getByRole('button', { name: 'Mark as unpaid' }).isVisible()).toBe(true);
    await page.goto(`${server.url}/dashboard`);
    expect(await page.getByTestId('paid-state').textContent()).toBe('Paid');

    const invite = await tokyo.api('POST', `/api/interviews/${interviewId}/invites`, { role: 'candidate' });
    const candidate = await signedInUser(server.url, 'Cai Candidate');
    await acceptInvite(candidate, invite.body.url);
    const candidatePage = await pageIn('Europe/Berlin', candidate);
    await candidatePage.goto(`${server.url}/interviews/${interviewId}/feedback`);
    expect(await candidatePage.getByTestId('interview-price').count()).toBe(0);
    expect(await candidatePage.content()).not.toContain('90.00');
  });
});
