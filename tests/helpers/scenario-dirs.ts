import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A temp folder named `scenarios` with the real _shared.yaml plus the named fixture files. */
export function fixtureLibrary(fixtures: { kind: 'good' | 'bad'; name: string }[]): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'mockroom-scenarios-')), 'scenarios');
  mkdirSync(dir);
  cpSync(path.join(ROOT, 'scenarios/_shared.yaml'), path.join(dir, '_shared.yaml'));
  for (const { kind, name } of fixtures) {
    writeFileSync(path.join(dir, name), readFileSync(path.join(ROOT, 'tests/fixtures/scenarios', kind, name), 'utf8'));
  }
  return dir;
}
