/**
 * Sets up an interview through the real API: an owner (interviewer) plus a
 * candidate and an observer who joined through their invite links.
 */
import { expect } from 'vitest';
import { HttpSession, uniqueEmail } from './http-session';

export async function signedInUser(baseUrl: string, name: string): Promise<HttpSession> {
  const session = new HttpSession(baseUrl);
  const email = uniqueEmail(name.toLowerCase().replace(/\W+/g, '-'));
  expect((await session.signUp({ name, email, password: 'a long enough password' })).status).toBe(201);
  expect(await session.signIn(email, 'a long enough password')).toBeNull();
  return session;
}

/** A new user who signs up and accepts an invite link. */
export async function joinThroughInvite(baseUrl: string, name: string, link: string): Promise<HttpSession> {
  const session = await signedInUser(baseUrl, name);
  const token = new URL(link).pathname.split('/').pop();
  const joined = await session.fetch(`/api/invites/${token}`, { method: 'POST' });
  expect(joined.status).toBe(200);
  return session;
}

export interface InterviewParties {
  id: string;
  interviewer: HttpSession;
  candidate: HttpSession;
  observer: HttpSession;
  invites: Record<'candidate' | 'interviewer' | 'observer', string>;
}

export async function interviewWithParties(baseUrl: string, scenarioSlug = 'payment-fraud-detection'): Promise<InterviewParties> {
  const interviewer = await signedInUser(baseUrl, 'Ines Interviewer');
  const created = await interviewer.json<{ id: string; invites: InterviewParties['invites'] }>('/api/interviews', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenarioSlug, level: 'staff', durationMinutes: 45, mode: 'peer' }),
  });
  expect(created.status).toBe(201);
  const join = (name: string, link: string) => joinThroughInvite(baseUrl, name, link);
  return {
    id: created.body.id,
    interviewer,
    candidate: await join('Cal Candidate', created.body.invites.candidate),
    observer: await join('Oli Observer', created.body.invites.observer),
    invites: created.body.invites,
  };
}
