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

  it('applies the domain and the search as they change, with no Apply button, and the URL follows', async () => {
    const expected = filterScenarios(library, { domain: 'fraud-and-risk' });
    expect(expected.length).toBeGreaterThan(1);
    expect(expected.length).toBeLessThan(library.scenarios.length);
    await page.goto(`${server.url}/scenarios`);
    // Every scenario serves every level, so a level filter would filter nothing: there is none.
    expect(library.scenarios.every((s) => s.levels.length === 3)).toBe(true);
    expect(await page.getByLabel('Level').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Apply' }).count()).toBe(0);

    await page.getByLabel('Domain').selectOption('fraud-and-risk');
    await page.waitForURL(`${server.url}/scenarios?domain=fraud-and-risk`);
    await expect.poll(() => cards().locator('h2').allTextContents()).toEqual(expected.map((s) => s.title));

    // Typing applies after a pause, without Enter.
    await page.getByLabel('Search').pressSequentially('wallet', { delay: 40 });
    await page.waitForURL(/q=wallet/);
    expect(new URL(page.url()).searchParams.get('domain')).toBe('fraud-and-risk');
    const narrowed = filterScenarios(library, { domain: 'fraud-and-risk', query: 'wallet' });
    expect(narrowed.length).toBeGreaterThan(0);
    await expect.poll(() => cards().locator('h2').allTextContents()).toEqual(narrowed.map((s) => s.title));
    expect(await page.getByLabel('Search').inputValue()).toBe('wallet');

    // The URL is the state: opened fresh, it shows the same cards and fields.
    const shared = page.url();
    const fresh = await context.newPage();
    await fresh.goto(shared);
    expect(await fresh.getByTestId('scenario-card').locator('h2').allTextContents()).toEqual(narrowed.map((s) => s.title));
    expect(await fresh.getByLabel('Domain').inputValue()).toBe('fraud-and-risk');
    expect(await fresh.getByLabel('Search').inputValue()).toBe('wallet');
    await fresh.close();

    await page.getByRole('link', { name: 'Clear', exact: true }).click();
    await page.waitForURL(`${server.url}/scenarios`);
    await expect.poll(() => cards().count()).toBe(library.scenarios.length);
    expect(await page.getByLabel('Search').inputValue()).toBe('');
  });

  it('still filters without JavaScript, through the plain GET form', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const email = uniqueEmail('nojs');
    expect((await new HttpSession(server.url).signUp({ name: 'No Script', email, password: 'a long enough password' })).status).toBe(201);
    await signInThroughApi(noJs, server.url, email, 'a long enough password');
    const plain = await noJs.newPage();
    await plain.goto(`${server.url}/scenarios`);
    await plain.getByLabel('Domain').selectOption('fraud-and-risk');
    await plain.getByRole('button', { name: 'Apply' }).click();
    await plain.waitForURL(/domain=fraud-and-risk/);
    expect(await plain.getByTestId('scenario-card').count()).toBe(filterScenarios(library, { domain: 'fraud-and-risk' }).length);
    await noJs.close();
  });

  it('"Start interview" on a card opens the new-interview form with that scenario chosen', async () => {
    const scenario = library.get('ride-eta-prediction')!;
    await page.goto(`${server.url}/scenarios`);
    const card = cards().filter({ has: page.getByRole('heading', { name: scenario.title }) });
    await card.getByRole('link', { name: 'Start interview' }).click();
    await page.waitForURL(`${server.url}/interviews/new?scenario=${scenario.slug}`);
    expect(await page.getByLabel('Scenario').inputValue()).toBe(scenario.slug);
    // The level is chosen here, per interview.
    expect(await page.getByLabel('Level').locator('option').allTextContents()).toEqual(['Senior', 'Staff', 'Principal']);
  });

  it('"Start interview" sends a signed-out visitor to sign in, then back to the form with the scenario chosen', async () => {
    const guest = await browser.newContext();
    const visitor = await guest.newPage();
    await visitor.goto(`${server.url}/interviews/new?scenario=ride-eta-prediction`);
    await visitor.waitForURL(/\/signin\?/);
    expect(new URL(visitor.url()).searchParams.get('callbackUrl')).toBe('/interviews/new?scenario=ride-eta-prediction');
    await guest.close();
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

  it('the practice page offers practising with a partner: the form with the scenario chosen, which gives a link to send', async () => {
    const scenario = library.get('payment-fraud-detection')!;
    await page.goto(`${server.url}/scenarios/${scenario.slug}/practice`);
    const partner = page.getByTestId('practice-partner');
    expect(await partner.textContent()).toContain('invite link to send your partner');
    await partner.getByRole('link', { name: 'Practise this with a partner' }).click();
    await page.waitForURL(`${server.url}/interviews/new?scenario=${scenario.slug}`);
    expect(await page.getByLabel('Scenario').inputValue()).toBe(scenario.slug);
    await page.getByRole('button', { name: 'Create interview' }).click();
    await page.waitForURL(/\/interviews\/[A-Za-z0-9_-]{22}$/, { timeout: 30_000 });
  });
});
