/**
 * Sign-in UI in real Chromium against the real server. Only the tests about
 * the sign-in UI itself use the forms; the others sign in through the API.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser, newContext, openTwoContexts, signInThroughApi } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { HttpSession, uniqueEmail } from '../helpers/http-session';
import { createInterview, signedInUser } from '../helpers/interview-fixture';

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url, { SIGNIN_LIMIT_PER_EMAIL: '3', SIGNIN_LIMIT_PER_IP: '200' }));
  browser = await launchBrowser();
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  // Hydration mismatches and uncaught client errors fail the test that caused them.
  expect(pageErrors.splice(0)).toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

async function freshPage(): Promise<Page> {
  const context = await newContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/** Fills and submits the password form (for the tests that are about the sign-in UI). */
async function submitSignInForm(page: Page, email: string, password: string) {
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function createAccount(password = 'a long enough password') {
  const email = uniqueEmail('e2e');
  const response = await new HttpSession(server.url).signUp({ name: 'Jordan Avery', email, password });
  expect(response.status).toBe(201);
  return { email, password };
}

describe('sign-in UI', () => {
  it('signs up, signs out, signs back in and lands on the dashboard', async () => {
    const page = await freshPage();
    const email = uniqueEmail('journey');
    const password = 'my very own password';

    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Create a free account' }).click();
    await page.waitForURL(/\/signup/);
    await page.getByLabel('Name').fill('Priya Natarajan');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL(`${server.url}/dashboard`);
    await expect.poll(() => page.getByRole('heading', { name: 'Your interviews' }).isVisible()).toBe(true);
    expect(await page.getByTestId('nav-user').textContent()).toBe('Priya Natarajan');
    expect(await page.getByTestId('interviews-empty').textContent()).toContain('No interviews yet');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin\?signedOut=1/);
    expect(await page.getByText('You have signed out.').isVisible()).toBe(true);
    // Signed out means signed out: the dashboard sends us back to sign-in.
    await page.goto(`${server.url}/dashboard`);
    await page.waitForURL(/\/signin\?callbackUrl=%2Fdashboard/);

    await submitSignInForm(page, email, password);
    await page.waitForURL(`${server.url}/dashboard`);
    expect(await page.getByTestId('nav-user').textContent()).toBe('Priya Natarajan');
  });

  it('shows the signed-in header at once after signing up through an invite link, without a reload', async () => {
    const interviewer = await signedInUser(server.url, 'Ines Interviewer');
    const { id, invites } = await createInterview(interviewer);
    const page = await freshPage();
    let loads = 0;
    page.on('load', () => loads++);

    await page.goto(invites.candidate);
    expect(await page.getByRole('link', { name: 'Create account' }).isVisible()).toBe(true);
    const loadsBefore = loads;
    await page.getByLabel('Your name').fill('Carla Candidate');
    await page.getByLabel('Email').fill(uniqueEmail('invite-join'));
    await page.getByLabel('Choose a password').fill('candidate password');
    await page.getByRole('button', { name: 'Create account and join' }).click();

    await page.waitForURL(`${server.url}/interviews/${id}`);
    await expect.poll(() => page.getByTestId('nav-user').textContent(), { timeout: 10_000 }).toBe('Carla Candidate');
    expect(await page.getByRole('link', { name: 'Create account' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Sign in' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    // Client-side all the way: the header changed without the page loading again.
    expect(loads).toBe(loadsBefore);
  });

  it('shows a clear error for a wrong password and stays on the form', async () => {
    const { email } = await createAccount();
    const page = await freshPage();
    await page.goto(`${server.url}/signin`);
    await submitSignInForm(page, email, 'not my password');
    const alert = page.getByTestId('signin-error');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('That email and password do not match. Check both and try again.');
    expect(new URL(page.url()).pathname).toBe('/signin');
  });

  it('refuses a rate-limited sign-in with a message that says to wait', async () => {
    const { email, password } = await createAccount();
    const page = await freshPage();
    await page.goto(`${server.url}/signin`);
    const alert = page.getByTestId('signin-error');
    for (let attempt = 1; attempt <= 3; attempt++) {
      await submitSignInForm(page, email, `wrong guess ${attempt}`);
      await expect.poll(async () => (await alert.isVisible()) && (await alert.textContent())).toMatch(/do not match/);
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ state: 'visible' });
    }
    // The right password no longer helps until the window passes.
    await submitSignInForm(page, email, password);
    await expect.poll(() => alert.textContent()).toMatch(/^Too many sign-in attempts\. For your account's safety, try again in \d+ minutes\.$/);
    expect(new URL(page.url()).pathname).toBe('/signin');
  });

  it('shows field errors and a duplicate-email message on sign-up', async () => {
    const { email } = await createAccount();
    const page = await freshPage();
    await page.goto(`${server.url}/signup`);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    expect(await page.locator('#name-error').textContent()).toBe('Enter your name.');
    expect(await page.locator('#password-error').textContent()).toBe('Use at least 10 characters.');
    expect(await page.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Name').fill('Someone Else');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByTestId('signup-error').waitFor();
    expect(await page.getByTestId('signup-error').textContent()).toBe('An account with that email already exists. Sign in instead.');
  });

  it('asks for a magic link and shows where it went', async () => {
    const page = await freshPage();
    const email = uniqueEmail('link');
    await page.goto(`${server.url}/signin`);
    await page.locator('#email').fill(email);
    await page.getByRole('button', { name: 'Email me a one-time sign-in link' }).click();
    await page.waitForURL(/\/signin\/check-email/);
    expect(await page.getByRole('heading', { name: 'Check your email' }).isVisible()).toBe(true);
    expect(await page.locator('strong').first().textContent()).toBe(email);
    await server.waitForOutput(new RegExp(`Magic sign-in link for ${email.replace(/[.+]/g, '\\$&')}`));
  });
});

describe('signed-in browsing', () => {
  it('sends a signed-out visitor to sign-in and back to the page they wanted', async () => {
    const { email, password } = await createAccount();
    const page = await freshPage();
    await page.goto(`${server.url}/dashboard`);
    await page.waitForURL(/\/signin\?callbackUrl=%2Fdashboard/);
    await submitSignInForm(page, email, password);
    await page.waitForURL(`${server.url}/dashboard`);
  });

  it('keeps two signed-in contexts apart (interviewer and candidate)', async () => {
    const pair = await openTwoContexts(browser);
    contexts.push(pair.interviewer.context, pair.candidate.context);
    const interviewer = { email: uniqueEmail('iv'), password: 'interviewer password' };
    const candidate = { email: uniqueEmail('cd'), password: 'candidate password' };
    const api = new HttpSession(server.url);
    expect((await api.signUp({ name: 'Ines Interviewer', ...interviewer })).status).toBe(201);
    expect((await api.signUp({ name: 'Cal Candidate', ...candidate })).status).toBe(201);
    await signInThroughApi(pair.interviewer.context, server.url, interviewer.email, interviewer.password);
    await signInThroughApi(pair.candidate.context, server.url, candidate.email, candidate.password);

    await Promise.all([pair.interviewer.page.goto(`${server.url}/dashboard`), pair.candidate.page.goto(`${server.url}/dashboard`)]);
    expect(await pair.interviewer.page.getByTestId('nav-user').textContent()).toBe('Ines Interviewer');
    expect(await pair.candidate.page.getByTestId('nav-user').textContent()).toBe('Cal Candidate');
  });

  it('redirects a signed-in user away from the sign-in page', async () => {
    const { email, password } = await createAccount();
    const page = await freshPage();
    await signInThroughApi(page.context(), server.url, email, password);
    await page.goto(`${server.url}/signin`);
    await page.waitForURL(`${server.url}/dashboard`);
  });
});
