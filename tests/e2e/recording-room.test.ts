/**
 * Recording in the room, in two Chromium contexts with fake camera and
 * microphone: the interviewer presses Record, both allow, both record while
 * drawing; the candidate goes offline for 15 s mid-recording and then reloads;
 * the interviewer stops it for everyone. Both files are complete (every chunk
 * captured arrived), finished by our finishing step, and play and seek in
 * Chromium. Then a second interview where the candidate declines: nothing of
 * theirs is stored, and both screens say they are not recorded.
 */
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser, newContext, roomLive } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { acceptInvite, createInterview, signedInUser, signInContext, type SignedInUser } from '../helpers/interview-fixture';
import { freePort } from '../helpers/ports';
import { lastBlockMs, probeInChromium } from '../helpers/recorded-file';

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url, { PORT: String(await freePort()) }));
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

interface Person {
  user: SignedInUser;
  context: BrowserContext;
  page: Page;
  userId: string;
}

async function person(user: SignedInUser): Promise<Person> {
  const context = await newContext(browser);
  contexts.push(context);
  await signInContext(context, server.url, user);
  const { body } = await user.json<{ user: { id: string } }>('/api/auth/session');
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { user, context, page, userId: body.user.id };
}

async function pair(): Promise<{ id: string; interviewer: Person; candidate: Person }> {
  const iv = await signedInUser(server.url, 'Ines Interviewer');
  const { id, invites } = await createInterview(iv);
  const cand = await signedInUser(server.url, 'Cal Candidate');
  await acceptInvite(cand, invites.candidate);
  return { id, interviewer: await person(iv), candidate: await person(cand) };
}

async function enter(p: Person, id: string): Promise<void> {
  await p.page.goto(`${server.url}/interviews/${id}`);
  await roomLive(p.page);
}

const consent = (page: Page) => page.locator('dialog[data-testid=consent-dialog][open]');
const who = (page: Page) => page.getByTestId('rec-who');

/** A few strokes on the board, so the recording covers a session with drawing. */
async function scribble(page: Page, n: number): Promise<void> {
  const box = (await page.getByTestId('whiteboard').boundingBox())!;
  await page.getByTitle(/Rectangle/).first().click();
  const x = box.x + 120 + (n % 6) * 60;
  const y = box.y + 140 + Math.floor(n / 6) * 60;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 40, y + 30, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.press('Escape');
}

async function drawFor(ms: number, pages: Page[], start = 0): Promise<number> {
  const until = Date.now() + ms;
  let n = start;
  while (Date.now() < until) {
    for (const page of pages) await scribble(page, n % 30);
    n++;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return n;
}

interface Row {
  id: string;
  userId: string;
  status: string;
  nextSeq: number;
  finalChunks: number | null;
  durationMs: number | null;
}

async function query<T>(sql: string, values: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

const recordingRows = (interviewId: string) =>
  query<Row>('SELECT id, "userId", status, "nextSeq", "finalChunks", "durationMs" FROM "Recording" WHERE "interviewId" = $1 ORDER BY "startedAt"', [interviewId]);

describe('recording a session in the room', () => {
  it('both allow and record while drawing; the candidate survives 15 s offline and a reload; both files are complete, playable and seekable', { timeout: 240_000 }, async () => {
    const { id, interviewer, candidate } = await pair();
    await enter(interviewer, id);
    await enter(candidate, id);

    // Nothing is asked before Record.
    expect(await consent(candidate.page).count()).toBe(0);
    await interviewer.page.getByTestId('record-button').click();

    // The interviewer, like everyone who publishes, is asked too.
    await consent(interviewer.page).waitFor();
    await expect.poll(() => consent(interviewer.page).textContent()).toMatch(/You asked to record this session[\s\S]*camera[\s\S]*microphone[\s\S]*board/);
    await consent(interviewer.page).getByRole('button', { name: 'Allow recording' }).click();
    await consent(candidate.page).waitFor();
    expect(await consent(candidate.page).textContent()).toMatch(/Ines Interviewer asks to record this session/);
    await consent(candidate.page).getByRole('button', { name: 'Allow recording' }).click();
    const startedAt = Date.now();

    // Everyone sees the same indicator: REC, the time, whose streams.
    for (const page of [interviewer.page, candidate.page]) {
      await expect.poll(() => who(page).textContent(), { timeout: 15_000 }).toMatch(/^(You, Cal Candidate|Ines Interviewer, You)$/);
      const box = (await page.getByTestId('rec-indicator').boundingBox())!;
      expect(box.y + box.height).toBeLessThan(800);
      expect(box.x + box.width).toBeLessThan(1280);
    }

    let strokes = await drawFor(6_000, [interviewer.page, candidate.page]);
    await candidate.context.setOffline(true);
    await expect.poll(() => candidate.page.getByTestId('recording-upload').textContent(), { timeout: 15_000 }).toMatch(/Offline, will retry/);
    strokes = await drawFor(15_000, [interviewer.page], strokes);
    // What was captured offline is still on the candidate's device, waiting.
    const waiting = await candidate.page.getByTestId('recording-upload').textContent();
    expect(Number(/\((\d+) waiting\)/.exec(waiting ?? '')?.[1] ?? 0)).toBeGreaterThanOrEqual(3);
    await candidate.context.setOffline(false);
    const reloadedAt = Date.now();
    await candidate.page.reload();
    await roomLive(candidate.page);
    // The recording goes on after the reload: no new question, same file.
    await expect.poll(() => who(candidate.page).textContent(), { timeout: 15_000 }).toBe('Ines Interviewer, You');
    const resumedAt = Date.now();
    expect(await consent(candidate.page).count()).toBe(0);
    await drawFor(6_000, [interviewer.page, candidate.page], strokes);

    await interviewer.page.getByTestId('rec-indicator').click();
    await interviewer.page.getByRole('button', { name: 'Stop recording for everyone' }).click();
    const stoppedAt = Date.now();
    for (const page of [interviewer.page, candidate.page]) {
      await expect.poll(() => page.getByTestId('rec-indicator').count(), { timeout: 15_000 }).toBe(0);
      await expect.poll(() => page.getByTestId('recording-upload').textContent(), { timeout: 60_000 }).toBe('Recording: All saved');
    }

    await expect.poll(async () => (await recordingRows(id)).map((r) => r.status), { timeout: 60_000 }).toEqual(['finished', 'finished']);
    const rows = await recordingRows(id);
    for (const row of rows) {
      // No gap: the server holds every chunk the browser said it captured.
      expect(row.finalChunks).toBe(row.nextSeq);
      expect(row.nextSeq).toBeGreaterThanOrEqual(6);
    }
    const ivRow = rows.find((r) => r.userId === interviewer.userId)!;
    const candRow = rows.find((r) => r.userId === candidate.userId)!;
    // The candidate kept recording while offline, and again after the reload, into the same file: it covers
    // everything but the reload itself and the timeslice the reload cut short (at most 3 s).
    const captured = stoppedAt - startedAt - (resumedAt - reloadedAt);
    console.log(`[recording-room] wall ${stoppedAt - startedAt} ms, reload gap ${resumedAt - reloadedAt} ms, candidate file ${candRow.durationMs} ms (${candRow.nextSeq} chunks), interviewer file ${ivRow.durationMs} ms (${ivRow.nextSeq} chunks)`);
    expect(candRow.durationMs!).toBeGreaterThan(captured - 4_000);
    expect(candRow.durationMs!).toBeLessThan(captured + 2_000);

    for (const row of [ivRow, candRow]) {
      const url = `${server.url}/api/interviews/${id}/recording/${row.id}/media`;
      const probe = await probeInChromium(interviewer.page, url);
      const content = await lastBlockMs(await (await interviewer.page.request.get(url)).body());
      expect(Number.isFinite(probe.duration)).toBe(true);
      expect(Math.abs(probe.duration * 1000 - content)).toBeLessThan(1000);
      expect(Math.abs(probe.duration * 1000 - row.durationMs!)).toBeLessThan(1000);
      expect(probe.seeked).toBe(true);
      expect(probe.seekedTo).toBeGreaterThan(probe.duration * 0.85);
    }
    // The interviewer's recording never paused: it spans from Allow to Stop.
    expect(Math.abs(ivRow.durationMs! - (stoppedAt - startedAt))).toBeLessThan(4_000);

    // The feedback page: the candidate watches their own file; the interviewer's is neither listed nor linked before a release.
    const html: string[] = [];
    candidate.page.on('response', (r) => void r.text().then((t) => html.push(t), () => {}));
    await candidate.page.goto(`${server.url}/interviews/${id}/feedback`);
    await expect.poll(() => candidate.page.getByTestId('recording-item').count()).toBe(1);
    expect(await candidate.page.getByTestId('recordings-held-back').textContent()).toMatch(/One more recording/);
    expect(await candidate.page.locator('video').getAttribute('src')).toContain(candRow.id);
    expect(html.join('\n')).toContain(candRow.id);
    expect(html.join('\n')).not.toContain(ivRow.id);
    // Withdrawing consent deletes their recording, through an in-app confirmation.
    await candidate.page.getByRole('button', { name: 'Withdraw consent' }).click();
    await candidate.page.getByRole('button', { name: 'Withdraw and delete' }).click();
    await expect.poll(() => candidate.page.getByTestId('recording-item').count()).toBe(0);
    expect((await recordingRows(id)).map((r) => r.userId)).toEqual([interviewer.userId]);
    expect(pageErrors).toEqual([]);
  });

  it('the candidate declines: nothing of theirs is stored, and both sides see they are not recorded', { timeout: 120_000 }, async () => {
    const { id, interviewer, candidate } = await pair();
    await enter(interviewer, id);
    await enter(candidate, id);
    await interviewer.page.getByTestId('record-button').click();
    await consent(interviewer.page).getByRole('button', { name: 'Allow recording' }).click();
    await consent(candidate.page).getByRole('button', { name: 'Decline' }).click();
    await expect.poll(() => who(interviewer.page).textContent(), { timeout: 15_000 }).toBe('You · not recorded: Cal Candidate');
    await expect.poll(() => who(candidate.page).textContent(), { timeout: 15_000 }).toBe('Ines Interviewer · not recorded: You');
    await candidate.page.getByTestId('rec-indicator').click();
    await expect.poll(() => candidate.page.getByTestId('rec-person-candidate').textContent()).toMatch(/declined, not recorded/);
    await drawFor(5_000, [interviewer.page]);
    await interviewer.page.getByTestId('rec-indicator').click();
    await interviewer.page.getByRole('button', { name: 'Stop recording for everyone' }).click();
    await expect.poll(async () => (await recordingRows(id)).map((r) => [r.userId, r.status]), { timeout: 60_000 }).toEqual([[interviewer.userId, 'finished']]);
    const decisions = await query<{ userId: string; decision: string }>(
      'SELECT c."userId", c.decision FROM "RecordingConsent" c JOIN "RecordingSession" s ON s.id = c."sessionId" WHERE s."interviewId" = $1 ORDER BY c."decidedAt"',
      [id],
    );
    expect(decisions.map((d) => [d.userId, d.decision])).toEqual([
      [interviewer.userId, 'allowed'],
      [candidate.userId, 'declined'],
    ]);
    // The candidate's browser never stored a chunk either.
    const stored = await candidate.page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('mockroom-recordings');
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('chunks')) return resolve(0);
            const count = db.transaction('chunks').objectStore('chunks').count();
            count.onsuccess = () => resolve(count.result);
          };
          open.onerror = () => resolve(-1);
        }),
    );
    expect(stored).toBe(0);
  });
});
