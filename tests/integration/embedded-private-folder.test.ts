/**
 * `npm start` from a clone inside a private (0700) folder, the ordinary case
 * for root in a container or on a fresh VM (/root, `mktemp -d`).
 *  - As root, Postgres runs as the `postgres` user, which cannot pass the
 *    private folder: the cluster must live where that user can reach it, and
 *    be found again on the next start.
 *  - As anyone else, Postgres runs as the same user that owns the folder, so
 *    the cluster stays in DATA_DIR, and must be reused all the same.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBinaries } from '../../server/db/pg-binaries';
import { POINTER_FILE, RELOCATION_BASE } from '../../server/db/pg-location';
import { startAppServer, type AppServer } from '../helpers/app-server';
import { HttpSession, uniqueEmail } from '../helpers/http-session';
import { freePort } from '../helpers/ports';

const asRoot = process.getuid?.() === 0;
const parent = mkdtempSync(path.join(os.tmpdir(), 'mockroom-private-'));
chmodSync(parent, 0o700);
const dataDir = path.join(parent, 'clone', '.data');
mkdirSync(dataDir, { recursive: true });
let pgPort: number;
let server: AppServer | undefined;
let pgdata: string | undefined;

afterAll(async () => {
  await server?.stop();
  // Whatever failed above, never leave a cluster running or its relocated folder behind.
  if (pgdata && existsSync(path.join(pgdata, 'postmaster.pid'))) {
    const { pg_ctl } = await loadBinaries();
    const owner = statSync(pgdata);
    execFileSync(pg_ctl, ['stop', '-D', pgdata, '-m', 'fast', '-w'], { uid: owner.uid, gid: owner.gid, cwd: path.dirname(pgdata) });
  }
  if (pgdata?.startsWith(RELOCATION_BASE + '/')) rmSync(path.dirname(pgdata), { recursive: true, force: true });
  rmSync(parent, { recursive: true, force: true });
});

function env() {
  return { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), DEMO_ACCOUNTS: 'false' };
}

/** Straight to the cluster with the password kept in DATA_DIR: the data itself, not what the app says about it. */
async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const password = readFileSync(path.join(dataDir, 'secrets', 'postgres-password'), 'utf8').trim();
  const client = new pg.Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password, database: 'mockroom' });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded Postgres with DATA_DIR under a 0700 folder', () => {
  const user = { name: 'Pat Private', email: uniqueEmail('private'), password: 'a long enough password' };
  const marker = `marker-${process.pid}-${Date.now()}`;

  it('first start: creates the cluster where Postgres can reach it and serves', async () => {
    expect(statSync(parent).mode & 0o777).toBe(0o700);
    pgPort = await freePort();
    server = await startAppServer(env());
    const output = server.output();
    const created = output.match(/Creating a new Postgres cluster in (\S+) \(first run only\)/);
    expect(created).not.toBeNull();
    pgdata = created![1]!;

    if (asRoot) {
      // The postgres user cannot pass `parent`: the cluster is kept outside it, and the log and DATA_DIR say where and why.
      expect(pgdata.startsWith(`${RELOCATION_BASE}/postgres/`)).toBe(true);
      expect(output).toContain(`Embedded Postgres cluster is in ${pgdata}, not in DATA_DIR: ${parent} (mode 0700, owner uid 0) is not traversable by the postgres user`);
      const pointer = readFileSync(path.join(dataDir, POINTER_FILE), 'utf8');
      expect(pointer).toContain(`cluster: ${pgdata}\n`);
      expect(pointer).toContain(`log: ${path.join(path.dirname(pgdata), 'postgres.log')}\n`);
      expect(existsSync(path.join(path.dirname(pgdata), 'postgres.log'))).toBe(true);
      const pgUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      for (const dir of [path.dirname(pgdata), pgdata]) {
        expect(statSync(dir).uid).toBe(pgUid);
        expect(statSync(dir).mode & 0o777).toBe(0o700);
      }
      // Secrets stay in DATA_DIR.
      expect(existsSync(path.join(dataDir, 'secrets', 'postgres-password'))).toBe(true);
      expect(existsSync(path.join(dataDir, 'postgres', 'data'))).toBe(false);
    } else {
      // Postgres runs as the folder's owner, who may pass it: the cluster stays in DATA_DIR.
      expect(pgdata).toBe(path.join(dataDir, 'postgres', 'data'));
      expect(output).not.toMatch(/not in DATA_DIR/);
      expect(existsSync(path.join(dataDir, POINTER_FILE))).toBe(false);
    }
    expect(existsSync(path.join(pgdata, 'PG_VERSION'))).toBe(true);

    const health = await (await fetch(`${server.url}/api/health`)).json();
    expect(health.db).toMatchObject({ status: 'up', mode: 'embedded' });
    expect((await new HttpSession(server.url).signUp(user)).status).toBe(201);
    await query('CREATE TABLE private_folder_marker (value text NOT NULL)');
    await query('INSERT INTO private_folder_marker (value) VALUES ($1)', [marker]);
  });

  it('stops cleanly on SIGTERM, cluster included', async () => {
    expect(await server!.stop()).toBe(0);
    server = undefined;
    expect(existsSync(path.join(pgdata!, 'postmaster.pid'))).toBe(false);
  });

  it('second start: reuses the same cluster and its data', async () => {
    server = await startAppServer(env());
    const output = server.output();
    expect(output).not.toMatch(/Creating a new Postgres cluster/);
    expect(output).toContain(`Using the existing Postgres cluster in ${pgdata}.`);
    if (asRoot) expect(output).toContain(`Embedded Postgres cluster is in ${pgdata}, not in DATA_DIR`);
    expect(output).toMatch(/Database schema is up to date/);

    const health = await (await fetch(`${server.url}/api/health`)).json();
    expect(health.db).toMatchObject({ status: 'up', mode: 'embedded' });
    expect(await query<{ value: string }>('SELECT value FROM private_folder_marker')).toEqual([{ value: marker }]);
    expect(await new HttpSession(server.url).signIn(user.email, user.password)).toBeNull();

    expect(await server.stop()).toBe(0);
    server = undefined;
    expect(existsSync(path.join(pgdata!, 'postmaster.pid'))).toBe(false);
  });
});
