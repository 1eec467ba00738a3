/**
 * axe-core on the room as each role sees it (interviewer, candidate,
 * observer), in each state: before the start, live (timer running and a
 * constraint card revealed) and ended. Same bar as the other pages: no
 * serious or critical violation, and moderate ones only from the accepted
 * list (tests/e2e/axe-accepted.ts).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { expectAccessible } from '../helpers/axe';
import { launchBrowser, newContext, roomLive } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { interviewWithParties, signInContext, type InterviewParties } from '../helpers/interview-fixture';
import { freePort } from '../helpers/ports';

const ROLES = ['interviewer', 'candidate', 'observer'] as const;
type Role = (typeof ROLES)[number];

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
let parties: InterviewParties;
const contexts = {} as Record<Role, BrowserContext>;
const pageErrors: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  // A known port, so APP_URL (and with it the realtime Origin check) matches the address the browsers use.
  server = await startAppServer(testServerEnv(database.url, { PORT: String(await freePort()) }));
  browser = await launchBrowser();
  parties = await interviewWithParties(server.url);
  for (const role of ROLES) {
    contexts[role] = await newContext(browser);
    await signInContext(contexts[role], server.url, parties[role]);
  }
  // Three sign-ups (argon2) and a server start on a shared two-core machine.
}, 240_000);
afterAll(async () => {
  expect(pageErrors).toEqual([]);
  for (const context of Object.values(contexts)) await context.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

/**
 * Opens the room as `role` and waits until it has settled: connected, and
 * the whiteboard has drawn its editor. One room page at a time: three live
 * whiteboards and calls at once starve a shared two-core machine.
 */
async function openRoom(role: Role): Promise<Page> {
  const page = await contexts[role].newPage();
  page.on('pageerror', (error) => pageErrors.push(`${role}: ${error.message}`));
  await page.goto(`${server.url}/interviews/${parties.id}`);
  await roomLive(page, 90_000);
  await page.locator('.room-board .excalidraw').first().waitFor({ timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  return page;
}

async function auditRoom(role: Role, state: string, ready: (page: Page) => Promise<unknown>): Promise<void> {
  const page = await openRoom(role);
  try {
    await ready(page);
    await expectAccessible(page, `room: ${role}, ${state}`);
  } finally {
    await page.close();
  }
}

const ROOM_TEST_MS = 180_000;

describe('axe: the room before the start', () => {
  for (const role of ROLES) {
    it(role, async () => {
      await auditRoom(role, 'before start', (page) => page.locator('.timer-bar').waitFor());
    }, ROOM_TEST_MS);
  }
});

describe('axe: the room live, with a card revealed', () => {
  beforeAll(async () => {
    // The timer is started over socket.io, so through the interviewer's own Start button.
    const page = await openRoom('interviewer');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.locator('.timer-bar[data-state=running]').waitFor({ timeout: 30_000 });
    await page.close();
    expect((await parties.interviewer.api('POST', `/api/interviews/${parties.id}/cards/late-labels/reveal`)).status).toBe(201);
  }, ROOM_TEST_MS);

  for (const role of ROLES) {
    it(role, async () => {
      await auditRoom(role, 'live', async (page) => {
        await page.locator('.timer-bar[data-state=running]').waitFor({ timeout: 30_000 });
        // Interviewers keep played cards under their Cards tab; the others see them in the column.
        if (role === 'interviewer') await page.getByRole('tab', { name: /^Cards/ }).click();
        await page.getByTestId('revealed-cards').waitFor({ timeout: 30_000 });
      });
    }, ROOM_TEST_MS);
  }
});

describe('axe: the room while recording (the consent dialog, the REC indicator and its panel)', () => {
  beforeAll(async () => {
    const started = await parties.interviewer.api('POST', `/api/interviews/${parties.id}/recording`);
    expect(started.status).toBe(201);
    const consent = { sessionId: started.body.session.id, decision: 'allowed', mimeType: 'video/webm;codecs=vp8,opus' };
    expect((await parties.interviewer.api('POST', `/api/interviews/${parties.id}/recording/consent`, consent)).status).toBe(200);
  });

  for (const role of ROLES) {
    it(role, async () => {
      await auditRoom(role, 'recording', async (page) => {
        await page.getByTestId('rec-indicator').waitFor({ timeout: 30_000 });
        // The candidate has not answered yet: the dialog is what they see. The others open the indicator's panel.
        if (role === 'candidate') await page.locator('dialog[data-testid=consent-dialog][open]').waitFor({ timeout: 30_000 });
        else {
          await page.getByTestId('rec-indicator').click();
          await page.getByTestId('rec-panel').waitFor();
        }
      });
    }, ROOM_TEST_MS);
  }
});

describe('axe: the room after the end', () => {
  beforeAll(async () => {
    expect((await parties.interviewer.api('POST', `/api/interviews/${parties.id}/end`)).status).toBe(200);
  });

  for (const role of ROLES) {
    it(role, async () => {
      await auditRoom(role, 'ended', (page) => page.getByTestId('ended-banner').waitFor({ timeout: 30_000 }));
    }, ROOM_TEST_MS);
  }
});
