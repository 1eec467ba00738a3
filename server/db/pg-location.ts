/**
 * Where the embedded cluster and the binaries that run it live.
 *
 * Not root: Postgres runs as us, so the cluster is `<DATA_DIR>/postgres/data`.
 * Root: Postgres runs as the `postgres` user, which must pass through every
 * folder above the cluster and the binaries. When a folder above DATA_DIR is
 * private (root's home, a `mktemp -d` folder), the cluster is kept under
 * RELOCATION_BASE instead, keyed by the real path of DATA_DIR, and a pointer
 * file in DATA_DIR says where. Secrets stay in DATA_DIR either way.
 */
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ancestorsOf, describeDenial, firstDenied, statChecks, SEARCH, type Identity } from './pg-reach';
import { binariesReachable, copyBinaries, type Binaries } from './pg-binaries';

/**
 * /var/lib is where the FHS keeps an application's persistent state; /tmp is
 * wiped on reboot (and aged out by systemd-tmpfiles), which would lose the
 * database. Only root ever writes here, and only on the relocation path.
 */
export const RELOCATION_BASE = '/var/lib/mockroom';
/** In DATA_DIR, for the operator: where the cluster went, and why. */
export const POINTER_FILE = 'postgres-location.txt';

export interface PgLocation {
  bins: Binaries;
  /** Folder holding `data/` and `postgres.log`; reachable by the user Postgres runs as. */
  root: string;
  pgdata: string;
  logFile: string;
  /** Set when the cluster is not in DATA_DIR: why, in one line. */
  relocatedBecause?: string;
}

interface Options {
  dataDir: string;
  bins: Binaries;
  /** The identity Postgres runs as; undefined when it runs as us (not root). */
  user: Identity | undefined;
  base?: string;
  log: (line: string) => void;
}

const hasCluster = (pgdata: string) => existsSync(path.join(pgdata, 'PG_VERSION'));

export function clusterKey(realDataDir: string): string {
  return createHash('sha256').update(realDataDir).digest('hex').slice(0, 16);
}

export function locateCluster(options: Options): PgLocation {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const inPlace = path.join(dataDir, 'postgres');
  const user = options.user;
  if (!user) return prepareInPlace(inPlace, options.bins, undefined);

  const base = options.base ?? RELOCATION_BASE;
  let bins = options.bins;
  const binDenial = binariesReachable(bins, user);
  if (binDenial) {
    const { what, fix } = describeDenial(binDenial, user);
    const into = path.join(base, 'postgres-bin');
    ensureFolders(
      [
        { dir: base, owner: undefined, mode: 0o755 },
        { dir: into, owner: undefined, mode: 0o755 },
      ],
      user,
      (reason) =>
        new Error(
          `The postgres user cannot run the Postgres binaries in node_modules (${what}), and they cannot be copied to ${into}: ${reason}. ` +
            `Run \`${fix}\`, or set DATABASE_URL to use your own Postgres.`,
        ),
    );
    bins = copyBinaries(bins, into, user);
    options.log(`Using a copy of the Postgres binaries in ${bins.nativeDir}: ${what}.`);
  }

  // The kernel walks the path as given and, through any symlink, the real one.
  const real = realpathSync(dataDir);
  const walked = [...new Set([...ancestorsOf(dataDir), ...ancestorsOf(real)])];
  const denial = firstDenied(statChecks(walked, SEARCH), user);
  const relocatedRoot = path.join(base, 'postgres', clusterKey(real));

  if (hasCluster(path.join(inPlace, 'data'))) {
    if (denial) {
      const { what, fix } = describeDenial(denial, user);
      throw new Error(
        `The embedded Postgres cluster in ${path.join(inPlace, 'data')} cannot be reached: ${what}, which runs Postgres when Mockroom runs as root. ` +
          `Run \`${fix}\`, or set DATABASE_URL to use your own Postgres.`,
      );
    }
    return prepareInPlace(inPlace, bins, user);
  }
  // Once relocated, a cluster stays put even if DATA_DIR later becomes reachable: its data lives there.
  const relocatedBefore = hasCluster(path.join(relocatedRoot, 'data'));
  if (!denial && !relocatedBefore) {
    rmSync(path.join(dataDir, POINTER_FILE), { force: true });
    return prepareInPlace(inPlace, bins, user);
  }

  const because = denial
    ? `${describeDenial(denial, user).what}, which runs Postgres when Mockroom runs as root`
    : 'it was created there while DATA_DIR was not reachable by the postgres user';
  prepareRelocated(base, relocatedRoot, user, denial && describeDenial(denial, user).fix);
  writeFileSync(path.join(relocatedRoot, 'data-dir.txt'), `${real}\n`, { mode: 0o644 });
  const location: PgLocation = {
    bins,
    root: relocatedRoot,
    pgdata: path.join(relocatedRoot, 'data'),
    logFile: path.join(relocatedRoot, 'postgres.log'),
    relocatedBecause: because,
  };
  writeFileSync(
    path.join(dataDir, POINTER_FILE),
    [
      '# The embedded Postgres cluster of this DATA_DIR lives outside it, because',
      `# ${because}.`,
      `# Its password stays in secrets/postgres-password. Stop it with: runuser -u postgres -- ${bins.pg_ctl} stop -D ${location.pgdata}`,
      `cluster: ${location.pgdata}`,
      `log: ${location.logFile}`,
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  return location;
}

function prepareInPlace(root: string, bins: Binaries, user: Identity | undefined): PgLocation {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  if (user) {
    chownSync(root, user.uid, user.gid);
    // The postgres user must pass through DATA_DIR to reach its own folder:
    // grant traverse-only (no listing) when the folder is private.
    const dataDir = path.dirname(root);
    const mode = statSync(dataDir).mode & 0o777;
    if ((mode & 0o001) === 0) chmodSync(dataDir, mode | 0o001);
    const pgdata = path.join(root, 'data');
    if (existsSync(pgdata) && statSync(pgdata).uid !== user.uid) {
      throw new Error(
        `The embedded Postgres cluster in ${pgdata} belongs to uid ${statSync(pgdata).uid}, but as root Mockroom runs Postgres as the postgres user (uid ${user.uid}). ` +
          'Start Mockroom as the user who created it, or set DATA_DIR to a new folder.',
      );
    }
  }
  return { bins, root, pgdata: path.join(root, 'data'), logFile: path.join(root, 'postgres.log') };
}

/**
 * `<base>` (root, 0755) / `postgres` (postgres, 0700) / `<key>` (postgres, 0700).
 */
function prepareRelocated(base: string, root: string, user: Identity, inPlaceFix: string | undefined) {
  ensureFolders(
    [
      { dir: base, owner: undefined, mode: 0o755 },
      { dir: path.join(base, 'postgres'), owner: user, mode: 0o700 },
      { dir: root, owner: user, mode: 0o700 },
    ],
    user,
    (reason) =>
      new Error(
        `Cannot keep the embedded Postgres cluster in ${root}: ${reason}. ` +
          (inPlaceFix ? `Keep it in DATA_DIR instead: run \`${inPlaceFix}\`, or ` : '') +
          'set DATA_DIR to a folder every user can traverse, or set DATABASE_URL to use your own Postgres.',
      ),
  );
}

interface Folder {
  dir: string;
  /** undefined: root keeps it. */
  owner: Identity | undefined;
  mode: number;
}

/**
 * Creates each folder (outermost first) or checks the existing one: a real
 * folder that only root or the postgres user can write, so nobody else can
 * swap in their own cluster or binaries. Then sets its owner and mode.
 */
function ensureFolders(folders: readonly Folder[], user: Identity, cannot: (reason: string) => Error) {
  const first = folders[0];
  if (!first) return;
  const denial = firstDenied(statChecks(ancestorsOf(first.dir), SEARCH), user);
  if (denial) throw cannot(describeDenial(denial, user).what);
  for (const folder of folders) {
    try {
      mkdirSync(folder.dir, { mode: folder.mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannot(`${folder.dir} could not be created (${(error as Error).message})`);
    }
    const s = lstatSync(folder.dir);
    if (!s.isDirectory()) throw cannot(`${folder.dir} is not a folder`);
    if (s.uid !== 0 && s.uid !== user.uid) throw cannot(`${folder.dir} belongs to uid ${s.uid}, not root or postgres`);
    if (s.mode & 0o022) throw cannot(`${folder.dir} is writable by group or others (mode ${(s.mode & 0o777).toString(8)})`);
    if (folder.owner) chownSync(folder.dir, folder.owner.uid, folder.owner.gid);
    chmodSync(folder.dir, folder.mode);
  }
}
