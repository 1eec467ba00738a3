/**
 * The scenario library in Chromium: browse, filter (by keyboard), open the
 * interviewer guide, and open the candidate's practice view.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { filterScenarios, loadScenarioLibrary } from '../../server/scenarios/library';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser, newContext, signInThroughApi } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { HttpSession, uniqueEmail } from '../helpers/http-session';

const library = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios'));
let database: TestDatabase;
let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url));
  browser = await launchBrowser();
  context = await newContext(browser);
  const email = uniqueEmail('library');
  expect((await new HttpSession(server.url).signUp({ name: 'Lee Coach', email, password: 'a long enough password' })).status).toBe(201);
  await signInThroughApi(context, server.url, email, 'a long enough password');
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
});
afterAll(async () => {
  expect(pageErrors).toEqual([]);
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

const cards = () => page.getByTestId('scenario-card');

describe('scenario library pages', () => {
  it('lists every scenario', async () => {
    await page.goto(`${server.url}/scenarios`);
    expect(await cards().count()).toBe(library.scenarios.length);
    expect(await page.getByTestId('result-count').textContent()).toBe(`Showing all ${library.scenarios.length} scenarios`);
  });

  it('filters by domain and level, then by search, using the keyboard', async () => {
    const expected = filterScenarios(library, { domain: 'fraud-and-risk', level: 'principal' });
    expect(expected.length).toBeGreaterThan(0);
    await page.goto(`${server.url}/scenarios`);
    await page.getByLabel('Domain').selectOption('fraud-and-risk');
    await page.getByLabel('Level').selectOption('principal');
    await page.getByLabel('Search').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/domain=fraud-and-risk/);
    expect(new URL(page.url()).searchParams.get('level')).toBe('principal');
    expect(await cards().locator('h2').allTextContents()).toEqual(expected.map((s) => s.title));

    await page.getByLabel('Search').fill('wallet');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=wallet/);
    const narrowed = filterScenarios(library, { domain: 'fraud-and-risk', level: 'principal', query: 'wallet' });
    expect(await cards().locator('h2').allTextContents()).toEqual(narrowed.map((s) => s.title));

    await page.getByRole('link', { name: 'Clear', exact: true }).click();
    await page.waitForURL(`${server.url}/scenarios`);
    expect(await cards().count()).toBe(library.scenarios.length);
  });

  it('shows a clear empty state when nothing matches', async () => {
    await page.goto(`${server.url}/scenarios?q=${encodeURIComponent('zebra unicorn')}`);
    expect(await cards().count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'No scenario matches' }).isVisible()).toBe(true);
  });

  it('opens the interviewer guide with agenda, cards and the anchored rubric', async () => {
    const scenario = library.get('payment-fraud-detection')!;
    await page.goto(`${server.url}/scenarios`);
    await page.getByRole('link', { name: scenario.title }).click();
    await page.waitForURL(`${server.url}/scenarios/${scenario.slug}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(scenario.title);
    // Both durations share phases here, so one table shows both columns of minutes.
    const rows = page.getByTestId('agenda').locator('tbody tr');
    expect(await rows.count()).toBe(scenario.guide.phases[60].length);
    const minutes = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td.num')].map((td) => Number(td.textContent))));
    expect(minutes).toEqual(scenario.guide.phases[60].map((p, i) => [scenario.guide.phases[45][i]!.minutes, p.minutes]));
    for (const card of scenario.guide.constraintCards) {
      expect(await page.getByRole('heading', { name: card.title }).isVisible()).toBe(true);
    }
    const dimensions = page.getByTestId('rubric-dimension');
    expect(await dimensions.count()).toBe(scenario.rubric.dimensions.length);
    expect(await dimensions.first().locator('tr').count()).toBe(4);
    expect(await page.getByText(scenario.rubric.levelExpectations.principal[0]!).isVisible()).toBe(true);
  });

  it('opens the practice view with only the prompt and the agenda', async () => {
    const scenario = library.get('payment-fraud-detection')!;
    await page.goto(`${server.url}/scenarios/${scenario.slug}`);
    await page.getByRole('link', { name: 'Candidate view' }).click();
    await page.waitForURL(`${server.url}/scenarios/${scenario.slug}/practice`);
    const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
    expect(squash(await page.getByTestId('practice-prompt').textContent())).toBe(squash(scenario.prompt));
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain(scenario.guide.constraintCards[0]!.title);
    expect(text).not.toContain(scenario.guide.clarifyingFacts[0]!.answer);
    expect(text).not.toContain('Red flags');
  });
});
