/**
 * The review page end to end, in Chromium contexts against the real server:
 * a session with drawing, two phases, one revealed card, notes, ticks and a
 * recording of both people. The interviewer reviews it (a seek shows a stroke
 * but not the one drawn 5 s later; a note marker puts the board and every
 * video on its moment); the candidate sees nothing before the release and
 * exactly the released parts after; a share link made by the candidate
 * shows a reviewer the candidate's scope and no more, logs the open, and
 * stops working when revoked. The candidate's and the reviewer's browsers
 * record every response and frame: no interviewer-only text arrives.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { decodeSegment } from '../../lib/review/segment-codec';
import { readElements } from '../../lib/whiteboard/binding';
import type { Review } from '../../lib/api/review';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser, newContext, roomLive } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { acceptInvite, createInterview, signedInUser, signInContext, type SignedInUser } from '../helpers/interview-fixture';
import { freePort } from '../helpers/ports';
import { interviewerOnlyStrings } from '../helpers/scenario-dirs';
import { WireRecorder } from '../helpers/wire-recorder';

const scenario = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios')).get('payment-fraud-detection')!;
const card = scenario.guide.constraintCards[0]!;
const tag = Math.random().toString(36).slice(2, 8);
const NOTES = [`Sized the label delay before the model ${tag}`, `Skipped point-in-time joins for features ${tag}`];
const FEEDBACK = `Clear framing of the cost of errors; go deeper on serving. ${tag}`;

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
let id: string;
let ines: SignedInUser;
let cal: SignedInUser;
let interviewer: Page;
let candidate: Page;
let candidateWire: WireRecorder;

async function open(user: SignedInUser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser);
  contexts.push(context);
  await signInContext(context, server.url, user);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => {
    pageErrors.push(`native dialog: ${d.message()}`);
    void d.dismiss();
  });
  return { context, page };
}

/** A rectangle dragged out at (x, y) on the board, right of Excalidraw's style panel. */
async function scribble(page: Page, x: number, y: number): Promise<void> {
  const box = (await page.getByTestId('whiteboard').boundingBox())!;
  await page.getByTitle(/Rectangle/).first().click();
  await page.mouse.move(box.x + x, box.y + y);
  await page.mouse.down();
  await page.mouse.move(box.x + x + 50, box.y + y + 40, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.press('Escape');
}

const consent = (page: Page) => page.locator('dialog[data-testid=consent-dialog][open]');
const board = (page: Page) => page.getByTestId('review-board');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seeks with the scrubber as a user dragging it would, and waits until the board shows that moment. */
async function seek(page: Page, ms: number): Promise<string[]> {
  await page.getByTestId('review-scrubber').evaluate((el, value) => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, String(value));
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, ms);
  await expect.poll(() => board(page).getAttribute('data-rendered-ms'), { timeout: 10_000 }).toBe(String(ms));
  return ((await board(page).getAttribute('data-elements')) ?? '').split(' ').filter(Boolean);
}

/** When each element first appears on the axis, from the replay segments as the server serves them. */
async function firstSeen(review: Review, who: SignedInUser): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (const segment of review.board!.segments) {
    const response = await who.fetch(`/api/interviews/${id}/review/board/${segment.index}`);
    expect(response.status).toBe(200);
    const decoded = decodeSegment(new Uint8Array(await response.arrayBuffer()));
    const doc = new Y.Doc();
    Y.applyUpdateV2(doc, decoded.checkpoint);
    decoded.updates.forEach((update, i) => {
      Y.applyUpdate(doc, update);
      for (const e of readElements(doc)) if (!e.isDeleted && !seen.has(e.id)) seen.set(e.id, Math.max(0, Math.ceil(decoded.times[i]!)));
    });
    doc.destroy();
  }
  return seen;
}

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url, { PORT: String(await freePort()) }));
  browser = await launchBrowser();
  ines = await signedInUser(server.url, 'Ines Interviewer');
  const created = await createInterview(ines, scenario.slug);
  id = created.id;
  cal = await signedInUser(server.url, 'Cal Candidate');
  await acceptInvite(cal, created.invites.candidate);
  interviewer = (await open(ines)).page;
  const c = await open(cal);
  candidate = c.page;
  candidateWire = new WireRecorder(c.context);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

describe('reviewing a session on one timeline', () => {
  it('runs a session: phases, a recording of both, strokes 5 s apart, a card, notes and ticks', { timeout: 150_000 }, async () => {
    const url = `/api/interviews/${id}`;
    for (const page of [interviewer, candidate]) {
      await page.goto(`${server.url}/interviews/${id}`);
      await roomLive(page);
    }
    await interviewer.getByRole('button', { name: 'Start' }).click();
    await interviewer.getByTestId('record-button').click();
    for (const page of [interviewer, candidate]) {
      await consent(page).waitFor();
      await consent(page).getByRole('button', { name: 'Allow recording' }).click();
    }
    for (const page of [interviewer, candidate]) {
      await expect.poll(() => page.getByTestId('rec-who').textContent(), { timeout: 15_000 }).toMatch(/^(You, Cal Candidate|Ines Interviewer, You)$/);
      await expect.poll(() => consent(page).count()).toBe(0);
      await page.waitForSelector('[data-testid=whiteboard][data-board-ready=true]');
    }
    const drawn = () => interviewer.getByTestId('whiteboard').getAttribute('data-elements');
    await scribble(candidate, 300, 160);
    await expect.poll(drawn).toBe('rectangle');
    await sleep(5_000);
    await scribble(candidate, 460, 160);
    await expect.poll(drawn).toBe('rectangle,rectangle');
    expect((await ines.api('POST', `${url}/notes`, { text: NOTES[0] })).status).toBe(201);
    expect((await ines.api('POST', `${url}/cards/${card.id}/reveal`)).status).toBe(201);
    await interviewer.getByRole('button', { name: 'Next phase →' }).click();
    const firstDimension = scenario.rubric.dimensions[0]!;
    expect((await ines.api('PUT', `${url}/evaluation/marks`, { kind: 'signal', dimensionId: firstDimension.id, index: 0, checked: true })).status).toBe(200);
    expect((await ines.api('PUT', `${url}/evaluation/marks`, { kind: 'red_flag', index: 0, checked: true })).status).toBe(200);
    await sleep(2_000);
    expect((await ines.api('POST', `${url}/notes`, { text: NOTES[1] })).status).toBe(201);
    await scribble(interviewer, 380, 360);
    await expect.poll(drawn).toBe('rectangle,rectangle,rectangle');
    await sleep(3_000);
    expect((await ines.api('POST', `${url}/recording/stop`, { scope: 'everyone' })).status).toBe(200);
    expect((await ines.api('PATCH', `${url}/evaluation`, { candidateFeedback: FEEDBACK, scores: { [firstDimension.id]: { score: 3 } } })).status).toBe(200);
    expect((await ines.api('POST', `${url}/end`)).status).toBe(200);
    // Both files finished (duration and cues written) before anyone reviews them.
    await expect
      .poll(async () => ((await ines.api('GET', `${url}/recordings`)).body.recordings as { status: string }[]).map((r) => r.status).join(), { timeout: 60_000 })
      .toBe('finished,finished');
  });

  it('the review waits for the end: the room links to it, and the candidate is refused until a release', async () => {
    await interviewer.goto(`${server.url}/interviews/${id}`);
    await interviewer.getByTestId('ended-review-link').click();
    await interviewer.waitForURL(/\/review$/);
    await candidate.goto(`${server.url}/interviews/${id}/review`);
    expect(await candidate.getByTestId('review-refused').getAttribute('data-status')).toBe('403');
    expect(await candidate.getByTestId('review-refused').textContent()).toContain('once your interviewer releases the feedback');
  });

  it('seeking to a stroke shows it and not the stroke drawn 5 s later', { timeout: 60_000 }, async () => {
    const review = (await ines.api('GET', `/api/interviews/${id}/review`)).body as Review;
    await board(interviewer).waitFor();
    await expect.poll(() => board(interviewer).getAttribute('data-rendered-ms')).toBe('0');
    const seen = [...(await firstSeen(review, ines))].sort((a, b) => a[1] - b[1]);
    expect(seen.length).toBe(3);
    const [[first, firstAt], [second, secondAt]] = seen as [[string, number], [string, number]];
    expect(secondAt - firstAt).toBeGreaterThan(3_500);
    expect(await seek(interviewer, firstAt)).toEqual([first]);
    expect(await seek(interviewer, firstAt + 2_000)).toEqual([first]);
    expect(await seek(interviewer, secondAt)).toEqual([first, second]);
    expect(await seek(interviewer, Math.max(0, firstAt - 1))).toEqual([]);
  });

  it('shows phases, every kind of marker and a tile per recording; a note marker puts the board and both videos on its moment', { timeout: 60_000 }, async () => {
    expect(await interviewer.getByTestId('review-phase').count()).toBeGreaterThanOrEqual(2);
    const kinds = await interviewer.getByTestId('review-marker').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')).sort());
    expect(new Set(kinds)).toEqual(new Set(['card', 'note', 'signal', 'red_flag', 'score']));
    const videos = interviewer.getByTestId('review-video');
    expect(await videos.count()).toBe(2);
    await expect.poll(() => videos.evaluateAll((els) => els.every((v) => (v as HTMLVideoElement).readyState >= 1)), { timeout: 20_000 }).toBe(true);

    const marker = interviewer.locator('[data-testid=review-marker][data-kind=note]').nth(1);
    await marker.hover();
    await expect.poll(() => marker.locator('[role=tooltip]').isVisible()).toBe(true);
    expect(await marker.locator('[role=tooltip]').textContent()).toContain(NOTES[1]);
    const at = Number(await marker.getAttribute('data-at-ms'));
    await marker.click();
    await expect.poll(() => board(interviewer).getAttribute('data-rendered-ms')).toBe(String(at));
    // Each file's position, put on the shared axis with its offset, is the marker's moment (the issue allows 100 ms).
    const onAxis = () => videos.evaluateAll((els) => els.map((v) => (v as HTMLVideoElement).currentTime * 1000 + Number(v.getAttribute('data-offset-ms'))));
    await expect.poll(async () => (await onAxis()).map((position) => Math.abs(position - at) <= 100), { timeout: 10_000 }).toEqual([true, true]);

    // Keyboard: ← moves 5 s back, End and Home go to the ends, Space plays and K pauses.
    await interviewer.getByTestId('review-scrubber').focus();
    expect(await interviewer.getByTestId('review-scrubber').inputValue()).toBe(String(at));
    // (The session is under a minute long: +5 s from a late note could pass the end, so this steps back.)
    await interviewer.keyboard.press('ArrowLeft');
    await expect.poll(() => board(interviewer).getAttribute('data-rendered-ms')).toBe(String(Math.max(0, at - 5_000)));
    await interviewer.keyboard.press('End');
    await expect.poll(() => board(interviewer).getAttribute('data-rendered-ms')).toBe(await interviewer.getByTestId('review-scrubber').getAttribute('max'));
    await interviewer.keyboard.press('Home');
    await expect.poll(() => board(interviewer).getAttribute('data-rendered-ms')).toBe('0');
    await interviewer.keyboard.press(' ');
    await expect.poll(async () => Number(await board(interviewer).getAttribute('data-rendered-ms'))).toBeGreaterThan(500);
    await interviewer.keyboard.press('k');
    expect(await interviewer.getByTestId('review-play').textContent()).toBe('Play');
    // The interviewer's panel lists the notes in time order.
    expect(await interviewer.getByTestId('review-note').allTextContents()).toEqual([expect.stringContaining(NOTES[0]), expect.stringContaining(NOTES[1])]);
  });

  it('after a release with the recording but not the scores, the candidate sees exactly those parts', { timeout: 60_000 }, async () => {
    const release = await ines.api('POST', `/api/interviews/${id}/feedback/release`, { include: { scores: false, summaries: false, recommendation: false, levelEstimate: false, recording: true } });
    expect(release.status).toBe(201);
    // The ways in: the dashboard's "Review" for the candidate, the feedback page's link for the interviewer.
    await candidate.goto(`${server.url}/dashboard`);
    await candidate.locator(`a[data-testid=review-link][href="/interviews/${id}/review"]`).click();
    await candidate.waitForURL(`${server.url}/interviews/${id}/review`);
    await interviewer.goto(`${server.url}/interviews/${id}/feedback`);
    await interviewer.getByTestId('feedback-review-link').click();
    await interviewer.waitForURL(`${server.url}/interviews/${id}/review`);
    await expect.poll(() => board(candidate).getAttribute('data-rendered-ms')).toBe('0');
    expect(await candidate.getByTestId('review-video').count()).toBe(2);
    const kinds = await candidate.getByTestId('review-marker').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds).toEqual(['card']);
    expect(await candidate.getByTestId('review-panel').getAttribute('data-kind')).toBe('released');
    expect(await candidate.getByTestId('review-panel').textContent()).toContain(FEEDBACK);
    expect(await candidate.getByTestId('review-note').count()).toBe(0);
    expect(await seek(candidate, Number(await candidate.getByTestId('review-scrubber').getAttribute('max')))).toHaveLength(3);
    // On a phone the page fits the width, and the player comes before the details.
    await candidate.setViewportSize({ width: 390, height: 844 });
    expect(await candidate.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const play = (await candidate.getByTestId('review-play').boundingBox())!;
    const panel = (await candidate.getByTestId('review-panel').boundingBox())!;
    expect(play.y).toBeLessThan(panel.y);
    await candidate.setViewportSize({ width: 1280, height: 800 });
  });

  let shareUrl = '';
  it('the candidate shares what was released; a reviewer opens it and sees that scope; the open is logged', { timeout: 60_000 }, async () => {
    await candidate.getByTestId('share-create').click();
    const link = candidate.getByTestId('share-link').first();
    await link.waitFor();
    shareUrl = await link.locator('input').inputValue();
    expect(shareUrl).toMatch(new RegExp(`/interviews/${id}/review\\?share=[A-Za-z0-9_-]{32}$`));

    const rita = await signedInUser(server.url, 'Rita Reviewer');
    const reviewer = await open(rita);
    const reviewerWire = new WireRecorder(reviewer.context);
    const sharedPath = new URL(shareUrl);
    await reviewer.page.goto(server.url + sharedPath.pathname + sharedPath.search);
    await expect.poll(() => board(reviewer.page).getAttribute('data-rendered-ms')).toBe('0');
    expect(await reviewer.page.getByTestId('review-meta').textContent()).toContain('shared with you by Cal Candidate');
    expect(await reviewer.page.getByTestId('review-marker').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['card']);
    expect(await reviewer.page.getByTestId('review-video').count()).toBe(2);
    await expect.poll(() => reviewer.page.getByTestId('review-video').first().evaluate((v) => (v as HTMLVideoElement).readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    // A reviewer cannot make links of their own from someone else's.
    expect(await reviewer.page.getByTestId('share-create').count()).toBe(0);

    await candidate.reload();
    await expect.poll(() => candidate.getByTestId('share-link').first().textContent()).toContain('opened by Rita Reviewer');

    const leaked = noLeaks(reviewerWire, await reviewerWire.settle());
    expect(leaked).toEqual([]);

    // Revoked: the same link now says so.
    await candidate.getByTestId('share-revoke').first().click();
    await candidate.getByRole('dialog', { name: 'Revoke this link?' }).getByRole('button', { name: 'Revoke link' }).click();
    await expect.poll(() => candidate.getByTestId('share-link').first().getAttribute('data-state')).toBe('revoked');
    await reviewer.page.goto(server.url + sharedPath.pathname + sharedPath.search);
    expect(await reviewer.page.getByTestId('review-refused').getAttribute('data-status')).toBe('410');
    expect(await reviewer.page.getByTestId('review-refused').textContent()).toContain('revoked');
  });

  it("on the wire: nothing interviewer-only reached the candidate's browser", async () => {
    const records = await candidateWire.settle();
    expect(records.some((r) => r.kind === 'http' && r.url.includes('/review'))).toBe(true);
    expect(records.some((r) => r.kind === 'http' && r.url.includes('/review/board/'))).toBe(true);
    expect(noLeaks(candidateWire, records)).toEqual([]);
    // The recording is not blind: the revealed card and the released feedback did arrive.
    expect(candidateWire.find(card.prompt.trim()).length).toBeGreaterThan(0);
    expect(candidateWire.find(FEEDBACK).length).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });
});

/** Interviewer-only text found in what a browser received: the guide and rubric (bar the played card), the notes, the red flag and every signal. */
function noLeaks(wire: WireRecorder, records: { text: string }[]): string[] {
  expect(records.length).toBeGreaterThan(5);
  const played = new Set([card.prompt.trim(), card.title.trim()]);
  const secrets = [...interviewerOnlyStrings(scenario).filter((s) => !played.has(s)), ...NOTES];
  const found = secrets.flatMap((s) => [s, s.slice(0, 40)].flatMap((needle) => wire.find(needle).map((r) => `${needle.slice(0, 50)}… in ${r.kind} ${r.url}`)));
  // No score, summary or verdict field in any data answer either.
  const data = wire.data({});
  return [...found, ...data.filter((r) => /"(marks|recommendation|levelEstimate|notes|evaluations|candidateFeedback|dimensions)"\s*:/.test(r.text)).map((r) => `score data in ${r.url}`)];
}
