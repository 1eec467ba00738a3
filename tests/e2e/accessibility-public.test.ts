/**
 * axe-core on the pages a signed-out visitor sees, and a check that the audit
 * itself fails on a known violation. The rules are those of
 * accessibility-pages.test.ts: no serious or critical violation, and moderate
 * ones only from the accepted list (tests/e2e/axe-accepted.ts).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { audit, expectAccessible, formatReport } from '../helpers/axe';
import { launchBrowser, newContext } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { createInterview, signedInUser, type SignedInUser } from '../helpers/interview-fixture';

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
let interviewer: SignedInUser;
let inviteToken: string;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url));
  browser = await launchBrowser();
  interviewer = await signedInUser(server.url, 'Ines Interviewer');
  // An invite link for the signed-out invite page.
  const created = await createInterview(interviewer);
  inviteToken = new URL(created.invites.candidate).pathname.split('/').pop()!;
}, 120_000);
afterAll(async () => {
  expect(pageErrors).toEqual([]);
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

async function signedOutPage(): Promise<Page> {
  const context = await newContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/** Opens the page, waits for its heading (the page has rendered and hydrated enough to judge), and audits it. */
async function check(page: Page, path: string, where: string): Promise<void> {
  await page.goto(server.url + path);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
  await expectAccessible(page, where);
}

describe('axe: pages signed out', () => {
  it('landing', async () => {
    await check(await signedOutPage(), '/', 'landing');
  });

  it('sign-in', async () => {
    await check(await signedOutPage(), '/signin', 'sign-in');
  });

  it('sign-in after signing out, with its notice', async () => {
    await check(await signedOutPage(), '/signin?signedOut=1', 'sign-in (signed out notice)');
  });

  it('sign-in with a wrong password shows its error accessibly', async () => {
    const page = await signedOutPage();
    await page.goto(`${server.url}/signin`);
    await page.getByLabel('Email').fill(interviewer.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByTestId('signin-error').waitFor();
    await expectAccessible(page, 'sign-in (error)');
  });

  it('sign-up', async () => {
    await check(await signedOutPage(), '/signup', 'sign-up');
  });

  it('check-email', async () => {
    await check(await signedOutPage(), '/signin/check-email?email=someone%40example.com', 'check-email');
  });

  it('invite, signed out', async () => {
    await check(await signedOutPage(), `/invite/${inviteToken}`, 'invite (signed out)');
  });

  it('invite, unknown link', async () => {
    await check(await signedOutPage(), '/invite/not-a-real-token-at-all', 'invite (unusable)');
  });
});

describe('the checker itself', () => {
  it('fails on a page with a known serious violation, naming the rule and the element', async () => {
    // Guards against an audit that silently passes everything (wrong tags, rules off).
    const page = await signedOutPage();
    await page.goto(`${server.url}/signin`);
    // After hydration, or React may discard the planted nodes as a mismatch.
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => {
      const button = document.createElement('button');
      button.id = 'nameless';
      document.querySelector('main')!.append(button);
      const input = document.createElement('input');
      input.id = 'unlabelled';
      document.querySelector('main')!.append(input);
    });
    expect(await page.locator('#nameless, #unlabelled').count()).toBe(2);
    const report = await audit(page, 'sign-in with a planted nameless button');
    const ids = report.failing.map((v) => v.id);
    expect(ids).toContain('button-name');
    expect(ids).toContain('label');
    const text = formatReport(report);
    expect(text).toContain('[critical] button-name');
    expect(text).toContain('#nameless');
  });
});
