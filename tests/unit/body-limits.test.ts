/**
 * The body caps against the largest bodies our own schemas accept: a cap
 * below them would refuse a legitimate save. The evaluation PATCH is the
 * largest; it is measured here in its worst encodings.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluationPatchSchema, MAX_FEEDBACK_CHARS, MAX_SUMMARY_CHARS } from '../../lib/rubric/evaluation';
import { BODY_LIMIT_BYTES, bodyClassOf } from '../../server/edge/body-limits';
import { loadScenarioLibrary } from '../../server/scenarios/library';

const ROOT = path.resolve(import.meta.dirname, '../..');

function fullPatch(dimensionIds: string[], char: string) {
  const body = {
    scores: Object.fromEntries(dimensionIds.map((id) => [id, { score: 4, summary: char.repeat(MAX_SUMMARY_CHARS) }])),
    recommendation: 'strong_hire',
    levelEstimate: 'principal',
    candidateFeedback: char.repeat(MAX_FEEDBACK_CHARS),
  };
  expect(evaluationPatchSchema.safeParse(body).success).toBe(true);
  return Buffer.byteLength(JSON.stringify(body));
}

describe('body limits', () => {
  const dimensions = new Set(loadScenarioLibrary(path.join(ROOT, 'scenarios')).scenarios.flatMap((s) => s.rubric.dimensions.map((d) => d.id)));

  it('admit the fullest evaluation PATCH in any encoding: ASCII, 3-byte characters, and 6-byte JSON escapes', () => {
    // The largest rubric a scenario can use: every shared dimension.
    const ids = [...dimensions];
    expect(ids.length).toBeGreaterThanOrEqual(8);
    const ascii = fullPatch(ids, 'a');
    const cjk = fullPatch(ids, '評');
    const escaped = fullPatch(ids, '\u0001');
    expect(ascii).toBeLessThan(50 * 1024);
    expect(escaped).toBeGreaterThan(cjk);
    expect(escaped).toBeLessThanOrEqual(BODY_LIMIT_BYTES.json);
  });

  it('sort routes into classes by path', () => {
    expect(bodyClassOf('/api/auth/callback/credentials')).toBe('auth');
    expect(bodyClassOf('/api/interviews/abc/notes')).toBe('json');
    expect(bodyClassOf('/api/signup')).toBe('json');
    expect(bodyClassOf('/api/interviews/abc/recording/rec123/chunks/7')).toBe('upload');
    expect(bodyClassOf('/api/interviews/abc/recording/consent')).toBe('json');
    expect(BODY_LIMIT_BYTES.auth).toBeLessThan(BODY_LIMIT_BYTES.json);
    expect(BODY_LIMIT_BYTES.json).toBeLessThan(BODY_LIMIT_BYTES.upload);
  });
});
