/**
 * Confirmations are in-app dialogs a keyboard can drive, and a release that
 * the server would refuse says what is missing, with a way to fix it, before
 * anyone is asked to confirm. One interviewer, alone in the room.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser, newContext, roomLive } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { createInterview, signedInUser, signInContext } from '../helpers/interview-fixture';
import { freePort } from '../helpers/ports';

const scenario = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios')).get('payment-fraud-detection')!;

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const nativeDialogs: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url, { PORT: String(await freePort()) }));
  browser = await launchBrowser();
  context = await newContext(browser);
  page = await context.newPage();
  page.on('dialog', (dialog) => {
    nativeDialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const ines = await signedInUser(server.url, 'Ines Interviewer');
  const { id } = await createInterview(ines, scenario.slug);
  await signInContext(context, server.url, ines);
  await page.goto(`${server.url}/interviews/${id}`);
  await roomLive(page);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? null);

describe('confirmations and release checks', () => {
  it('End interview: Escape cancels and nothing happens; Enter ends it', async () => {
    const endButton = page.locator('.timer-bar').getByRole('button', { name: 'End interview' });
    await endButton.click();
    const dialog = page.getByRole('dialog', { name: 'End the interview for everyone?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('The board becomes read-only and the timer stops');
    expect(await focusedText()).toBe('End interview');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedText()).toBe('End interview');
    expect(await page.getByTestId('ended-banner').count()).toBe(0);

    await endButton.click();
    await dialog.waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('ended-banner').waitFor();
    expect(await endButton.count()).toBe(0);
  });

  it('a release with unscored dimensions names them before any confirmation, and offers to leave scores out', async () => {
    await page.getByRole('tab', { name: 'Wrap-up' }).click();
    await page.getByLabel('Feedback for the candidate').fill('Clear framing; size the serving path next time.');
    await page.getByLabel('Scores per dimension').check();
    await page.getByRole('button', { name: 'Release feedback to the candidate' }).click();

    const problems = page.getByTestId('release-problems');
    await problems.waitFor();
    expect(await problems.getByTestId('unscored').textContent()).toBe(scenario.rubric.dimensions.map((d) => d.title).join(', '));
    expect(await page.getByRole('dialog').count()).toBe(0);

    // The fix takes the interviewer to the first unscored dimension in the Rubric tab.
    await problems.getByRole('button', { name: 'Score in the Rubric tab' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Rubric' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-dimension]')?.getAttribute('data-dimension'))).toBe(scenario.rubric.dimensions[0]!.id);

    await page.getByRole('tab', { name: 'Wrap-up' }).click();
    await problems.getByRole('button', { name: 'Leave scores out' }).click();
    expect(await page.getByLabel('Scores per dimension').isChecked()).toBe(false);
    await problems.waitFor({ state: 'hidden' });
  });

  it('once it would succeed, the release is confirmed in a dialog; Escape releases nothing', async () => {
    const releaseButton = page.getByRole('button', { name: 'Release feedback to the candidate' });
    await releaseButton.click();
    const dialog = page.getByRole('dialog', { name: 'Release feedback to the candidate?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('This cannot be undone or edited afterwards.');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedText()).toBe('Release feedback to the candidate');
    expect(await page.getByText(/^Released /).count()).toBe(0);

    await releaseButton.click();
    await dialog.getByRole('button', { name: 'Release feedback' }).click();
    await page.getByText(/^Released /).first().waitFor();
    expect(nativeDialogs).toEqual([]);
  });
});
