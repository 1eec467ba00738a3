/**
 * Sets up people and interviews through the real API: sign-up, sign-in,
 * creating an interview and accepting invite links, plus signing a browser
 * context in as one of those people.
 */
import type { BrowserContext } from 'playwright-core';
import { expect } from 'vitest';
import { signInThroughApi } from './browser';
import { HttpSession, uniqueEmail } from './http-session';

export const TEST_PASSWORD = 'a long enough password';

/** A signed-in API session that remembers its email, so a browser can sign in as the same person. */
export type SignedInUser = HttpSession & { readonly email: string };

export type InviteLinks = Record<'candidate' | 'interviewer' | 'observer', string>;

export async function signedInUser(baseUrl: string, name: string): Promise<SignedInUser> {
  const session = new HttpSession(baseUrl);
  const email = uniqueEmail(name.toLowerCase().replace(/\W+/g, '-'));
  expect((await session.signUp({ name, email, password: TEST_PASSWORD })).status).toBe(201);
  expect(await session.signIn(email, TEST_PASSWORD)).toBeNull();
  return Object.assign(session, { email });
}

/** Creates an interview owned by `interviewer`; returns its id and the three invite links. */
export async function createInterview(interviewer: HttpSession, scenarioSlug = 'payment-fraud-detection'): Promise<{ id: string; invites: InviteLinks }> {
  const created = await interviewer.json<{ id: string; invites: InviteLinks }>('/api/interviews', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenarioSlug, level: 'staff', durationMinutes: 45, mode: 'peer' }),
  });
  expect(created.status).toBe(201);
  return created.body;
}

export async function acceptInvite(session: HttpSession, link: string): Promise<void> {
  const token = new URL(link).pathname.split('/').pop();
  expect((await session.fetch(`/api/invites/${token}`, { method: 'POST' })).status).toBe(200);
}

/** A new user who signs up and accepts an invite link. */
export async function joinThroughInvite(baseUrl: string, name: string, link: string): Promise<SignedInUser> {
  const session = await signedInUser(baseUrl, name);
  await acceptInvite(session, link);
  return session;
}

/** Signs a browser context in as `user`, through the auth API rather than the form. */
export async function signInContext(context: BrowserContext, baseUrl: string, user: SignedInUser): Promise<void> {
  await signInThroughApi(context, baseUrl, user.email, TEST_PASSWORD);
}

export interface InterviewParties {
  id: string;
  interviewer: SignedInUser;
  candidate: SignedInUser;
  observer: SignedInUser;
  invites: InviteLinks;
}

export async function interviewWithParties(baseUrl: string, scenarioSlug = 'payment-fraud-detection'): Promise<InterviewParties> {
  const interviewer = await signedInUser(baseUrl, 'Ines Interviewer');
  const { id, invites } = await createInterview(interviewer, scenarioSlug);
  return {
    id,
    interviewer,
    candidate: await joinThroughInvite(baseUrl, 'Cal Candidate', invites.candidate),
    observer: await joinThroughInvite(baseUrl, 'Oli Observer', invites.observer),
    invites,
  };
}
