/**
 * The fresh-machine path: no DATABASE_URL, so the server runs its own
 * embedded Postgres under DATA_DIR, prints demo logins, shuts down cleanly on
 * SIGTERM (database included) and reuses the same data on the next start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runServerExpectingExit, startAppServer, type AppServer } from '../helpers/app-server';
import { HttpSession, uniqueEmail } from '../helpers/http-session';
import { freePort } from '../helpers/ports';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mockroom-embedded-'));
let pgPort: number;
let server: AppServer | undefined;

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function env() {
  return { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) };
}

function demoPassword(output: string, role: string): string {
  const match = output.match(new RegExp(`${role}\\s+(\\S+@mockroom\\.test)\\s+password: (\\S+)`));
  if (!match) throw new Error(`no demo login for ${role} in:\n${output}`);
  return match[2]!;
}

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('embedded Postgres (no DATABASE_URL)', () => {
  const user = { name: 'Rae Embedded', email: uniqueEmail('embedded'), password: 'a long enough password' };
  let firstDemoPassword: string;

  it('starts a new cluster, migrates it and prints working demo logins', async () => {
    pgPort = await freePort();
    server = await startAppServer(env());
    const output = server.output();
    expect(output).toMatch(/Creating a new Postgres cluster/);
    expect(output).toMatch(/Applied migrations: \d{14}_init/);
    expect(output).toMatch(/database: embedded Postgres/);

    const health = await (await fetch(`${server.url}/api/health`)).json();
    expect(health.db).toMatchObject({ status: 'up', mode: 'embedded' });

    firstDemoPassword = demoPassword(output, 'interviewer');
    const demo = new HttpSession(server.url);
    expect(await demo.signIn('interviewer@mockroom.test', firstDemoPassword)).toBeNull();
    const candidate = new HttpSession(server.url);
    expect(await candidate.signIn('candidate@mockroom.test', demoPassword(output, 'candidate'))).toBeNull();

    expect((await new HttpSession(server.url).signUp(user)).status).toBe(201);
  });

  it('a second start on a taken port fails clearly and leaves the running instance and its database alone', async () => {
    const { port } = new URL(server!.url);
    const clash = await runServerExpectingExit({ ...env(), PORT: port });
    expect(clash.code).toBe(1);
    expect(clash.output).toMatch(new RegExp(`Port ${port} is already in use\\. Set PORT to a free port\\.`));
    const health = await fetch(`${server!.url}/api/health`);
    expect(health.status).toBe(200);
    expect((await health.json()).db.status).toBe('up');
  });

  it('shuts down on SIGTERM: exits 0 and stops Postgres', async () => {
    expect(await portAcceptsConnections(pgPort)).toBe(true);
    const code = await server!.stop();
    expect(code).toBe(0);
    expect(server!.output()).toMatch(/SIGTERM received[\s\S]*Shutdown complete/);
    expect(await portAcceptsConnections(pgPort)).toBe(false);
    server = undefined;
  });

  it('reuses the same data on the next start', async () => {
    server = await startAppServer(env());
    const output = server.output();
    expect(output).not.toMatch(/Creating a new Postgres cluster/);
    expect(output).toMatch(/Database schema is up to date/);
    expect(demoPassword(output, 'interviewer')).toBe(firstDemoPassword);
    expect(await new HttpSession(server.url).signIn(user.email, user.password)).toBeNull();
  });
});
