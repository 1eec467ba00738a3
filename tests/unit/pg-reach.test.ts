import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ancestorsOf, describeDenial, firstDenied, READ, SEARCH, statChecks, type PathCheck } from '../../server/db/pg-reach';

const postgres = { uid: 101, gid: 104 };
const dir = (p: string, mode: number, uid = 0, gid = 0, need = SEARCH): PathCheck => ({ path: p, mode: 0o40000 | mode, uid, gid, need });

describe('firstDenied: can the postgres user walk every folder?', () => {
  it('passes a path whose every folder others may traverse', () => {
    expect(firstDenied([dir('/', 0o755), dir('/srv', 0o711), dir('/srv/app', 0o751)], postgres)).toBeUndefined();
  });

  it('names the first private folder, outermost first', () => {
    const denial = firstDenied([dir('/', 0o755), dir('/root', 0o700), dir('/root/x', 0o700)], postgres);
    expect(denial).toMatchObject({ path: '/root', mode: 0o700, uid: 0 });
  });

  it('uses only the owner bits when postgres owns the folder, even if others may pass', () => {
    expect(firstDenied([dir('/d', 0o607, postgres.uid, 0)], postgres)?.path).toBe('/d');
    expect(firstDenied([dir('/d', 0o700, postgres.uid, 0)], postgres)).toBeUndefined();
  });

  it('uses only the group bits when the folder is in postgres\'s group', () => {
    expect(firstDenied([dir('/g', 0o705, 0, postgres.gid)], postgres)?.path).toBe('/g');
    expect(firstDenied([dir('/g', 0o750, 0, postgres.gid)], postgres)).toBeUndefined();
  });

  it('falls to the others bits for a stranger\'s folder', () => {
    expect(firstDenied([dir('/o', 0o770, 5, 5)], postgres)?.path).toBe('/o');
    expect(firstDenied([dir('/o', 0o701, 5, 5)], postgres)).toBeUndefined();
  });

  it('checks read as well as search when both are needed', () => {
    const file = dir('/srv/bin/postgres', 0o751, 0, 0, SEARCH | READ);
    expect(firstDenied([file], postgres)?.path).toBe('/srv/bin/postgres');
    expect(firstDenied([{ ...file, mode: 0o755 }], postgres)).toBeUndefined();
  });

  it('lets root through everything', () => {
    expect(firstDenied([dir('/root', 0o700, 7, 7)], { uid: 0, gid: 0 })).toBeUndefined();
  });
});

describe('describeDenial', () => {
  it('names the folder, its mode and owner, and the chmod that opens it to the right class', () => {
    expect(describeDenial({ path: '/root/x', mode: 0o700, uid: 0, gid: 0, need: SEARCH }, postgres)).toEqual({
      what: '/root/x (mode 0700, owner uid 0) is not traversable by the postgres user',
      fix: 'chmod o+x /root/x',
    });
    expect(describeDenial({ path: '/g', mode: 0o705, uid: 0, gid: postgres.gid, need: SEARCH }, postgres).fix).toBe('chmod g+x /g');
    expect(describeDenial({ path: '/u', mode: 0o077, uid: postgres.uid, gid: 0, need: SEARCH }, postgres).fix).toBe('chmod u+x /u');
  });
});

describe('ancestorsOf', () => {
  it('lists every folder above the target, root first', () => {
    expect(ancestorsOf('/root/x/app/.data')).toEqual(['/', '/root', '/root/x', '/root/x/app']);
    expect(ancestorsOf('/data')).toEqual(['/']);
  });
});

describe('statChecks on a real folder', () => {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'mockroom-reach-'));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('finds the 0700 parent that a stranger cannot pass, and passes it once opened', () => {
    const target = path.join(parent, 'data');
    mkdirSync(target);
    chmodSync(parent, 0o700);
    const stranger = { uid: 4_242_424, gid: 4_242_424 };
    expect(firstDenied(statChecks(ancestorsOf(target), SEARCH), stranger)?.path).toBe(parent);
    chmodSync(parent, 0o701);
    expect(firstDenied(statChecks(ancestorsOf(target), SEARCH), stranger)).toBeUndefined();
  });
});
