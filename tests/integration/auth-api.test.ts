/**
 * Sign-up, sign-in and the one session reader, exercised over real HTTP,
 * socket.io and WebSocket connections against the real server.
 */
import { io as connectSocketIo } from 'socket.io-client';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ClientEvent, HandshakeError } from '../../lib/realtime/protocol';
import { CloseCode } from '../../lib/realtime/close-codes';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { HttpSession, uniqueEmail } from '../helpers/http-session';

let database: TestDatabase;
let server: AppServer;

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url));
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

async function signedInSession(): Promise<{ session: HttpSession; email: string }> {
  const session = new HttpSession(server.url);
  const email = uniqueEmail();
  expect((await session.signUp({ name: 'Kim Lee', email, password: 'a long enough password' })).status).toBe(201);
  expect(await session.signIn(email, 'a long enough password')).toBeNull();
  return { session, email };
}

describe('POST /api/signup', () => {
  it('creates an account (201) without returning secrets', async () => {
    const email = uniqueEmail();
    const response = await new HttpSession(server.url).signUp({ name: 'Ada', email: email.toUpperCase(), password: 'correct horse battery' });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.user).toEqual({ id: expect.any(String), name: 'Ada', email });
    expect(JSON.stringify(body)).not.toMatch(/argon2|passwordHash/);
  });

  it('refuses an existing email with 409 and a clear message, case-insensitively', async () => {
    const email = uniqueEmail();
    const client = new HttpSession(server.url);
    expect((await client.signUp({ name: 'One', email, password: 'correct horse battery' })).status).toBe(201);
    const again = await client.signUp({ name: 'Two', email: email.toUpperCase(), password: 'another password!' });
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toBe('An account with that email already exists. Sign in instead.');
  });

  it('answers 422 naming each bad field', async () => {
    const response = await new HttpSession(server.url).signUp({ name: '', email: 'not-an-email', password: 'short' });
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.code).toBe('invalid_input');
    expect(Object.keys(error.fields).sort()).toEqual(['email', 'name', 'password']);
  });

  it('answers 422 for a body that is not JSON', async () => {
    const response = await fetch(`${server.url}/api/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(response.status).toBe(422);
    expect((await response.json()).error.message).toMatch(/valid JSON/);
  });
});

describe('credentials sign-in', () => {
  it('signs in and exposes the user on the session endpoint', async () => {
    const { session, email } = await signedInSession();
    const { body } = await session.json<{ user: { email: string; id: string } }>('/api/auth/session');
    expect(body.user.email).toBe(email);
    expect(body.user.id).toEqual(expect.any(String));
  });

  it('refuses a wrong password and an unknown email with the same error', async () => {
    const { email } = await signedInSession();
    expect(await new HttpSession(server.url).signIn(email, 'wrong password here')).toBe('CredentialsSignin');
    expect(await new HttpSession(server.url).signIn(uniqueEmail('ghost'), 'whatever password')).toBe('CredentialsSignin');
  });

  it('lets a signed-in user reach the dashboard, and redirects others to sign-in', async () => {
    const { session } = await signedInSession();
    expect((await session.fetch('/dashboard')).status).toBe(200);
    const anonymous = await fetch(`${server.url}/dashboard`, { redirect: 'manual' });
    expect(anonymous.status).toBe(307);
    expect(new URL(anonymous.headers.get('location')!, server.url).toString()).toBe(`${server.url}/signin?callbackUrl=%2Fdashboard`);
  });
});

describe('magic link', () => {
  it('logs the link when SMTP_URL is unset, and the link signs the user in', async () => {
    const email = uniqueEmail('magic');
    const client = new HttpSession(server.url);
    const csrfToken = await client.csrfToken();
    const request = await client.fetch('/api/auth/signin/email', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, email, callbackUrl: '/dashboard', json: 'true' }),
    });
    expect(request.status).toBe(200);
    const [, link] = await server.waitForOutput(new RegExp(`Magic sign-in link for ${email.replace(/[.+]/g, '\\$&')}[^\\n]*\\n\\s+(\\S+)`));
    expect(link).toMatch(new RegExp(`^${server.url}/api/auth/callback/email\\?`));

    const callback = await client.fetch(new URL(link!).pathname + new URL(link!).search);
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe(`${server.url}/dashboard`);
    const { body } = await client.json<{ user?: { email: string } }>('/api/auth/session');
    expect(body.user?.email).toBe(email);

    // A link works once.
    const reuse = await new HttpSession(server.url).fetch(new URL(link!).pathname + new URL(link!).search);
    expect(reuse.headers.get('location')).toMatch(/error=Verification/);
  });
});

describe('realtime handshakes read the same session', () => {
  function socketIo(cookie?: string) {
    return connectSocketIo(server.url, {
      path: '/socket.io/',
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: cookie ? { cookie } : {},
    });
  }

  it('socket.io refuses a connection without a session', async () => {
    const socket = socketIo();
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    expect(error.message).toBe(HandshakeError.Unauthorized);
  });

  it('socket.io accepts a signed-in user and validates event payloads', async () => {
    const { session } = await signedInSession();
    const socket = socketIo(session.cookieHeader());
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const before = Date.now();
    const pong = await socket.emitWithAck(ClientEvent.ClockPing, { clientSentAt: 123 });
    expect(pong.clientSentAt).toBe(123);
    expect(pong.serverTime).toBeGreaterThanOrEqual(before - 1000);
    const bad = await socket.emitWithAck(ClientEvent.ClockPing, { clientSentAt: 'soon' });
    expect(bad.error).toMatchObject({ code: 'invalid_payload', message: expect.stringContaining(ClientEvent.ClockPing) });
    expect(socket.connected).toBe(true);
    socket.close();
  });

  function wsClose(path: string, headers: Record<string, string> = {}) {
    return new Promise<{ code: number; reason: string }>((resolve, reject) => {
      const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}${path}`, { headers });
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  it('a document socket without a session is closed with 4401', async () => {
    expect(await wsClose('/ws/yjs/some-interview')).toEqual({ code: CloseCode.Unauthorized, reason: 'sign in required' });
  });

  it('a document socket from a foreign Origin is closed with 4403', async () => {
    const { session } = await signedInSession();
    const result = await wsClose('/ws/yjs/some-interview', { cookie: session.cookieHeader(), origin: 'https://evil.example' });
    expect(result.code).toBe(CloseCode.Forbidden);
  });

  it('a signed-in document socket for an unknown document is closed with 4404', async () => {
    const { session } = await signedInSession();
    const result = await wsClose('/ws/yjs/no-such-interview', { cookie: session.cookieHeader(), origin: server.url });
    expect(result.code).toBe(CloseCode.NotFound);
  });

  it('an upgrade on any other path is refused with HTTP 404', async () => {
    await expect(wsClose('/dashboard')).rejects.toThrow('HTTP 404');
  });
});
