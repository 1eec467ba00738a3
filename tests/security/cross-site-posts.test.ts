/**
 * Finding 3: a same-site page (another port on this host) could post to the
 * API with the victim's SameSite=Lax cookies. Every state-changing request,
 * next-auth's included, must come from our origin, and JSON routes take only
 * `application/json`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSession, uniqueEmail } from '../helpers/http-session';
import { interviewWithParties, TEST_PASSWORD, type InterviewParties } from '../helpers/interview-fixture';
import { freePort } from '../helpers/ports';
import { joinRoom, socketPool, timerCommand } from '../helpers/room-socket';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';

let fixture: ServerFixture;
let parties: InterviewParties;
let otherOrigin: string;
const sockets = socketPool(() => fixture.server.url);

beforeAll(async () => {
  fixture = await serverFixture();
  parties = await interviewWithParties(fixture.server.url);
  otherOrigin = `http://localhost:${await freePort()}`;
  // Live, so "still live" below means something.
  const socket = await sockets.open(parties.interviewer);
  expect(await joinRoom(socket, parties.id)).toMatchObject({ role: 'interviewer' });
  expect(await timerCommand(socket, parties.id, { type: 'start' })).toMatchObject({ ok: true });
});
afterAll(async () => {
  sockets.closeAll();
  await fixture?.close();
});

const notesPath = () => `/api/interviews/${parties.id}/notes`;
const noteCount = () => fixture.prisma.note.count({ where: { interviewId: parties.id } });
const interviewStatus = async () => (await fixture.prisma.interview.findUniqueOrThrow({ where: { id: parties.id } })).status;

describe('cross-site state-changing requests', () => {
  it('refuses an auto-submitted text/plain form whose body parses as JSON, from another port: 403, no note', async () => {
    const response = await parties.interviewer.fetch(notesPath(), {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: otherOrigin, 'sec-fetch-site': 'same-site' },
      body: '{"text":"planted by another site"}',
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: 'cross_site', message: `Cross-site request refused: Origin ${otherOrigin} is not ${fixture.server.url}.` } });
    expect(await noteCount()).toBe(0);
  });

  it('refuses a body-less cross-site form POST to /end: the interview stays live', async () => {
    const response = await parties.interviewer.fetch(`/api/interviews/${parties.id}/end`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: otherOrigin },
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('cross_site');
    expect(await interviewStatus()).toBe('live');
  });

  it('refuses a request without Origin whose Sec-Fetch-Site says cross-site or same-site', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const response = await parties.interviewer.fetch(notesPath(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': site },
        body: JSON.stringify({ text: `no origin, ${site}` }),
      });
      expect(response.status, site).toBe(403);
      expect((await response.json()).error.message).toBe(`Cross-site request refused: Sec-Fetch-Site is ${site}, not same-origin.`);
    }
    expect(await noteCount()).toBe(0);
  });

  it("covers next-auth's own posts and sign-up: a foreign sign-in gets no session, a foreign sign-up makes no account", async () => {
    const visitor = new HttpSession(fixture.server.url);
    const csrfToken = await visitor.csrfToken();
    const signIn = await visitor.fetch('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: otherOrigin },
      body: new URLSearchParams({ csrfToken, email: parties.interviewer.email, password: TEST_PASSWORD, json: 'true' }),
    });
    expect(signIn.status).toBe(403);
    expect(signIn.headers.getSetCookie().some((c) => c.includes('session-token'))).toBe(false);

    const signOut = await parties.interviewer.fetch('/api/auth/signout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: otherOrigin },
      body: new URLSearchParams({ csrfToken: await parties.interviewer.csrfToken(), json: 'true' }),
    });
    expect(signOut.status).toBe(403);

    const email = uniqueEmail('foreign-signup');
    const signUp = await fetch(new URL('/api/signup', fixture.server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: otherOrigin },
      body: JSON.stringify({ name: 'Planted', email, password: TEST_PASSWORD }),
    });
    expect(signUp.status).toBe(403);
    expect(await fixture.prisma.user.count({ where: { email } })).toBe(0);
  });

  it('refuses a same-origin body that is not application/json with 415 naming it', async () => {
    const response = await parties.interviewer.fetch(notesPath(), {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: fixture.server.url },
      body: '{"text":"looks like JSON"}',
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({
      error: { code: 'unsupported_media_type', message: 'Send the body as JSON with Content-Type: application/json (not text/plain).' },
    });
    expect(await noteCount()).toBe(0);
  });

  it('lets the same origin through, as the browser sends it (Origin and Sec-Fetch-Site: same-origin)', async () => {
    const sameOrigin = { origin: fixture.server.url, 'sec-fetch-site': 'same-origin' };
    const note = await parties.interviewer.fetch(notesPath(), {
      method: 'POST',
      headers: { ...sameOrigin, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ text: 'a real note' }),
    });
    expect(note.status).toBe(201);
    expect(await noteCount()).toBe(1);
    const end = await parties.interviewer.fetch(`/api/interviews/${parties.id}/end`, { method: 'POST', headers: sameOrigin });
    expect(end.status).toBe(200);
    expect(await interviewStatus()).toBe('ended');
  });
});
