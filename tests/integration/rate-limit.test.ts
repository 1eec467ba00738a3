/**
 * Sign-in attempts are limited per email and per client IP. The client IP is
 * the socket's peer unless TRUST_PROXY is set, when X-Forwarded-For is used.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { HttpSession, uniqueEmail } from '../helpers/http-session';

let database: TestDatabase;
let trusting: AppServer;
let direct: AppServer;

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  const limits = { SIGNIN_LIMIT_PER_EMAIL: '3', SIGNIN_LIMIT_PER_IP: '6', SIGNIN_LIMIT_WINDOW_SECONDS: '600' };
  [trusting, direct] = await Promise.all([
    startAppServer(testServerEnv(database.url, { ...limits, TRUST_PROXY: 'true' })),
    startAppServer(testServerEnv(database.url, limits)),
  ]);
});
afterAll(async () => {
  await Promise.all([trusting?.stop(), direct?.stop()]);
  await database?.drop();
});

/** A client that claims to come from `ip` (honoured only behind TRUST_PROXY). */
function from(server: AppServer, ip: string): HttpSession {
  const session = new HttpSession(server.url);
  const original = session.fetch.bind(session);
  session.fetch = (path, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('x-forwarded-for', ip);
    headers.set('x-mockroom-client-ip', ip); // must be ignored: the server overwrites it
    return original(path, { ...init, headers });
  };
  return session;
}

describe('per-email limit', () => {
  it('refuses the attempt after the limit, even with the right password, and says how long to wait', async () => {
    const email = uniqueEmail('limited');
    const password = 'the right password';
    expect((await new HttpSession(trusting.url).signUp({ name: 'L', email, password })).status).toBe(201);
    const client = from(trusting, '10.0.0.1');
    for (let i = 0; i < 3; i++) expect(await client.signIn(email, 'a wrong password')).toBe('CredentialsSignin');
    const refused = await client.signIn(email, password);
    expect(refused).toMatch(/^RateLimited:\d+$/);
    expect(Number(refused!.split(':')[1])).toBeGreaterThan(500);
    // The limit is per (email, address): a stranger's failures do not lock the owner out elsewhere (issue 11, finding 6).
    expect(await from(trusting, '10.0.0.2').signIn(email, password)).toBeNull();
  });

  it('a successful sign-in clears the email counter', async () => {
    const email = uniqueEmail('reset');
    const password = 'the right password';
    expect((await new HttpSession(trusting.url).signUp({ name: 'R', email, password })).status).toBe(201);
    const client = from(trusting, '10.0.1.1');
    for (let i = 0; i < 2; i++) await client.signIn(email, 'a wrong password');
    expect(await client.signIn(email, password)).toBeNull();
    for (let i = 0; i < 2; i++) await client.signIn(email, 'a wrong password');
    expect(await client.signIn(email, password)).toBeNull();
  });
});

describe('per-IP limit', () => {
  it('refuses an address that tries too many different emails', async () => {
    const client = from(trusting, '10.0.2.1');
    for (let i = 0; i < 6; i++) expect(await client.signIn(uniqueEmail('spray'), 'guess')).toBe('CredentialsSignin');
    expect(await client.signIn(uniqueEmail('spray'), 'guess')).toMatch(/^RateLimited:/);
    // Another address is unaffected.
    expect(await from(trusting, '10.0.2.2').signIn(uniqueEmail('spray'), 'guess')).toBe('CredentialsSignin');
  });

  it('without TRUST_PROXY, forged forwarding headers do not buy fresh budgets', async () => {
    for (let i = 0; i < 6; i++) {
      expect(await from(direct, `192.0.2.${i}`).signIn(uniqueEmail('forged'), 'guess')).toBe('CredentialsSignin');
    }
    expect(await from(direct, '192.0.2.99').signIn(uniqueEmail('forged'), 'guess')).toMatch(/^RateLimited:/);
  });
});
