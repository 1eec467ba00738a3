/**
 * With LiveKit configured, the room's call goes to the configured URL with a
 * token for this room and this user. No LiveKit server can run here, so a
 * local stub records every request and WebSocket attempt made to it; the
 * tokens it receives are checked by verifying their signature and grants.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser, newContext, roomLive } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { acceptInvite, createInterview, signedInUser, signInContext, type InviteLinks } from '../helpers/interview-fixture';
import { joinThroughLobby } from '../helpers/lobby';
import { freePort } from '../helpers/ports';

const SECRET = 'stub-livekit-secret-that-is-long-enough-42';
const KEY = 'stub-key';
let stub: http.Server;
const attempts: { path: string; token: string | null }[] = [];
let database: TestDatabase;
let server: AppServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let interviewId: string;
let invites: InviteLinks;

function claimsOf(jwt: string) {
  const [header, payload, signature] = jwt.split('.');
  expect(createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url')).toBe(signature);
  return JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { sub: string; name: string; iss: string; exp: number; nbf: number; video: Record<string, unknown> };
}

async function person(name: string, role: 'interviewer' | 'candidate' | 'observer'): Promise<{ page: Page; userId: string }> {
  const user = await signedInUser(server.url, name);
  if (role === 'interviewer') ({ id: interviewId, invites } = await createInterview(user));
  else await acceptInvite(user, invites[role]);
  const context = await newContext(browser);
  contexts.push(context);
  await signInContext(context, server.url, user);
  const { body } = await user.json<{ user: { id: string } }>('/api/auth/session');
  return { page: await context.newPage(), userId: body.user.id };
}

beforeAll(async () => {
  // Answers nothing useful: it only records what the LiveKit client asks for.
  stub = http.createServer((req, res) => {
    attempts.push({ path: req.url ?? '', token: new URL(req.url ?? '/', 'http://stub').searchParams.get('access_token') ?? req.headers.authorization?.replace(/^Bearer /, '') ?? null });
    res.writeHead(503).end();
  });
  stub.on('upgrade', (req, socket) => {
    attempts.push({ path: req.url ?? '', token: new URL(req.url ?? '/', 'http://stub').searchParams.get('access_token') });
    socket.destroy();
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  const livekitUrl = `ws://127.0.0.1:${(stub.address() as AddressInfo).port}`;

  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url, { PORT: String(await freePort()), LIVEKIT_URL: livekitUrl, LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET }));
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
  await new Promise((r) => stub?.close(r));
});

describe('the call with LiveKit configured', () => {
  it("connects to the configured URL with a token for this room, this user and this user's role", async () => {
    const interviewer = await person('Ines Interviewer', 'interviewer');
    const candidate = await person('Cal Candidate', 'candidate');
    const observer = await person('Oli Observer', 'observer');
    for (const { page } of [interviewer, candidate, observer]) await page.goto(`${server.url}/interviews/${interviewId}`);
    // Nobody reaches LiveKit from the lobby: the token is asked for only after Join.
    for (const { page } of [interviewer, candidate, observer]) await page.waitForSelector('[data-testid=connection][data-state=live]', { timeout: 30_000 });
    expect(attempts).toEqual([]);
    for (const { page } of [interviewer, candidate, observer]) await joinThroughLobby(page);

    const tokensFor = (userId: string) => attempts.filter((a) => a.token && claimsOf(a.token).sub === userId);
    for (const [who, publishes] of [[interviewer, true], [candidate, true], [observer, false]] as const) {
      await expect.poll(() => tokensFor(who.userId).length, { timeout: 20_000 }).toBeGreaterThan(0);
      const [attempt] = tokensFor(who.userId);
      expect(attempt!.path).toMatch(/^\/rtc/);
      const claims = claimsOf(attempt!.token!);
      expect(claims.iss).toBe(KEY);
      expect(claims.video).toMatchObject({ room: interviewId, roomJoin: true, canSubscribe: true, canPublish: publishes });
      expect(claims.exp - claims.nbf).toBeLessThanOrEqual(600);
    }
    expect(attempts.every((a) => a.path.startsWith('/rtc'))).toBe(true);

    // The stub never answers like LiveKit: the room says so, and the board and timer carry on.
    const page = candidate.page;
    expect(await page.getByTestId('video-panel').getAttribute('data-mode')).toBe('livekit');
    await expect.poll(() => page.getByTestId('video-problem').textContent().catch(() => ''), { timeout: 30_000 }).toMatch(/video server/);
    await roomLive(page);
    expect(await page.getByTestId('whiteboard').getAttribute('data-state')).toBe('connected');
  });

  it('after a failed connection, asks our server for a fresh token and tries the LiveKit URL again', async () => {
    // A second observer: the candidate link is single-use and already claimed.
    const watcher = await person('Wes Watcher', 'observer');
    const tokens = () => new Set(attempts.filter((a) => a.token && claimsOf(a.token).sub === watcher.userId).map((a) => a.token));
    await watcher.page.goto(`${server.url}/interviews/${interviewId}`);
    await joinThroughLobby(watcher.page);
    // Tokens are stamped to the second, so two different ones prove a second mint, not a replay of the first.
    await expect.poll(() => tokens().size, { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(2);
    const [first, second] = [...tokens()].map((t) => claimsOf(t!));
    expect(second!.nbf).toBeGreaterThan(first!.nbf);
    expect(second!.video).toMatchObject({ room: interviewId, canPublish: false });
  });
});
