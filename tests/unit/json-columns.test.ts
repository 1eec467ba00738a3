/**
 * The JSON columns parse rows written before they had versions, write their
 * version on new rows, and refuse a malformed value with an error that names
 * the interview and the column.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readFeedbackContent,
  readScenarioSnapshot,
  readTimerEventPayload,
  StoredDataError,
  type FeedbackContent,
} from '../../server/db/json-columns';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import { phasesOf } from '../../server/timer/phases';

const library = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios'));
const scenario = library.scenarios[0]!;
/** What createInterview stores now: the resolved scenario as JSON, with v2 cards (prompt + followUp). */
const currentSnapshot = { v: 2, ...JSON.parse(JSON.stringify(scenario)) } as Record<string, unknown>;
/**
 * What createInterview stored before cards were split: the resolved scenario
 * as JSON with one `text` per card, and (before versions) no `v`.
 */
const legacyCards = scenario.guide.constraintCards.map((c) => ({ id: c.id, title: c.title, text: `Old card text for ${c.id}, as the room saw it.`, phase: c.phase }));
const oldSnapshot = (() => {
  const old = JSON.parse(JSON.stringify(scenario));
  old.guide.constraintCards = legacyCards;
  return old as Record<string, unknown>;
})();

function refusal(read: () => unknown): StoredDataError {
  try {
    read();
  } catch (error) {
    if (error instanceof StoredDataError) return error;
    throw error;
  }
  throw new Error('expected a StoredDataError');
}

describe('Interview.scenarioSnapshot', () => {
  it('parses a row without a version as v1, keeping every field; its one-text cards become prompt-only cards', () => {
    const snapshot = readScenarioSnapshot('iv-1', oldSnapshot);
    expect(snapshot.v).toBe(1);
    const { v: _v, ...rest } = snapshot;
    const { constraintCards, ...guide } = rest.guide;
    expect({ ...rest, guide }).toEqual({ ...oldSnapshot, guide: { ...(oldSnapshot.guide as object), constraintCards: undefined } });
    // The room keeps reading exactly the words it was shown; there never was a follow-up to show interviewers.
    expect(constraintCards).toEqual(legacyCards.map(({ text, ...c }) => ({ ...c, prompt: text, followUp: '' })));
  });

  it('parses a v1 row that carries its version the same way', () => {
    expect(readScenarioSnapshot('iv-1', { ...oldSnapshot, v: 1 }).guide.constraintCards[0]).toEqual({ ...legacyCards[0], text: undefined, prompt: legacyCards[0]!.text, followUp: '' });
  });

  it('parses a v2 row (what is written now) unchanged, follow-ups included', () => {
    const snapshot = readScenarioSnapshot('iv-1', currentSnapshot);
    expect(snapshot).toEqual(currentSnapshot);
    expect(snapshot.guide.constraintCards.every((c) => c.followUp.length > 0)).toBe(true);
    expect(snapshot.guide.phases[45]).toEqual(scenario.guide.phases[45]);
  });

  it('refuses a malformed snapshot, naming the interview, the column and the field', () => {
    const broken = JSON.parse(JSON.stringify(currentSnapshot));
    delete broken.guide.phases['60'];
    const error = refusal(() => readScenarioSnapshot('iv-broken', broken));
    expect(error.message).toContain('Interview.scenarioSnapshot of interview iv-broken is malformed');
    expect(error.message).toContain('guide.phases.60');
    // A v2 row must have split cards; a v1 row must not claim them.
    expect(refusal(() => readScenarioSnapshot('iv-3', { ...oldSnapshot, v: 2 })).message).toContain('guide.constraintCards.0.prompt');
    expect(refusal(() => readScenarioSnapshot('iv-4', { ...currentSnapshot, v: 1 })).message).toContain('guide.constraintCards.0.text');
    expect(refusal(() => readScenarioSnapshot('iv-2', { ...currentSnapshot, v: 3 })).message).toContain('Interview.scenarioSnapshot of interview iv-2');
  });

  it('feeds phasesOf, which falls back to the full agenda for an unknown duration', () => {
    for (const stored of [oldSnapshot, currentSnapshot]) {
      const snapshot = readScenarioSnapshot('iv-1', stored);
      expect(phasesOf({ interview: { id: 'iv-1', durationMinutes: 45 }, snapshot }).map((p) => p.id)).toEqual(scenario.guide.phases[45].map((p) => p.id));
      expect(phasesOf({ interview: { id: 'iv-1', durationMinutes: 50 }, snapshot })).toEqual(scenario.guide.phases[60]);
    }
  });
});

describe('TimerEvent.payload', () => {
  it('parses the bare commands stored before versions', () => {
    expect(readTimerEventPayload('iv-1', { type: 'start' })).toEqual({ v: 1, type: 'start' });
    expect(readTimerEventPayload('iv-1', { type: 'extend', minutes: 5 })).toEqual({ v: 1, type: 'extend', minutes: 5 });
  });

  it('parses a versioned command', () => {
    expect(readTimerEventPayload('iv-1', { v: 1, type: 'pause' })).toEqual({ v: 1, type: 'pause' });
  });

  it('refuses an unknown command with a clear error', () => {
    const error = refusal(() => readTimerEventPayload('iv-9', { type: 'rewind' }));
    expect(error.message).toMatch(/^TimerEvent\.payload of interview iv-9 is malformed: type: /);
    expect(refusal(() => readTimerEventPayload('iv-9', { type: 'extend', minutes: 'five' })).message).toContain('minutes');
  });
});

describe('FeedbackRelease.content', () => {
  const old = {
    evaluatorName: 'Ada',
    releasedAt: '2026-11-01T10:00:00.000Z',
    feedback: 'Clear problem framing.',
    recommendation: 'hire',
    dimensions: [{ id: 'problem-framing', title: 'Problem framing', score: 3, summary: 'Good.' }],
  };

  it('parses a release stored before versions as v1, unchanged', () => {
    expect(readFeedbackContent('iv-1', old)).toEqual({ v: 1, ...old });
  });

  it('parses the smallest release (feedback only) with its version', () => {
    const minimal: FeedbackContent = { v: 1, evaluatorName: 'Ada', releasedAt: old.releasedAt, feedback: 'Well done.' };
    expect(readFeedbackContent('iv-1', minimal)).toEqual(minimal);
  });

  it('refuses a malformed release, naming the interview and the column', () => {
    const error = refusal(() => readFeedbackContent('iv-7', { ...old, dimensions: [{ id: 'x', title: 'X', score: 9 }] }));
    expect(error.message).toContain('FeedbackRelease.content of interview iv-7 is malformed');
    expect(error.message).toContain('dimensions.0.score');
    expect(refusal(() => readFeedbackContent('iv-7', null)).message).toContain('FeedbackRelease.content of interview iv-7');
  });
});
