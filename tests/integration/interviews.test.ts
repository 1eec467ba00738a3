/**
 * Creating interviews and joining them by invite link, over real HTTP against
 * the real server: status codes, messages, single-use links, expiry, reset,
 * and that a link never raises the role of someone already in the room.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../generated/prisma/client';
import type { AppServer } from '../helpers/app-server';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';
import { HttpSession, uniqueEmail } from '../helpers/http-session';

let fixture: ServerFixture;
let server: AppServer;
let prisma: PrismaClient;

beforeAll(async () => {
  fixture = await serverFixture();
  ({ server, prisma } = fixture);
});
afterAll(async () => {
  await fixture?.close();
});

async function user(name = 'Alex'): Promise<HttpSession> {
  const session = new HttpSession(server.url);
  const email = uniqueEmail(name.toLowerCase().replace(/\W+/g, '-'));
  expect((await session.signUp({ name, email, password: 'a long enough password' })).status).toBe(201);
  expect(await session.signIn(email, 'a long enough password')).toBeNull();
  return session;
}

const post = (s: HttpSession, path: string, body?: unknown) =>
  s.json<Record<string, any>>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;

async function createInterview(owner: HttpSession) {
  const { status, body } = await post(owner, '/api/interviews', { scenarioSlug: 'payment-fraud-detection', level: 'staff', durationMinutes: 45, mode: 'peer' });
  expect(status).toBe(201);
  return body as { id: string; roomUrl: string; invites: Record<'candidate' | 'interviewer' | 'observer', string> };
}

describe('POST /api/interviews', () => {
  it('creates an interview with an unguessable id, a scenario snapshot and one invite link per role', async () => {
    const owner = await user('Owner');
    const created = await createInterview(owner);
    expect(created.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(created.roomUrl).toBe(`${server.url}/interviews/${created.id}`);
    for (const role of ['candidate', 'interviewer', 'observer'] as const) expect(created.invites[role]).toMatch(new RegExp(`^${server.url}/invite/[A-Za-z0-9_-]{32}$`));

    const row = await prisma.interview.findUniqueOrThrow({ where: { id: created.id }, include: { participants: true, invites: true } });
    expect(row).toMatchObject({ status: 'scheduled', level: 'staff', durationMinutes: 45, mode: 'peer', title: 'Real-time payment fraud screening' });
    expect((row.scenarioSnapshot as { version: string }).version).toBe(row.scenarioVersion);
    expect(row.participants.map((p) => p.role)).toEqual(['interviewer']);
    // Only hashes are stored, never the tokens.
    for (const url of Object.values(created.invites)) expect(row.invites.map((i) => i.tokenHash)).not.toContain(tokenOf(url));
  });

  it('answers 401 without a session, 422 for bad input, 404 for an unknown scenario', async () => {
    const anonymous = await post(new HttpSession(server.url), '/api/interviews', { scenarioSlug: 'payment-fraud-detection', level: 'staff', durationMinutes: 45, mode: 'peer' });
    expect(anonymous.status).toBe(401);
    const owner = await user();
    const bad = await post(owner, '/api/interviews', { scenarioSlug: 'payment-fraud-detection', level: 'junior', durationMinutes: 30, mode: 'peer', priceCents: 100 });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['durationMinutes', 'level']);
    const coachPrice = await post(owner, '/api/interviews', { scenarioSlug: 'payment-fraud-detection', level: 'staff', durationMinutes: 45, mode: 'peer', priceCents: 100 });
    expect(coachPrice.status).toBe(422);
    expect(coachPrice.body.error.fields.priceCents).toBe('Only coached sessions have a price.');
    const missing = await post(owner, '/api/interviews', { scenarioSlug: 'no-such-scenario', level: 'staff', durationMinutes: 45, mode: 'peer' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/No scenario "no-such-scenario"/);
  });
});

describe('invite links', () => {
  it('previews the link without the guide, then joins the candidate with exactly that role', async () => {
    const owner = await user('Owner');
    const { id, invites } = await createInterview(owner);
    const candidate = await user('Casey');

    const preview = await candidate.json<Record<string, unknown>>(`/api/invites/${tokenOf(invites.candidate)}`);
    expect(preview.status).toBe(200);
    expect(Object.keys(preview.body).sort()).toEqual(['exhausted', 'expiresAt', 'hostName', 'interviewTitle', 'role']);
    expect(preview.body.exhausted).toBe(false);
    expect(preview.body).toMatchObject({ role: 'candidate', interviewTitle: 'Real-time payment fraud screening', hostName: 'Owner' });

    const joined = await post(candidate, `/api/invites/${tokenOf(invites.candidate)}`);
    expect(joined).toMatchObject({ status: 200, body: { interviewId: id, role: 'candidate', roomUrl: `/interviews/${id}` } });
    // Accepting again is harmless; the link now reads as used for anyone else.
    expect((await post(candidate, `/api/invites/${tokenOf(invites.candidate)}`)).body.role).toBe('candidate');
    expect((await candidate.json<Record<string, unknown>>(`/api/invites/${tokenOf(invites.candidate)}`)).body.exhausted).toBe(true);
  });

  it('admits only one person through a single-use link, and says the link was used', async () => {
    const owner = await user();
    const { invites } = await createInterview(owner);
    const first = await user('First');
    const second = await user('Second');
    const results = await Promise.all([first, second].map((s) => post(s, `/api/invites/${tokenOf(invites.candidate)}`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 410]);
    expect(results.find((r) => r.status === 410)!.body.error).toEqual({ code: 'invite_used', message: 'This invite link has already been used. Ask your interviewer for a new one.' });
  });

  it('never raises the role of an existing participant', async () => {
    const owner = await user();
    const { invites } = await createInterview(owner);
    const observer = await user('Olive');
    expect((await post(observer, `/api/invites/${tokenOf(invites.observer)}`)).body.role).toBe('observer');
    const escalate = await post(observer, `/api/invites/${tokenOf(invites.interviewer)}`);
    expect(escalate.body.role).toBe('observer');
  });

  it('explains an expired link, an unknown link and a reset link', async () => {
    const owner = await user();
    const { id, invites } = await createInterview(owner);
    const visitor = await user('Vic');

    await prisma.invite.updateMany({ where: { interviewId: id, role: 'observer' }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await post(visitor, `/api/invites/${tokenOf(invites.observer)}`);
    expect(expired.status).toBe(410);
    expect(expired.body.error.message).toMatch(/^This invite link expired on .+\. Ask your interviewer for a new one\.$/);

    const unknown = await visitor.json<any>('/api/invites/not-a-real-token');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/not valid/);

    const reissued = await post(owner, `/api/interviews/${id}/invites/reset`, { role: 'candidate' });
    expect(reissued.status).toBe(201);
    expect(reissued.body.url).not.toBe(invites.candidate);
    const old = await post(visitor, `/api/invites/${tokenOf(invites.candidate)}`);
    expect(old.status).toBe(410);
    expect(old.body.error).toEqual({
      code: 'invite_revoked',
      message: 'This invite link was reset by your interviewer and no longer works. Ask your interviewer for the current link.',
    });
    expect((await post(visitor, `/api/invites/${tokenOf(reissued.body.url)}`)).body.role).toBe('candidate');
  });

  it('lets only interviewers copy links: 403 for the candidate and outsiders, 404 for an unknown interview', async () => {
    const owner = await user();
    const { id, invites } = await createInterview(owner);
    const candidate = await user('Cand');
    await post(candidate, `/api/invites/${tokenOf(invites.candidate)}`);
    const refused = await post(candidate, `/api/interviews/${id}/invites`, { role: 'interviewer' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('Only interviewers can see, copy or reset invite links, and only until the interview ends.');
    const outsider = await post(await user('Out'), `/api/interviews/${id}/invites`, { role: 'observer' });
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.message).toBe('You are not a participant in this interview.');
    expect((await post(owner, '/api/interviews/nope/invites', { role: 'observer' })).status).toBe(404);
    expect((await post(owner, `/api/interviews/${id}/invites`, { role: 'admin' })).status).toBe(422);
  });
});

describe('the dashboard', () => {
  /** The signed-in user's dashboard as the server renders it (HTML plus the RSC payload it inlines). */
  async function dashboard(session: HttpSession): Promise<string> {
    const response = await session.fetch('/dashboard');
    expect(response.status).toBe(200);
    return response.text();
  }
  /** The text of each row's "who with" line, in page order. */
  const withLines = (html: string) => [...html.matchAll(/data-testid="interview-with">([^<]*)</g)].map((m) => m[1].replaceAll('&#x27;', "'"));

  it('names the other people on each row, for every role, and says when nobody has joined yet', async () => {
    const interviewer = await user('Ines Interviewer');
    const { invites } = await createInterview(interviewer);
    expect(withLines(await dashboard(interviewer))).toEqual(['Nobody has joined yet']);

    const candidate = await user('Carla Candidate');
    expect((await post(candidate, `/api/invites/${tokenOf(invites.candidate)}`)).status).toBe(200);
    const observer = await user('Oli Observer');
    expect((await post(observer, `/api/invites/${tokenOf(invites.observer)}`)).status).toBe(200);

    expect(withLines(await dashboard(interviewer))).toEqual(['with Carla Candidate · observed by Oli Observer']);
    expect(withLines(await dashboard(candidate))).toEqual(['with Ines Interviewer · observed by Oli Observer']);
    expect(withLines(await dashboard(observer))).toEqual(['with Ines Interviewer and Carla Candidate']);
  });

  it('shows a coached session’s price to its interviewers only, never to the candidate or an observer', async () => {
    const coach = await user('Ines Interviewer');
    const { status, body } = await post(coach, '/api/interviews', {
      scenarioSlug: 'payment-fraud-detection', level: 'staff', durationMinutes: 45, mode: 'coach', priceCents: 12345,
    });
    expect(status).toBe(201);
    const { invites } = body as { invites: Record<'candidate' | 'interviewer' | 'observer', string> };
    const candidate = await user('Carla Candidate');
    const coInterviewer = await user('Ivo Interviewer');
    const observer = await user('Oli Observer');
    for (const [session, role] of [[candidate, 'candidate'], [coInterviewer, 'interviewer'], [observer, 'observer']] as const) {
      expect((await post(session, `/api/invites/${tokenOf(invites[role])}`)).status).toBe(200);
    }

    for (const interviewer of [coach, coInterviewer]) {
      const html = await dashboard(interviewer);
      expect(html).toContain('data-testid="interview-price"');
      expect(html).toContain('Price 123.45');
    }
    // Not just hidden: absent from the markup and the inlined RSC payload.
    for (const outsider of [candidate, observer]) {
      const html = await dashboard(outsider);
      expect(withLines(html)).toHaveLength(1);
      expect(html).not.toContain('interview-price');
      expect(html).not.toContain('123.45');
      expect(html).not.toContain('priceCents');
    }
    // A peer session has no price to show, even to its interviewer.
    await createInterview(coach);
    expect((await dashboard(coach)).match(/data-testid="interview-price"/g)).toHaveLength(1);
  });
});
