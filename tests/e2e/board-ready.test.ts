/**
 * The board's readiness marker (`data-board-ready="true"` and the
 * `board-ready` User Timing mark, which bench/room-ready.ts times): it may
 * only appear once the doc's elements are in the editor's scene, and a board
 * marked ready must take a stroke that reaches the other people in the room.
 */
import { joinThroughLobby } from '../helpers/lobby';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser, newContext } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { createInterview, joinThroughInvite, signedInUser, signInContext, type SignedInUser } from '../helpers/interview-fixture';
import { freePort } from '../helpers/ports';
import { boardClient, eventually, type BoardClient } from '../helpers/yjs-client';

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
let parties: { id: string; interviewer: SignedInUser; candidate: SignedInUser };
let watcher: BoardClient;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

/**
 * Notes, the moment the marker attribute appears, what the board said it
 * shows then, so the test sees the order of events rather than a later state.
 */
const RECORD_READY_MOMENT = `(() => {
  const observer = new MutationObserver(() => {
    const board = document.querySelector('[data-testid=whiteboard][data-board-ready=true]');
    if (!board || window.__readyMoment) return;
    window.__readyMoment = {
      elements: board.getAttribute('data-elements'),
      marks: performance.getEntriesByName('board-ready', 'mark').length,
    };
    observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-board-ready'] });
})();`;

/** An element as a peer's Excalidraw would store it; the editor's restore fills in the rest. */
function stored(id: string, type: 'rectangle' | 'ellipse' | 'diamond', n: number) {
  return {
    id,
    type,
    x: 100 + n * 160,
    y: 120,
    width: 120,
    height: 80,
    angle: 0,
    strokeColor: '#1e1e1e',
    backgroundColor: 'transparent',
    fillStyle: 'solid',
    strokeWidth: 2,
    strokeStyle: 'solid',
    roughness: 1,
    opacity: 100,
    groupIds: [],
    frameId: null,
    index: `a${n}`,
    roundness: null,
    seed: 1000 + n,
    version: 3,
    versionNonce: 77 + n,
    isDeleted: false,
    boundElements: null,
    updated: Date.now(),
    link: null,
    locked: false,
  };
}

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url, { PORT: String(await freePort()) }));
  browser = await launchBrowser();
  // Two people are enough here (each sign-up hashes a password, which is slow on a busy machine).
  const interviewer = await signedInUser(server.url, 'Ines Interviewer');
  const { id, invites } = await createInterview(interviewer);
  parties = { id, interviewer, candidate: await joinThroughInvite(server.url, 'Cal Candidate', invites.candidate) };
  // The interviewer's drawing is on the board before the candidate arrives.
  watcher = boardClient(server.url, parties.id, parties.interviewer.cookieHeader());
  await watcher.synced();
  watcher.doc.transact(() => {
    (['rectangle', 'ellipse', 'diamond'] as const).forEach((type, n) => watcher.elements.set(`seeded-${type}`, stored(`seeded-${type}`, type, n)));
  });
  context = await newContext(browser);
  await signInContext(context, server.url, parties.candidate);
  await context.addInitScript({ content: RECORD_READY_MOMENT });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});
afterAll(async () => {
  watcher?.destroy();
  await context?.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

describe('the board readiness marker', () => {
  it('appears only once the elements already on the board are in the editor, and is marked once', async () => {
    await page.goto(`${server.url}/interviews/${parties.id}`);
    await page.waitForSelector('[data-testid=whiteboard][data-board-ready=true]', { timeout: 30_000 });
    const moment = await page.evaluate('window.__readyMoment');
    expect(moment).toEqual({ elements: 'diamond,ellipse,rectangle', marks: 1 });
    expect(await page.getByTestId('whiteboard').getAttribute('data-state')).toBe('connected');
    expect(pageErrors).toEqual([]);
  });

  it('takes a stroke as soon as it is marked ready, and the stroke reaches the other side', async () => {
    // The board is drawable behind the lobby; a person draws once they have joined.
    await joinThroughLobby(page);
    const box = (await page.getByTestId('whiteboard').boundingBox())!;
    await page.getByTitle(/Ellipse/).first().click();
    await page.mouse.move(box.x + 420, box.y + 320);
    await page.mouse.down();
    await page.mouse.move(box.x + 560, box.y + 420, { steps: 8 });
    await page.mouse.up();
    await page.keyboard.press('Escape');
    const drawn = () => [...watcher.elements.values()].filter((e) => (e as { type: string }).type === 'ellipse').length;
    await eventually(() => drawn() === 2, 'the candidate’s ellipse in the interviewer’s doc', 10_000);
    expect(await page.getByTestId('whiteboard').getAttribute('data-elements')).toBe('diamond,ellipse,ellipse,rectangle');
  });
});

describe('the board comes first', () => {
  /** Next's router prefetches of other pages, as the browser sent them. */
  const prefetchesOf = (target: Page) => {
    const seen: string[] = [];
    target.on('request', (request) => {
      const url = new URL(request.url());
      if (url.searchParams.has('_rsc') && request.headers()['next-router-prefetch']) seen.push(url.pathname);
    });
    return seen;
  };

  it('the room renders the board’s loading state on the server, so its HTML preloads the board code', async () => {
    const html = await (await fetch(`${server.url}/interviews/${parties.id}`, { headers: { cookie: parties.candidate.cookieHeader() } })).text();
    expect(html).toContain('data-testid="whiteboard-loading"');
    expect(html).toMatch(/<link rel="preload"[^>]*as="script"/);
  });

  it('the room prefetches no other page while it loads; the dashboard still prefetches its links', async () => {
    const other = await newContext(browser);
    try {
      await signInContext(other, server.url, parties.interviewer);
      const room = await other.newPage();
      const fromRoom = prefetchesOf(room);
      await room.goto(`${server.url}/interviews/${parties.id}`);
      await room.waitForSelector('[data-testid=whiteboard][data-board-ready=true]', { timeout: 30_000 });
      await room.getByRole('tablist', { name: 'Room panel' }).waitFor({ timeout: 10_000 });
      await room.waitForTimeout(1500);
      expect(fromRoom).toEqual([]);

      // The same header elsewhere does prefetch, so the listener above can see one.
      const dashboard = await other.newPage();
      const fromDashboard = prefetchesOf(dashboard);
      await dashboard.goto(`${server.url}/dashboard`);
      await expect.poll(() => fromDashboard.includes('/scenarios'), { timeout: 10_000 }).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('the interviewer’s tools ask for their data only once the board is ready', async () => {
    const other = await newContext(browser);
    try {
      await signInContext(other, server.url, parties.interviewer);
      const room = await other.newPage();
      await room.goto(`${server.url}/interviews/${parties.id}`);
      await room.waitForSelector('[data-testid=whiteboard][data-board-ready=true]', { timeout: 30_000 });
      await room.getByRole('tablist', { name: 'Room panel' }).waitFor({ timeout: 10_000 });
      const read = () =>
        room.evaluate(() => ({
          ready: performance.getEntriesByName('board-ready', 'mark')[0].startTime,
          tools: performance
            .getEntriesByType('resource')
            .filter((r) => /^\/api\/interviews\/[^/]+\/(guide|rubric|evaluation|notes)$/.test(new URL(r.name).pathname))
            .map((r) => r.startTime),
        }));
      // A request shows up in resource timing once its answer is in, a moment after the tabs render.
      await expect.poll(async () => (await read()).tools.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
      const timing = await read();
      expect(Math.min(...timing.tools)).toBeGreaterThanOrEqual(timing.ready);
    } finally {
      await other.close();
    }
  });
});
