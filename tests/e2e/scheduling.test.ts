/**
 * Scheduling in Chromium: the browser runs in one zone and the user's
 * setting says another; a time typed into the reschedule dialog is read in
 * the setting's zone. "Add to calendar" downloads the event; cancelling goes
 * through the in-app dialog and leaves the row marked cancelled; a session
 * starting within 15 minutes puts the "starting soon" bar on other pages,
 * linking to its room, and not inside that room.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { createInterview, joinThroughInvite, signedInUser, signInContext, type SignedInUser } from '../helpers/interview-fixture';
import { parseCalendar } from '../helpers/mail';

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
let host: SignedInUser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url, { JOB_POLL_INTERVAL_SECONDS: '0.5' }));
  browser = await launchBrowser();
  host = await signedInUser(server.url, 'Hana Host');
  expect((await host.api('PATCH', '/api/settings', { timeZone: 'Asia/Kolkata' })).status).toBe(200);
});
afterAll(async () => {
  expect(pageErrors).toEqual([]);
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

async function pageAs(who: SignedInUser): Promise<Page> {
  // The machine's zone differs from the setting: the setting must win.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'America/Los_Angeles', acceptDownloads: true });
  contexts.push(context);
  await signInContext(context, server.url, who);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

const rowOf = (page: Page, id: string) => page.locator('li.interview-row', { has: page.locator(`a.interview-title[href="/interviews/${id}"]`) });

describe('scheduling in the browser', () => {
  it('reschedules through the dialog in the user’s zone, downloads the .ics, and cancels', async () => {
    const { id, invites } = await createInterview(host);
    await joinThroughInvite(server.url, 'Pia Peer', invites.candidate);
    const page = await pageAs(host);
    await page.goto(`${server.url}/dashboard`);
    const row = rowOf(page, id);
    await row.getByRole('button', { name: 'Set a time' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set a time' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByText('When (Asia/Kolkata)').isVisible()).toBe(true);
    // 09:30 in Kolkata (UTC+5:30) is 04:00 UTC.
    const year = new Date().getUTCFullYear() + 1;
    await dialog.getByLabel('When (Asia/Kolkata)').fill(`${year}-01-15T09:30`);
    await dialog.getByRole('button', { name: 'Set the time' }).click();
    await expect.poll(() => row.getByTestId('interview-when').textContent(), { timeout: 10_000 }).toBe(`Scheduled for 15 Jan ${year}, 09:30`);

    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: 'Add to calendar' }).click()]);
    const event = parseCalendar(readFileSync(await download.path(), 'utf8'));
    expect(event).toMatchObject({ uid: `${id}@mockroom`, sequence: 0, tzid: 'Asia/Kolkata' });
    expect(event.start.toISOString()).toBe(`${year}-01-15T04:00:00.000Z`);

    await row.getByRole('button', { name: 'Cancel session' }).click();
    const confirm = page.getByRole('dialog', { name: 'Cancel this session?' });
    await expect.poll(() => confirm.isVisible()).toBe(true);
    await confirm.getByRole('button', { name: 'Cancel session' }).click();
    const cancelled = rowOf(page, id);
    await expect.poll(() => cancelled.getByTestId('cancelled-chip').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await cancelled.getByTestId('interview-when').textContent()).toBe(`Was planned for 15 Jan ${year}, 09:30`);
    expect(await page.getByRole('heading', { name: 'Past' }).isVisible()).toBe(true);
    expect(await cancelled.getByRole('button', { name: 'Reschedule' }).count()).toBe(0);
  });

  it('shows "starting soon" on other pages for a session within 15 minutes, linking to its room', async () => {
    const { id } = await createInterview(host);
    const at = new Date(Date.now() + 10 * 60_000);
    expect((await host.api('PUT', `/api/interviews/${id}/schedule`, { scheduledAt: at.toISOString() })).status).toBe(200);
    const page = await pageAs(host);
    await page.goto(`${server.url}/scenarios`);
    const bar = page.getByTestId('starting-soon');
    await expect.poll(() => bar.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await bar.textContent()).toMatch(/starts at \d\d:\d\d, in (9|10) minutes\./);
    await bar.getByRole('link', { name: 'Enter the room' }).click();
    await page.waitForURL(`${server.url}/interviews/${id}`);
    await page.getByTestId('lobby').waitFor();
    expect(await page.getByTestId('starting-soon').count()).toBe(0);
    expect(await page.getByTestId('lobby-schedule').textContent()).toContain('Scheduled for');
  });
});
