/**
 * SIGTERM with clients still connected: WebSocket and socket.io peers are told
 * to go, a stalled HTTP request is cut off at SHUTDOWN_TIMEOUT_MS, and the
 * process exits 0 instead of hanging.
 */
import net from 'node:net';
import { io as connectSocketIo } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { HttpSession, uniqueEmail } from '../helpers/http-session';

let database: TestDatabase;
let server: AppServer;

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url, { SHUTDOWN_TIMEOUT_MS: '1500' }));
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

describe('graceful shutdown', () => {
  it('disconnects live clients, cuts a stalled request at the deadline, and exits 0', async () => {
    const session = new HttpSession(server.url);
    const email = uniqueEmail('shutdown');
    expect((await session.signUp({ name: 'S', email, password: 'a long enough password' })).status).toBe(201);
    expect(await session.signIn(email, 'a long enough password')).toBeNull();

    const socket = connectSocketIo(server.url, { path: '/socket.io/', transports: ['websocket'], reconnection: false, extraHeaders: { cookie: session.cookieHeader() } });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    // A client that sent half a request and went quiet.
    const { port } = new URL(server.url);
    const stalled = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => stalled.once('connect', resolve));
    stalled.write('GET / HTTP/1.1\r\nHost: localhost\r\n');
    const stalledClosed = new Promise<void>((resolve) => stalled.once('close', () => resolve()));

    const started = Date.now();
    const code = await server.stop();
    const elapsed = Date.now() - started;

    expect(code).toBe(0);
    expect(server.output()).toMatch(/Requests still open after 1500 ms: closing them\.[\s\S]*Shutdown complete/);
    expect(await disconnected).toMatch(/server|transport/);
    await stalledClosed;
    // Bounded by the deadline plus the WebSocket grace, not hanging.
    expect(elapsed).toBeLessThan(8000);
  });
});
