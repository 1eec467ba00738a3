/** The pure parts of scoring: the session clock that stamps marks and notes, and the request schemas' messages. */
import { describe, expect, it } from 'vitest';
import { applyTimerCommand, initialTimer, sessionElapsedMs, type TimerState } from '../../lib/timer/timer';
import { evaluationPatchSchema, markSchema, noteCreateSchema, releaseSchema } from '../../lib/rubric/evaluation';

const phases = [
  { id: 'a', title: 'A', plannedMs: 60_000 },
  { id: 'b', title: 'B', plannedMs: 60_000 },
];
const run = (commands: [number, Parameters<typeof applyTimerCommand>[1]][]): TimerState =>
  commands.reduce((state, [at, command]) => applyTimerCommand(state, command, at), initialTimer(phases));

describe('sessionElapsedMs', () => {
  it('is zero before the start and counts running time across phases', () => {
    expect(sessionElapsedMs(initialTimer(phases), 5000)).toBe(0);
    const state = run([[1000, { type: 'start' }], [21_000, { type: 'next' }]]);
    expect(sessionElapsedMs(state, 31_000)).toBe(30_000);
  });

  it('leaves paused time out', () => {
    const state = run([[0, { type: 'start' }], [10_000, { type: 'pause' }], [70_000, { type: 'resume' }]]);
    expect(sessionElapsedMs(state, 75_000)).toBe(15_000);
    expect(sessionElapsedMs(run([[0, { type: 'start' }], [10_000, { type: 'pause' }]]), 999_000)).toBe(10_000);
  });

  it('keeps time spent in a phase left early when going back', () => {
    const state = run([[0, { type: 'start' }], [10_000, { type: 'next' }], [15_000, { type: 'previous' }]]);
    expect(state.index).toBe(0);
    expect(sessionElapsedMs(state, 20_000)).toBe(20_000);
  });

  it('stops at the end of the agenda', () => {
    const state = run([[0, { type: 'start' }], [10_000, { type: 'next' }], [25_000, { type: 'next' }]]);
    expect(state.status).toBe('finished');
    expect(sessionElapsedMs(state, 500_000)).toBe(25_000);
  });
});

describe('request schemas', () => {
  const message = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
    result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

  it('accept partial evaluation updates and name the field that is wrong', () => {
    expect(evaluationPatchSchema.safeParse({ scores: { 'problem-framing': { score: 4 } } }).success).toBe(true);
    expect(evaluationPatchSchema.safeParse({ scores: { 'problem-framing': { score: null } }, recommendation: null }).success).toBe(true);
    expect(message(evaluationPatchSchema.safeParse({ scores: { 'problem-framing': { score: 0 } } }))).toEqual(['scores.problem-framing.score: expected a score from 1 to 4, or null to clear it']);
    expect(message(evaluationPatchSchema.safeParse({ levelEstimate: 'lead' }))).toEqual(['levelEstimate: expected one of below_senior, senior, staff, principal']);
    expect(evaluationPatchSchema.safeParse({ candidateFeedback: 'x'.repeat(10_001) }).success).toBe(false);
  });

  it('require a dimension for signals but not for red flags', () => {
    expect(markSchema.safeParse({ kind: 'red_flag', index: 2, checked: true }).success).toBe(true);
    expect(message(markSchema.safeParse({ kind: 'signal', index: 2, checked: true }))).toEqual(['dimensionId: a signal needs its dimension id']);
    expect(message(markSchema.safeParse({ kind: 'red_flag', index: -1, checked: true }))).toEqual(['index: must be 0 or more']);
  });

  it('trim notes and refuse empty ones', () => {
    expect(noteCreateSchema.parse({ text: '  ok  ' })).toEqual({ text: 'ok' });
    expect(message(noteCreateSchema.safeParse({ text: '   ' }))).toEqual(['text: write something first']);
  });

  it('make the release say exactly which parts go out', () => {
    expect(releaseSchema.safeParse({ include: { scores: true, summaries: false, recommendation: false } }).success).toBe(false);
    expect(releaseSchema.safeParse({ include: { scores: true, summaries: false, recommendation: false, levelEstimate: false, notes: true } }).success).toBe(false);
  });
});
