/**
 * The candidate's attention cue for a played constraint card, in two Chromium
 * contexts: the interviewer reveals from the guide; the candidate gets a
 * polite status toast (title and prompt, never the follow-up) and an unread
 * badge on the cards panel's heading. The toast leaves by itself after about
 * eight seconds (not while focused), by Dismiss or Escape, or by "Show card";
 * the badge stays until the panel is clicked or focused, and a reload does not
 * bring back what was read. The interviewer, who played the card, gets no cue.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser, openTwoContexts, roomLive, type Pair } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { createInterview, joinThroughInvite, signedInUser, signInContext, type SignedInUser } from '../helpers/interview-fixture';
import { freePort } from '../helpers/ports';

const scenario = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios')).get('payment-fraud-detection')!;
const [first, second, third] = scenario.guide.constraintCards as [typeof scenario.guide.constraintCards[number], typeof scenario.guide.constraintCards[number], typeof scenario.guide.constraintCards[number]];

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
let pair: Pair;
let interviewer: Page;
let candidate: Page;
let ines: SignedInUser;
let interviewId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url, { PORT: String(await freePort()) }));
  browser = await launchBrowser();
  pair = await openTwoContexts(browser);
  interviewer = pair.interviewer.page;
  candidate = pair.candidate.page;
  for (const page of [interviewer, candidate]) page.on('pageerror', (e) => pageErrors.push(e.message));
  ines = await signedInUser(server.url, 'Ines Interviewer');
  const created = await createInterview(ines, scenario.slug);
  interviewId = created.id;
  const cal = await joinThroughInvite(server.url, 'Cal Candidate', created.invites.candidate);
  await signInContext(pair.interviewer.context, server.url, ines);
  await signInContext(pair.candidate.context, server.url, cal);
});
afterAll(async () => {
  await pair?.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

const toast = (page: Page) => page.getByTestId('card-toast');
const badge = (page: Page) => page.getByTestId('cards-unread');
const cardsHeading = (page: Page) => page.getByTestId('revealed-cards').getByRole('heading', { level: 2 });
const revealByApi = async (cardId: string) => expect((await ines.api('POST', `/api/interviews/${interviewId}/cards/${cardId}/reveal`)).status).toBe(201);

describe('the cue when a card is played', () => {
  it('both join; before any reveal the candidate has a quiet live region and no badge', async () => {
    await interviewer.goto(`${server.url}/interviews/${interviewId}`);
    await candidate.goto(`${server.url}/interviews/${interviewId}`);
    await Promise.all([roomLive(interviewer), roomLive(candidate)]);
    // The region exists before anything is announced, so screen readers pick up what is added to it.
    const region = candidate.getByTestId('card-toast-region');
    expect(await region.getAttribute('role')).toBe('status');
    expect(await region.getAttribute('aria-live')).toBe('polite');
    expect(await region.textContent()).toBe('');
    expect(await badge(candidate).count()).toBe(0);
  });

  it('the interviewer reveals from the guide: the candidate gets a toast with the prompt and a badge of 1; the interviewer gets neither', async () => {
    await interviewer.getByRole('tab', { name: 'Guide' }).click();
    await interviewer.getByText(/Cards for other phases/).click();
    const card = interviewer.locator(`.guide-card[data-card="${first.id}"]`);
    // The guide shows both halves, labelled, before the reveal.
    expect(await card.textContent()).toContain(`Candidate sees${first.prompt}`);
    expect(await card.textContent()).toContain(`Your follow-up${first.followUp}`);
    await card.getByRole('button', { name: 'Reveal to room' }).click();
    await interviewer.getByRole('dialog', { name: `Reveal "${first.title}"?` }).getByRole('button', { name: 'Reveal card' }).click();

    await toast(candidate).waitFor({ timeout: 15_000 });
    const shownAt = Date.now();
    const region = candidate.getByTestId('card-toast-region');
    expect(await region.textContent()).toContain('New constraint card');
    expect(await region.textContent()).toContain(first.title);
    expect(await region.textContent()).toContain(first.prompt);
    expect(await region.textContent()).not.toContain(first.followUp);
    expect(await badge(candidate).textContent()).toBe('1 new');
    expect(await cardsHeading(candidate).textContent()).toBe('Constraint cards1 new');
    expect(await candidate.getByTestId('revealed-cards').textContent()).not.toContain(first.followUp);

    // The interviewer played it: no toast, no badge, and the guide still shows both halves after the reveal.
    await expect.poll(() => card.getAttribute('data-revealed')).toBe('true');
    expect(await card.textContent()).toContain(first.followUp);
    expect(await toast(interviewer).count()).toBe(0);
    expect(await badge(interviewer).count()).toBe(0);

    // Left alone, the toast goes after about eight seconds; the badge stays.
    await toast(candidate).waitFor({ state: 'hidden', timeout: 20_000 });
    const shownFor = Date.now() - shownAt;
    expect(shownFor).toBeGreaterThan(6_500);
    expect(await badge(candidate).textContent()).toBe('1 new');
  });

  it('clicking the panel clears the badge, and a reload does not bring the card back as new', async () => {
    await cardsHeading(candidate).click();
    await badge(candidate).waitFor({ state: 'hidden' });
    await candidate.reload();
    await roomLive(candidate);
    await candidate.getByTestId('revealed-cards').waitFor();
    await expect.poll(() => candidate.getByTestId('revealed-cards').textContent()).toContain(first.prompt);
    // Give a wrongly repeated announcement time to show before declaring there is none.
    await candidate.waitForTimeout(1_000);
    expect(await toast(candidate).count()).toBe(0);
    expect(await badge(candidate).count()).toBe(0);
  });

  it('by keyboard: "Show card" closes the toast, moves focus to the panel and clears the badge', async () => {
    await revealByApi(second.id);
    await toast(candidate).waitFor({ timeout: 15_000 });
    expect(await badge(candidate).textContent()).toBe('1 new');
    const show = toast(candidate).getByRole('button', { name: 'Show card' });
    expect(await show.evaluate((b) => (b as HTMLButtonElement).tabIndex)).toBe(0);
    await show.focus();
    await candidate.keyboard.press('Enter');
    await toast(candidate).waitFor({ state: 'hidden' });
    expect(await candidate.evaluate(() => document.activeElement?.id)).toBe('cards-h');
    await badge(candidate).waitFor({ state: 'hidden' });
    // Newest first in the panel.
    expect(await candidate.locator('.cards-panel .constraint-card').first().getAttribute('data-card')).toBe(second.id);
  });

  it('a focused toast stays past its time; Escape dismisses it and focus lands on the panel, not the page start', async () => {
    await revealByApi(third.id);
    await toast(candidate).waitFor({ timeout: 15_000 });
    await toast(candidate).getByRole('button', { name: 'Dismiss' }).focus();
    await candidate.waitForTimeout(9_500);
    expect(await toast(candidate).isVisible()).toBe(true);
    await candidate.keyboard.press('Escape');
    await toast(candidate).waitFor({ state: 'hidden' });
    expect(await candidate.evaluate(() => document.activeElement?.id)).toBe('cards-h');
    await badge(candidate).waitFor({ state: 'hidden' });
    expect(pageErrors).toEqual([]);
  });
});
