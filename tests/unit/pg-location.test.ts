/**
 * The refusals of locateCluster, on real folders. They are reached before
 * anything changes owner, so they run as any user; the relocation itself
 * (which needs root) is covered by tests/integration/embedded-private-folder.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Binaries } from '../../server/db/pg-binaries';
import { clusterKey, locateCluster } from '../../server/db/pg-location';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'mockroom-location-'));
chmodSync(scratch, 0o755);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A stranger to every folder here: it passes only what others may pass. */
const postgres = { uid: 4_242_424, gid: 4_242_424 };

/** A binaries tree others can reach, so only the data folder decides. */
function reachableBinaries(): Binaries {
  const nativeDir = path.join(scratch, 'native');
  for (const d of ['bin', 'lib', 'share']) mkdirSync(path.join(nativeDir, d), { recursive: true, mode: 0o755 });
  const bin = (name: string) => {
    const file = path.join(nativeDir, 'bin', name);
    writeFileSync(file, '', { mode: 0o755 });
    return file;
  };
  return { initdb: bin('initdb'), pg_ctl: bin('pg_ctl'), postgres: bin('postgres'), nativeDir, version: 'test' };
}

function privateDataDir(name: string) {
  const parent = path.join(scratch, name);
  const dataDir = path.join(parent, 'data');
  mkdirSync(dataDir, { recursive: true });
  chmodSync(parent, 0o700);
  return { parent, dataDir };
}

describe('locateCluster refuses clearly where the cluster cannot work', () => {
  const bins = reachableBinaries();

  it('an existing cluster in DATA_DIR behind a private folder: names the folder and the chmod, and never relocates its data', () => {
    const { parent, dataDir } = privateDataDir('existing');
    mkdirSync(path.join(dataDir, 'postgres', 'data'), { recursive: true });
    writeFileSync(path.join(dataDir, 'postgres', 'data', 'PG_VERSION'), '18\n');
    const base = path.join(scratch, 'base-existing');
    expect(() => locateCluster({ dataDir, bins, user: postgres, base, log: () => {} })).toThrow(
      `The embedded Postgres cluster in ${path.join(dataDir, 'postgres', 'data')} cannot be reached: ${parent} (mode 0700, owner uid ${process.getuid!()}) is not traversable by the postgres user, which runs Postgres when Mockroom runs as root. Run \`chmod o+x ${parent}\`, or set DATABASE_URL to use your own Postgres.`,
    );
    expect(existsSync(base)).toBe(false);
  });

  it('a private DATA_DIR parent and an unreachable relocation folder: names both ways out', () => {
    const { parent, dataDir } = privateDataDir('nowhere');
    const closed = path.join(scratch, 'closed');
    mkdirSync(closed, { mode: 0o700 });
    chmodSync(closed, 0o700);
    const base = path.join(closed, 'mockroom');
    let message = '';
    try {
      locateCluster({ dataDir, bins, user: postgres, base, log: () => {} });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`Cannot keep the embedded Postgres cluster in ${path.join(base, 'postgres', clusterKey(dataDir))}: ${closed} (mode 0700`);
    expect(message).toContain(`Keep it in DATA_DIR instead: run \`chmod o+x ${parent}\``);
    expect(message).toContain('set DATA_DIR to a folder every user can traverse, or set DATABASE_URL');
    expect(existsSync(base)).toBe(false);
  });
});
