/**
 * Dependencies between capability folders point one way. Domain folders
 * publish on the event bus; the realtime transport subscribes; lib/ is
 * isomorphic and never reaches into server/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCycles, folderEdges } from '../helpers/import-graph';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The only modules that may wire the transport up: the boot code. */
const MAY_IMPORT_REALTIME = new Set(['server/realtime', 'server/app.ts', 'server/index.ts']);

describe('the import graph of server/ and lib/', () => {
  const edges = folderEdges(ROOT);

  it('is read from the real source (sanity: known edges are seen)', () => {
    expect(edges.some((e) => e.from === 'server/realtime' && e.to === 'server/interviews')).toBe(true);
    expect(edges.some((e) => e.from === 'server/rubric' && e.to === 'server/events')).toBe(true);
  });

  it('has no cycle between folders', () => {
    expect(describeCycles(edges)).toEqual([]);
  });

  it('lib/ never imports server/', () => {
    expect(edges.filter((e) => e.from.startsWith('lib/') && e.to.startsWith('server/')).map((e) => e.via)).toEqual([]);
  });

  it('no domain folder imports the realtime transport', () => {
    expect(edges.filter((e) => e.to === 'server/realtime' && !MAY_IMPORT_REALTIME.has(e.from)).map((e) => e.via)).toEqual([]);
  });
});

describe('the cycle check itself', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'import-graph-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };

  it('finds a cycle through relative, @/ and type-only imports', () => {
    write('server/a/one.ts', "import { two } from '../b/two';\nexport const one = two;\n");
    write('server/b/two.ts', "import type { Three } from '@/server/c/three';\nexport const two = 2;\n");
    write('server/c/three.ts', "export type Three = typeof import('../a/one');\nimport '../a/one';\n");
    write('server/d/leaf.ts', "import { one } from '../a/one';\n");
    const found = describeCycles(folderEdges(dir));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('server/a <-> server/b <-> server/c');
    expect(found[0]).not.toContain('server/d');
  });
});
