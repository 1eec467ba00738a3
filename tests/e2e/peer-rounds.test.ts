/**
 * A peer session's two rounds in two Chromium contexts (issue 15). Round 1
 * runs briefly and ends; its interviewer waits while its candidate swaps
 * roles in the in-app dialog; both browsers move to round 2 on their own,
 * with the roles reversed (the new interviewer has the guide, the new
 * candidate does not). Round 2 ends and its candidate rates the interviewer
 * with the keyboard; only that interviewer reads it.
 *
 * Both browsers record every HTTP response body and socket frame: round 2's
 * candidate receives none of round 2's interviewer-only text (guide, rubric,
 * unplayed cards, the notes written in round 2) during round 2, and round
 * 1's private notes never reach round 2's interviewer.
 *
 * With MOCKROOM_SHOTS=<dir>, it also saves screenshots of the waiting state,
 * the swap dialog and the rating form, to look at.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { expectAccessible } from '../helpers/axe';
import { launchBrowser, openTwoContexts, roomLive, type Pair } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { createInterview, joinThroughInvite, signedInUser, signInContext, type SignedInUser } from '../helpers/interview-fixture';
import { freePort } from '../helpers/ports';
import { interviewerOnlyStrings } from '../helpers/scenario-dirs';
import { WireRecorder } from '../helpers/wire-recorder';

const library = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios'));
const round1Scenario = library.get('payment-fraud-detection')!;
const round2Scenario = library.get('ad-click-prediction')!;
const tag = Math.random().toString(36).slice(2, 8);
const ROUND_1_NOTE = `Round one: asked about chargeback windows ${tag}`;
const ROUND_2_NOTE = `Round two: skipped calibration entirely ${tag}`;
const RATING_COMMENT = `The follow-ups on auction effects were sharp ${tag}`;
const shots = process.env.MOCKROOM_SHOTS;

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
let pair: Pair;
/** Round 1's interviewer, round 2's candidate. */
let ines: Page;
/** Round 1's candidate, round 2's interviewer. */
let cal: Page;
let inesApi: SignedInUser;
let calApi: SignedInUser;
let inesWire: WireRecorder;
let calWire: WireRecorder;
let round1Id: string;
let round2Id: string;
let swapAt = 0;
/** When round 2's candidate went back to round 1's pages (where she is the interviewer). */
let round2LeftAt = 0;
const pageErrors: string[] = [];
const nativeDialogs: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url, { PORT: String(await freePort()) }));
  browser = await launchBrowser();
  pair = await openTwoContexts(browser);
  ines = pair.interviewer.page;
  cal = pair.candidate.page;
  inesWire = new WireRecorder(pair.interviewer.context);
  calWire = new WireRecorder(pair.candidate.context);
  for (const page of [ines, cal]) {
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (dialog) => {
      nativeDialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }
  inesApi = await signedInUser(server.url, 'Ines Interviewer');
  const created = await createInterview(inesApi, round1Scenario.slug);
  round1Id = created.id;
  calApi = await joinThroughInvite(server.url, 'Cal Candidate', created.invites.candidate);
  await signInContext(pair.interviewer.context, server.url, inesApi);
  await signInContext(pair.candidate.context, server.url, calApi);
});
afterAll(async () => {
  await pair?.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

const shoot = async (page: Page, name: string) => {
  if (shots) await page.screenshot({ path: path.join(shots, `${name}.png`) });
};

describe('swapping roles between two rounds', () => {
  it('round 1 runs briefly and ends; its interviewer waits for the candidate to pick round 2', async () => {
    await ines.goto(`${server.url}/interviews/${round1Id}`);
    await cal.goto(`${server.url}/interviews/${round1Id}`);
    await Promise.all([roomLive(ines), roomLive(cal)]);
    await ines.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => cal.locator('.timer-bar').getAttribute('data-state')).toBe('running');
    expect((await inesApi.api('POST', `/api/interviews/${round1Id}/notes`, { text: ROUND_1_NOTE })).status).toBe(201);
    await ines.getByRole('button', { name: 'End interview' }).click();
    await ines.getByRole('dialog', { name: 'End the interview for everyone?' }).getByRole('button', { name: 'End interview' }).click();

    const waiting = ines.getByTestId('round-panel');
    await expect.poll(() => waiting.getAttribute('data-state')).toBe('waiting');
    expect(await waiting.textContent()).toContain("Waiting for Cal Candidate to pick round 2's scenario.");
    await cal.getByTestId('ended-banner').waitFor();
    expect(await cal.getByTestId('round-panel').getAttribute('data-state')).toBe('swap');
    await shoot(ines, 'waiting');
    await expectAccessible(ines, 'room (round 1 ended, waiting for the swap)');
  });

  it("the candidate swaps roles in the in-app dialog: round 1's scenario is not offered, the list filters, the keyboard picks", async () => {
    await cal.getByRole('button', { name: 'Swap roles' }).click();
    const dialog = cal.getByRole('dialog', { name: /^Swap roles: pick round 2.s scenario$/ });
    await dialog.waitFor();
    const radios = dialog.getByRole('radio');
    expect(await radios.count()).toBe(library.scenarios.length - 1);
    expect(await dialog.getByText(round1Scenario.title).count()).toBe(0);
    // The filter has focus; typing narrows the list.
    await cal.keyboard.type('auction');
    await expect.poll(() => radios.count()).toBeLessThan(library.scenarios.length - 1);
    expect(await dialog.getByLabel('Level').inputValue()).toBe('staff');
    // Tab from the filter into the (one-choice) radio group; Space picks it.
    await cal.keyboard.press('Tab');
    await cal.keyboard.press('Space');
    expect(await dialog.getByRole('radio', { name: new RegExp(round2Scenario.title) }).isChecked()).toBe(true);
    await shoot(cal, 'swap-dialog');
    await expectAccessible(cal, 'room (swap dialog)');
    swapAt = Date.now();
    await dialog.getByRole('button', { name: 'Start round 2' }).click();

    // Both browsers move to round 2 by themselves, and say who interviews now.
    await Promise.all([cal.waitForURL(/\?swapped=1$/), ines.waitForURL(/\?swapped=1$/)]);
    round2Id = new URL(cal.url()).pathname.split('/').pop()!;
    expect(new URL(ines.url()).pathname).toBe(`/interviews/${round2Id}`);
    expect(round2Id).not.toBe(round1Id);
    for (const page of [ines, cal]) expect(await page.getByTestId('round-2-notice').textContent()).toContain('Round 2: roles swapped — Cal Candidate is interviewing now.');
    await shoot(ines, 'round-2-notice');
    expect(nativeDialogs).toEqual([]);
  });

  it("round 2 runs with the roles reversed: its interviewer has the guide, its candidate does not", async () => {
    await Promise.all([roomLive(ines), roomLive(cal)]);
    expect(await cal.locator('.room-title .chip.role-interviewer').count()).toBe(1);
    expect(await ines.locator('.room-title .chip.role-candidate').count()).toBe(1);
    await cal.getByRole('tab', { name: 'Guide' }).click();
    await expect.poll(() => cal.getByTestId('interviewer-guide').textContent()).toContain(Object.values(round2Scenario.guide.probes).flat()[0]!);
    expect(await ines.getByRole('tab', { name: 'Guide' }).count()).toBe(0);
    expect(await ines.getByRole('tab', { name: 'Rubric' }).count()).toBe(0);
    // Round 2's own timer, controlled by its new interviewer.
    await cal.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => ines.locator('.timer-bar').getAttribute('data-state')).toBe('running');
    await cal.getByRole('tab', { name: 'Notes' }).click();
    await cal.getByLabel('New note').fill(ROUND_2_NOTE);
    await cal.getByLabel('New note').press('Enter');
    await expect.poll(() => cal.getByTestId('notes').textContent()).toContain(ROUND_2_NOTE);
    // The header links back to round 1.
    expect(await ines.getByTestId('round-chip').getAttribute('href')).toBe(`/interviews/${round1Id}`);
  });

  it('after round 2, its candidate rates the interviewer with the keyboard; only that interviewer reads it', async () => {
    expect((await calApi.api('POST', `/api/interviews/${round2Id}/end`)).status).toBe(200);
    await ines.getByTestId('ended-banner').waitFor();
    await ines.getByTestId('rate-interviewer-link').click();
    await ines.waitForURL(new RegExp(`/interviews/${round2Id}/feedback#rate$`));
    const form = ines.getByTestId('rating-form');
    expect(await form.getByRole('heading').textContent()).toBe('Rate your interviewer');
    // Each aspect is one radio group: focus its first choice, arrow to the score.
    for (const [aspect, presses] of [['clarity', 3], ['hints', 2], ['feedback', 4]] as const) {
      await form.locator(`[data-aspect=${aspect}] input`).first().focus();
      await ines.keyboard.press('Space');
      for (let i = 0; i < presses; i++) await ines.keyboard.press('ArrowRight');
    }
    await form.getByLabel('Comment (optional)').fill(RATING_COMMENT);
    await form.getByRole('button', { name: 'Save rating' }).click();
    await expect.poll(() => form.getByTestId('rating-status').getAttribute('data-state')).toBe('saved');
    await shoot(ines, 'rating-form');
    await expectAccessible(ines, 'feedback (rating form)');
    if (shots) {
      await ines.setViewportSize({ width: 390, height: 844 });
      await shoot(ines, 'rating-form-phone');
      await ines.setViewportSize({ width: 1280, height: 800 });
    }
    expect(await ines.getByTestId('other-round-link').getByRole('link').getAttribute('href')).toBe(`/interviews/${round1Id}/feedback`);

    await cal.goto(`${server.url}/interviews/${round2Id}/feedback`);
    const received = cal.getByTestId('rating-received');
    expect(await received.getByRole('heading').textContent()).toBe('How Ines Interviewer rated your interviewing');
    expect(await received.locator('dd').evaluateAll((dds) => dds.map((d) => d.getAttribute('aria-label')))).toEqual(['4 of 5', '3 of 5', '5 of 5']);
    expect(await received.textContent()).toContain(RATING_COMMENT);
    await shoot(cal, 'rating-received');
    await expectAccessible(cal, 'feedback (rating received)');
    // Round 1's interviewer (now round 2's candidate) sees no rating about round 1 yet, and the pages link the rounds.
    // From here she is round 1's interviewer again, with round 1's guide hers to read: the wire check of round 2 ends here.
    round2LeftAt = Date.now();
    await ines.goto(`${server.url}/interviews/${round1Id}/feedback`);
    expect(await ines.getByTestId('rating-received').count()).toBe(0);
    expect(await ines.getByTestId('other-round-link').getByRole('link').getAttribute('href')).toBe(`/interviews/${round2Id}/feedback`);
    // Round 1's room, opened later, sends people on to round 2.
    await ines.goto(`${server.url}/interviews/${round1Id}`);
    const next = ines.getByTestId('round-panel');
    await expect.poll(() => next.getAttribute('data-state')).toBe('next');
    expect(await next.textContent()).toContain('Round 2 has ended.');
    expect(await next.getByRole('link', { name: 'Open round 2' }).getAttribute('href')).toBe(`/interviews/${round2Id}`);
  });

  it("on the wire: round 2's candidate received nothing interviewer-only of round 2, and round 1's notes never reached round 2's interviewer", async () => {
    const [inesRecords, calRecords] = await Promise.all([inesWire.settle(), calWire.settle()]);
    const round2 = { from: swapAt, until: round2LeftAt };
    const during = inesRecords.filter((r) => r.at >= round2.from && r.at < round2.until);
    expect(during.length).toBeGreaterThan(5);
    const secrets = [...interviewerOnlyStrings(round2Scenario), ROUND_2_NOTE];
    const leaked = secrets.flatMap((s) => [s, s.slice(0, 40)].flatMap((needle) => inesWire.find(needle, round2).map((r) => `${needle.slice(0, 50)}… in ${r.kind} ${r.url}`)));
    expect(leaked).toEqual([]);
    // No evaluation, notes, guide or rubric data in any answer either (round 1's room, left as she moved, may still have saved hers).
    const round2Data = inesWire.data(round2).filter((r) => !r.url.includes(round1Id));
    expect(round2Data.filter((r) => /"(marks|recommendation|levelEstimate|notes|evaluations|candidateFeedback|dimensions|guide|rubric)"\s*:/.test(r.text)).map((r) => r.url)).toEqual([]);

    expect(calRecords.length).toBeGreaterThan(5);
    expect(calWire.find(ROUND_1_NOTE).map((r) => `${r.kind} ${r.url}`)).toEqual([]);
    expect(calWire.find(ROUND_1_NOTE.slice(0, 30)).length).toBe(0);
    // Round 1's guide never reached round 1's candidate either, even as round 2's interviewer (strings the two rubrics share aside).
    const shared = new Set(interviewerOnlyStrings(round2Scenario));
    const round1Secrets = interviewerOnlyStrings(round1Scenario).filter((s) => !shared.has(s));
    expect(round1Secrets.flatMap((s) => calWire.find(s).map((r) => `${s.slice(0, 50)}… in ${r.kind} ${r.url}`))).toEqual([]);
    // Sanity: the recorders saw round 2's own data where it belongs.
    expect(calWire.find(ROUND_2_NOTE).length).toBeGreaterThan(0);
    expect(calWire.find(Object.values(round2Scenario.guide.probes).flat()[0]!, { from: swapAt }).length).toBeGreaterThan(0);
    expect(inesWire.find(RATING_COMMENT).length).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });
});
