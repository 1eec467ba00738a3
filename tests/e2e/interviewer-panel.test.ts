/**
 * A whole interview in two Chromium contexts, with the candidate's context
 * recording every HTTP response body and WebSocket frame it receives. The
 * interviewer scores every dimension, ticks signals and a red flag, writes
 * notes, reveals one card, reloads (nothing typed is lost), ends the session,
 * writes the wrap-up and releases part of it. The candidate sees the card
 * during the session and the released feedback after; before the release
 * nothing interviewer-only reached their browser (card follow-ups included, of
 * the revealed card as of the others), and after it only what was released did.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SCORE_SCALE } from '../../lib/rubric/score-scale';
import { candidateView } from '../../server/scenarios/candidate-view';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser, openTwoContexts, roomLive, type Pair } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { createInterview, joinThroughInvite, signedInUser, signInContext } from '../helpers/interview-fixture';
import { freePort } from '../helpers/ports';
import { interviewerOnlyStrings } from '../helpers/scenario-dirs';
import { WireRecorder } from '../helpers/wire-recorder';

const scenario = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios')).get('payment-fraud-detection')!;
const revealedCard = scenario.guide.constraintCards.find((c) => c.id === 'late-labels')!;
// Distinct, searchable text for everything the interviewer types.
const tag = Math.random().toString(36).slice(2, 8);
const NOTES = [`Asked about chargeback timing early ${tag}`, `Drew the streaming feature path unprompted ${tag}`];
const SUMMARY = (i: number) => `Private summary ${i} for the panel only ${tag}`;
const FEEDBACK = `You framed the cost of errors clearly. Next time, size the serving path before choosing the model. ${tag}`;

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
let pair: Pair;
let interviewer: Page;
let candidate: Page;
let recorder: WireRecorder;
let roomPath: string;
let releaseStartedAt = 0;
const pageErrors: string[] = [];
// Confirmations are in-app dialogs now; a native one would stall a real user's page.
const nativeDialogs: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url, { PORT: String(await freePort()) }));
  browser = await launchBrowser();
  pair = await openTwoContexts(browser);
  interviewer = pair.interviewer.page;
  candidate = pair.candidate.page;
  // Recording starts before the candidate's first request.
  recorder = new WireRecorder(pair.candidate.context);
  for (const page of [interviewer, candidate]) {
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (dialog) => {
      nativeDialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }

  const ines = await signedInUser(server.url, 'Ines Interviewer');
  const created = await createInterview(ines, scenario.slug);
  roomPath = `/interviews/${created.id}`;
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

const saved = (page: Page) => page.waitForSelector('[data-testid=save-status][data-state=saved]', { timeout: 15_000 });
const dimension = (page: Page, id: string) => page.locator(`[data-dimension="${id}"]`);
/** The in-app confirmation, found by its accessible name as a screen reader would. */
const confirmDialog = (page: Page, name: string | RegExp) => page.getByRole('dialog', { name });

describe('a whole interview with the interviewer panel', () => {
  it('both join; the candidate sees no interviewer panel', async () => {
    await interviewer.goto(server.url + roomPath);
    await candidate.goto(server.url + roomPath);
    await Promise.all([roomLive(interviewer), roomLive(candidate)]);
    await interviewer.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => candidate.locator('.timer-bar').getAttribute('data-state')).toBe('running');
    expect(await candidate.getByRole('tab', { name: 'Rubric' }).count()).toBe(0);
    expect(await interviewer.getByRole('tab', { name: 'Rubric' }).count()).toBe(1);
  });

  it('the interviewer scores every dimension, ticks signals and a red flag, and writes notes', async () => {
    await interviewer.getByRole('tab', { name: 'Rubric' }).click();
    for (const [i, d] of scenario.rubric.dimensions.entries()) {
      await dimension(interviewer, d.id).locator('.score-option').nth(i % 4).click();
      await expect.poll(() => dimension(interviewer, d.id).getByTestId('anchor').textContent()).toContain(d.anchors[((i % 4) + 1) as 1 | 2 | 3 | 4]);
    }
    await dimension(interviewer, 'problem-framing').getByRole('checkbox').first().check();
    await dimension(interviewer, 'data-features').getByRole('checkbox').nth(1).check();
    await interviewer.locator('.red-flags').getByRole('checkbox').first().check();
    // Each tick shows its session-clock stamp once the server has stamped it.
    await expect.poll(() => interviewer.locator('.stamp').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^\d+:\d\d · /)]));
    await expect.poll(async () => (await interviewer.locator('.stamp').allTextContents()).filter((t) => /^\d+:\d\d · /.test(t)).length).toBe(3);

    await interviewer.getByRole('tab', { name: 'Notes' }).click();
    for (const note of NOTES) {
      await interviewer.getByLabel('New note').fill(note);
      await interviewer.getByLabel('New note').press('Enter');
      await expect.poll(() => interviewer.getByTestId('notes').textContent()).toContain(note);
    }
    expect(await interviewer.locator('.note-meta').first().textContent()).toMatch(/^\d+:\d\d · /);
    await saved(interviewer);

    // Offline, a tick stays on screen, the state says so, and it is saved when the connection returns.
    await interviewer.getByRole('tab', { name: 'Rubric' }).click();
    await pair.interviewer.context.setOffline(true);
    await interviewer.locator('.red-flags').getByRole('checkbox').nth(1).check();
    await interviewer.waitForSelector('[data-testid=save-status][data-state=retrying]', { timeout: 15_000 });
    expect(await interviewer.locator('.red-flags').getByRole('checkbox').nth(1).isChecked()).toBe(true);
    await pair.interviewer.context.setOffline(false);
    await saved(interviewer);
  });

  it('revealing a card shows it to the candidate, stamped; unrevealed cards stay hidden', async () => {
    await interviewer.getByRole('tab', { name: 'Guide' }).click();
    await interviewer.getByText(/Cards for other phases/).click();
    const card = interviewer.locator(`.guide-card[data-card="${revealedCard.id}"]`);
    // Escape cancels: nothing is revealed and focus returns to the button that opened the dialog.
    await card.getByRole('button', { name: 'Reveal to room' }).click();
    const dialog = confirmDialog(interviewer, `Reveal "${revealedCard.title}"?`);
    await dialog.waitFor();
    expect(await interviewer.evaluate(() => document.activeElement?.textContent)).toBe('Reveal card');
    await interviewer.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await interviewer.evaluate(() => document.activeElement?.closest('.guide-card')?.getAttribute('data-card'))).toBe(revealedCard.id);
    expect(await card.getAttribute('data-revealed')).toBe('false');
    // Enter confirms: the action button has focus.
    await card.getByRole('button', { name: 'Reveal to room' }).click();
    await dialog.waitFor();
    await interviewer.keyboard.press('Enter');
    await expect.poll(() => interviewer.locator(`.guide-card[data-card="${revealedCard.id}"]`).textContent()).toMatch(/Revealed at \d+:\d\d/);

    const shown = candidate.getByTestId('revealed-cards');
    await expect.poll(() => shown.textContent()).toContain(revealedCard.prompt);
    // The candidate reads the card's prompt, never the interviewer's follow-up.
    expect(await shown.textContent()).not.toContain(revealedCard.followUp);
    expect(await shown.textContent()).toMatch(/Played at \d+:\d\d/);
    for (const other of scenario.guide.constraintCards.filter((c) => c.id !== revealedCard.id)) {
      expect(await candidate.content()).not.toContain(other.prompt);
    }
  });

  it('a reload loses nothing the interviewer typed or ticked', async () => {
    await saved(interviewer);
    await interviewer.reload();
    await roomLive(interviewer);
    await interviewer.getByRole('tab', { name: 'Rubric' }).click();
    for (const [i, d] of scenario.rubric.dimensions.entries()) {
      await expect.poll(() => dimension(interviewer, d.id).locator('input[type=radio]').nth(i % 4).isChecked()).toBe(true);
    }
    expect(await dimension(interviewer, 'problem-framing').getByRole('checkbox').first().isChecked()).toBe(true);
    expect(await dimension(interviewer, 'data-features').getByRole('checkbox').nth(1).isChecked()).toBe(true);
    expect(await interviewer.locator('.red-flags').getByRole('checkbox').first().isChecked()).toBe(true);
    expect(await interviewer.locator('.red-flags').getByRole('checkbox').nth(1).isChecked()).toBe(true);
    await interviewer.getByRole('tab', { name: 'Notes' }).click();
    for (const note of NOTES) await expect.poll(() => interviewer.getByTestId('notes').textContent()).toContain(note);
  });

  it('the interviewer ends the session, writes the wrap-up and releases part of it', async () => {
    await interviewer.getByRole('button', { name: 'End interview' }).click();
    await confirmDialog(interviewer, 'End the interview for everyone?').getByRole('button', { name: 'End interview' }).click();
    await candidate.getByTestId('ended-banner').waitFor();
    await interviewer.getByRole('tab', { name: 'Wrap-up' }).click();
    await interviewer.getByLabel('Hire', { exact: true }).check();
    await interviewer.getByLabel('Staff', { exact: true }).check();
    for (const [i, d] of scenario.rubric.dimensions.entries()) await interviewer.locator(`#summary-${d.id}`).fill(SUMMARY(i));
    // Reloading straight after typing, before the autosave pause has passed, still keeps the words.
    await interviewer.getByLabel('Feedback for the candidate').fill(FEEDBACK);
    await interviewer.reload();
    await roomLive(interviewer);
    await interviewer.getByRole('tab', { name: 'Wrap-up' }).click();
    await expect.poll(() => interviewer.locator('#candidate-feedback').inputValue()).toBe(FEEDBACK);
    await expect.poll(() => interviewer.locator(`#summary-${scenario.rubric.dimensions.at(-1)!.id}`).inputValue()).toBe(SUMMARY(scenario.rubric.dimensions.length - 1));
    expect(await interviewer.getByLabel('Hire', { exact: true }).isChecked()).toBe(true);
    await interviewer.getByLabel('Scores per dimension').check();
    await interviewer.getByLabel('Level estimate', { exact: true }).check();
    await saved(interviewer);

    releaseStartedAt = Date.now();
    await interviewer.getByRole('button', { name: 'Release feedback to the candidate' }).click();
    const release = confirmDialog(interviewer, 'Release feedback to the candidate?');
    await release.waitFor();
    expect(await release.textContent()).toContain('This cannot be undone or edited afterwards.');
    await release.getByRole('button', { name: 'Release feedback' }).click();
    await interviewer.getByText(/^Released /).first().waitFor();
    expect(nativeDialogs).toEqual([]);
    expect(await interviewer.locator('#candidate-feedback').isDisabled()).toBe(true);
  });

  it('the candidate is told live, and reads exactly what was released, in the app and from the dashboard', async () => {
    await candidate.getByTestId('feedback-banner').getByRole('link', { name: 'Read the feedback' }).click();
    await candidate.waitForURL(/\/feedback$/);
    const released = candidate.getByTestId('released-feedback');
    expect(await released.textContent()).toContain(FEEDBACK);
    expect(await released.textContent()).toContain('Staff');
    // Scores first and largest: a tile per dimension with "n of 4", a four-step bar and what the step means.
    const tiles = released.getByTestId('score-tile');
    expect(await tiles.count()).toBe(scenario.rubric.dimensions.length);
    for (const [i, d] of scenario.rubric.dimensions.entries()) {
      const score = ((i % 4) + 1) as 1 | 2 | 3 | 4;
      const tile = tiles.nth(i);
      expect(await tile.getAttribute('data-dimension')).toBe(d.id);
      expect(await tile.locator('.score-figure').getAttribute('aria-label')).toBe(`${score} of 4`);
      expect(await tile.locator('.score-bar > .on').count()).toBe(score);
      expect(await tile.locator('.score-label').textContent()).toBe(SCORE_SCALE[score].label);
    }
    const [firstTile, writtenFeedback] = await Promise.all([tiles.first().boundingBox(), released.getByTestId('feedback-text').boundingBox()]);
    expect(firstTile!.y).toBeLessThan(writtenFeedback!.y);
    const sizes = await candidate.evaluate(() => ({
      score: parseFloat(getComputedStyle(document.querySelector('.score-number')!).fontSize),
      text: parseFloat(getComputedStyle(document.querySelector('.feedback-text')!).fontSize),
    }));
    expect(sizes.score).toBeGreaterThan(2 * sizes.text);
    // The scale is explained in general words; the rubric's own anchors stay with the interviewers.
    const legend = candidate.getByTestId('scale-legend');
    expect(await legend.locator('li').allTextContents()).toEqual(([1, 2, 3, 4] as const).map((n) => `${n}${SCORE_SCALE[n].label}. ${SCORE_SCALE[n].meaning}`));
    expect(await candidate.getByTestId('score-anchor').count()).toBe(0);
    // Not chosen for release: recommendation and summaries.
    expect(await released.textContent()).not.toMatch(/Recommendation|Hire/);

    await candidate.goto(`${server.url}/dashboard`);
    await candidate.getByTestId('feedback-link').click();
    await candidate.waitForURL(/\/feedback$/);
    expect(await candidate.getByTestId('released-feedback').textContent()).toContain(FEEDBACK);
  });

  it("the interviewer's feedback page shows each score with the rubric's anchor for it", async () => {
    await interviewer.goto(`${server.url}${roomPath}/feedback`);
    const anchors = interviewer.getByTestId('released-feedback').getByTestId('score-anchor');
    expect(await anchors.allTextContents()).toEqual(scenario.rubric.dimensions.map((d, i) => d.anchors[((i % 4) + 1) as 1 | 2 | 3 | 4]));
    expect(await interviewer.getByTestId('scale-legend').isVisible()).toBe(true);
  });

  it("on the wire: nothing interviewer-only reached the candidate's browser before release, and only the release after", async () => {
    const records = await recorder.settle();
    expect(records.some((r) => r.kind === 'ws' && r.url.includes('/socket.io/'))).toBe(true);
    expect(records.some((r) => r.kind === 'ws' && r.url.includes('/ws/yjs/') && r.contentType === 'binary')).toBe(true);
    expect(records.filter((r) => r.kind === 'http').length).toBeGreaterThan(10);

    // The revealed card's title and prompt are the room's now; its follow-up never is.
    const revealed = new Set([revealedCard.prompt, revealedCard.title]);
    const scenarioSecrets = interviewerOnlyStrings(scenario).filter((s) => !revealed.has(s));
    const unrevealedCard = scenario.guide.constraintCards.find((c) => c.id !== revealedCard.id)!;
    expect(scenarioSecrets).toEqual(expect.arrayContaining([revealedCard.followUp.trim(), unrevealedCard.followUp.trim(), unrevealedCard.prompt.trim()]));
    const typedSecrets = [...NOTES, ...scenario.rubric.dimensions.map((_, i) => SUMMARY(i))];
    const leaks = (needles: string[], window: { from?: number; until?: number }) =>
      needles.flatMap((needle) => [needle, needle.slice(0, 40)].flatMap((n) => recorder.find(n, window).map((r) => `${n.slice(0, 50)}… in ${r.kind} ${r.url}`)));

    // Before release: no guide, rubric or unrevealed card text; nothing typed; no scores, marks or verdicts in any data.
    const before = { until: releaseStartedAt };
    expect(leaks([...scenarioSecrets, ...typedSecrets, FEEDBACK], before)).toEqual([]);
    const dataBefore = recorder.data(before);
    expect(dataBefore.length).toBeGreaterThan(5);
    expect(dataBefore.filter((r) => /"(scores?|marks|recommendation|levelEstimate|candidateFeedback)"\s*:/.test(r.text)).map((r) => r.url)).toEqual([]);
    // The card the interviewer did reveal did arrive: the recording is not blind.
    expect(recorder.find(revealedCard.prompt, before).length).toBeGreaterThan(0);
    // So did the problem the room shows everyone: the candidate prompt from candidateView(), and nothing else of the scenario.
    const prompt = candidateView(scenario).prompt.trim().replace(/\s+/g, ' ');
    expect(recorder.find(prompt.slice(0, 60), before).length).toBeGreaterThan(0);

    // After release: the released feedback arrived; still no guide, rubric, notes, summaries or recommendation.
    const after = { from: releaseStartedAt };
    expect(recorder.find(FEEDBACK, after).length).toBeGreaterThan(0);
    expect(leaks([...scenarioSecrets, ...typedSecrets], after)).toEqual([]);
    expect(recorder.data(after).filter((r) => /"(recommendation|marks|summary)"\s*:/.test(r.text)).map((r) => r.url)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
