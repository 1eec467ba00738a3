import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Scenario } from '../../server/scenarios/library';
import { DURATIONS } from '../../server/scenarios/schema';

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

/**
 * Every interviewer-only string of a scenario that is long enough to be
 * substantive (short labels like "Users" occur in ordinary prose), plus every
 * constraint-card title whatever its length. No candidate path may carry these.
 */
export function interviewerOnlyStrings(s: Scenario): string[] {
  const { guide, rubric } = s;
  const all = [
    s.summary,
    guide.context,
    ...guide.clarifyingFacts.map((f) => f.answer),
    ...DURATIONS.flatMap((d) => guide.phases[d].map((p) => p.goal)),
    ...Object.values(guide.probes).flat(),
    // A card's prompt is private until revealed; its follow-up, always.
    ...guide.constraintCards.flatMap((c) => [c.prompt, c.followUp]),
    ...guide.strongAnswer.outline,
    ...guide.strongAnswer.estimates,
    ...rubric.dimensions.flatMap((d) => [d.description, ...Object.values(d.anchors)]),
    ...Object.values(rubric.signals).flat(),
    ...rubric.redFlags,
    ...Object.values(rubric.levelExpectations).flat(),
  ];
  return [...all.map((t) => t.trim()).filter((t) => t.length >= 12), ...guide.constraintCards.map((c) => c.title.trim())];
}
