/**
 * axe-core on every signed-in page but the room, at desktop width and on a
 * phone. No serious or critical violation may remain, and any moderate one
 * must be on the accepted list (tests/e2e/axe-accepted.ts) with its reason.
 * Signed-out pages and the checker's own test are in accessibility-public.test.ts
 * (two files, so the e2e suite can run them side by side); the room, in each
 * role and state, is in accessibility-room.test.ts.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { expectAccessible } from '../helpers/axe';
import { launchBrowser, newContext } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { createInterview, interviewWithParties, signedInUser, signInContext, type InterviewParties, type SignedInUser } from '../helpers/interview-fixture';
import { loadScenarioLibrary } from '../../server/scenarios/library';

const scenario = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios')).get('payment-fraud-detection')!;

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
let interviewer: SignedInUser;
let outsider: SignedInUser;
let interviewId: string;
let inviteToken: string;
/** An ended interview with released feedback: candidate and observer chips on their dashboards, and a feedback page to read. */
let released: InterviewParties;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url));
  browser = await launchBrowser();
  interviewer = await signedInUser(server.url, 'Ines Interviewer');
  outsider = await signedInUser(server.url, 'Cal Candidate');
  // A dashboard row (with its role chip), a feedback page, and an invite the outsider has not accepted.
  const created = await createInterview(interviewer);
  interviewId = created.id;
  inviteToken = new URL(created.invites.candidate).pathname.split('/').pop()!;

  released = await interviewWithParties(server.url, scenario.slug);
  const url = `/api/interviews/${released.id}`;
  // Markers for the review page: a note (interviewers only) and a played card (everyone).
  expect((await released.interviewer.api('POST', `${url}/notes`, { text: 'Asked about the base rate first.' })).status).toBe(201);
  expect((await released.interviewer.api('POST', `${url}/cards/${scenario.guide.constraintCards[0]!.id}/reveal`)).status).toBe(201);
  expect((await released.interviewer.api('POST', `${url}/end`)).status).toBe(200);
  const scores = Object.fromEntries(scenario.rubric.dimensions.map((d, i) => [d.id, { score: (i % 4) + 1, summary: `Summary for ${d.title}.` }]));
  const evaluation = { scores, candidateFeedback: 'Clear framing of the cost of errors; size the serving path earlier next time.', recommendation: 'hire', levelEstimate: 'staff' };
  expect((await released.interviewer.api('PATCH', `${url}/evaluation`, evaluation)).status).toBe(200);
  const include = { scores: true, summaries: true, recommendation: true, levelEstimate: true };
  expect((await released.interviewer.api('POST', `${url}/feedback/release`, { include })).status).toBe(201);
  // Five sign-ups (argon2) and a server start on a shared two-core machine.
}, 240_000);
afterAll(async () => {
  expect(pageErrors).toEqual([]);
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

async function pageAs(as: SignedInUser | null): Promise<Page> {
  const context = await newContext(browser);
  contexts.push(context);
  if (as) await signInContext(context, server.url, as);
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

describe('axe: pages signed in', () => {
  it('dashboard with an interview', async () => {
    await check(await pageAs(interviewer), '/dashboard', 'dashboard');
  });

  it('dashboard, empty', async () => {
    await check(await pageAs(outsider), '/dashboard', 'dashboard (empty)');
  });

  it('scenario library, and filtered to nothing', async () => {
    const page = await pageAs(interviewer);
    await check(page, '/scenarios', 'scenario library');
    await check(page, '/scenarios?q=zzzz-nothing-matches', 'scenario library (no match)');
  });

  it('scenario guide', async () => {
    await check(await pageAs(interviewer), '/scenarios/payment-fraud-detection', 'scenario guide');
  });

  it('practice', async () => {
    await check(await pageAs(interviewer), '/scenarios/payment-fraud-detection/practice', 'practice');
  });

  it('new interview', async () => {
    await check(await pageAs(interviewer), '/interviews/new?scenario=payment-fraud-detection', 'new interview');
  });

  it('invite, signed in, and already a member', async () => {
    await check(await pageAs(outsider), `/invite/${inviteToken}`, 'invite (signed in)');
    await check(await pageAs(interviewer), `/invite/${inviteToken}`, 'invite (member)');
  });

  it('dashboards of a candidate and an observer (their role chips, "Read feedback")', async () => {
    await check(await pageAs(released.candidate), '/dashboard', 'dashboard (candidate)');
    await check(await pageAs(released.observer), '/dashboard', 'dashboard (observer)');
  });

  it('feedback, released, as the candidate reads it', async () => {
    await check(await pageAs(released.candidate), `/interviews/${released.id}/feedback`, 'feedback (released)');
  });

  it('settings', async () => {
    await check(await pageAs(interviewer), '/settings', 'settings');
  });

  it('session review, as the interviewer and as the candidate (timeline, markers, side panel, share links)', async () => {
    const asInterviewer = await pageAs(released.interviewer);
    await check(asInterviewer, `/interviews/${released.id}/review`, 'review (interviewer)');
    // The audit covered markers: the note, the played card and a score marker per scored dimension.
    const kinds = await asInterviewer.getByTestId('review-marker').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds.filter((k) => k === 'note' || k === 'card').sort()).toEqual(['card', 'note']);
    expect(kinds.filter((k) => k === 'score')).toHaveLength(scenario.rubric.dimensions.length);
    await check(await pageAs(released.candidate), `/interviews/${released.id}/review`, 'review (candidate)');
  });

  it('session review refused (before a release, or to an observer)', async () => {
    await check(await pageAs(released.observer), `/interviews/${released.id}/review`, 'review (refused)');
  });

  it('feedback, not yet released', async () => {
    await check(await pageAs(interviewer), `/interviews/${interviewId}/feedback`, 'feedback (pending)');
  });

  it('find a partner: the empty form, and an open request with its windows', async () => {
    await check(await pageAs(outsider), '/partner', 'partner (form)');
    const tomorrow = Math.ceil((Date.now() + 30 * 3_600_000) / 3_600_000) * 3_600_000;
    const slots = [{ startsAt: new Date(tomorrow).toISOString(), endsAt: new Date(tomorrow + 3 * 3_600_000).toISOString() }];
    expect((await interviewer.api('POST', '/api/matching/requests', { slots, level: 'staff', domains: ['search'], firstRole: 'either' })).status).toBe(201);
    await check(await pageAs(interviewer), '/partner', 'partner (open request)');
  });

  it('progress, empty and with released feedback charted', async () => {
    await check(await pageAs(outsider), '/progress', 'progress (empty)');
    const page = await pageAs(released.candidate);
    await check(page, '/progress', 'progress (charts)');
    expect(await page.getByTestId('score-chart').locator('circle.progress-dot').count()).toBe(scenario.rubric.dimensions.length);
  });

  it('room, for someone not in the interview', async () => {
    await check(await pageAs(outsider), `/interviews/${interviewId}`, 'room (not a member)');
  });
});

describe('axe: on a phone', () => {
  it('dashboard and landing at 360 px, where the header shows only the brand mark', async () => {
    // The wordmark's text is shrunk away below 480 px; the link must keep its name.
    for (const [as, path, where] of [[interviewer, '/dashboard', 'dashboard (phone)'], [null, '/', 'landing (phone)']] as const) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      contexts.push(context);
      if (as) await signInContext(context, server.url, as);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await check(page, path, where);
    }
  });
});
