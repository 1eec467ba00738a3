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
const contexts: BrowserContext[] = [];
const pages = {} as Record<Role, Page>;
const pageErrors: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  // A known port, so APP_URL (and with it the realtime Origin check) matches the address the browsers use.
  server = await startAppServer(testServerEnv(database.url, { PORT: String(await freePort()) }));
  browser = await launchBrowser();
  parties = await interviewWithParties(server.url);
  for (const role of ROLES) {
    const context = await newContext(browser);
    contexts.push(context);
    await signInContext(context, server.url, parties[role]);
    pages[role] = await context.newPage();
    pages[role].on('pageerror', (error) => pageErrors.push(`${role}: ${error.message}`));
  }
  // Three sign-ups (argon2) and a server start on a shared two-core machine.
}, 240_000);
afterAll(async () => {
  expect(pageErrors).toEqual([]);
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

/** The room has settled: connected, and the whiteboard has drawn its editor. */
async function settled(page: Page): Promise<void> {
  await roomLive(page);
  await page.locator('.room-board .excalidraw').first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
}

describe('axe: the room before the start', () => {
  beforeAll(async () => {
    for (const role of ROLES) {
      await pages[role].goto(`${server.url}/interviews/${parties.id}`);
      await settled(pages[role]);
    }
  }, 180_000);

  for (const role of ROLES) {
    it(`${role}`, async () => {
      await expectAccessible(pages[role], `room: ${role}, before start`);
    });
  }
});

describe('axe: the room live, with a card revealed', () => {
  beforeAll(async () => {
    await pages.interviewer.getByRole('button', { name: 'Start' }).click();
    const card = 'late-labels';
    expect((await parties.interviewer.api('POST', `/api/interviews/${parties.id}/cards/${card}/reveal`)).status).toBe(201);
    for (const role of ROLES) {
      await expect.poll(() => pages[role].locator('.timer-bar').getAttribute('data-state')).toBe('running');
      await pages[role].getByTestId('revealed-cards').waitFor();
    }
  }, 180_000);

  for (const role of ROLES) {
    it(`${role}`, async () => {
      await expectAccessible(pages[role], `room: ${role}, live`);
    });
  }
});

describe('axe: the room after the end', () => {
  beforeAll(async () => {
    expect((await parties.interviewer.api('POST', `/api/interviews/${parties.id}/end`)).status).toBe(200);
    for (const role of ROLES) await pages[role].getByTestId('ended-banner').waitFor({ timeout: 30_000 });
  }, 180_000);

  for (const role of ROLES) {
    it(`${role}`, async () => {
      await expectAccessible(pages[role], `room: ${role}, ended`);
    });
  }
});
