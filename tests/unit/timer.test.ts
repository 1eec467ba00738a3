import { describe, expect, it } from 'vitest';
import { applyTimerCommand, clockOffset, formatClock, initialTimer, TimerCommandRejected, timerView, type TimerCommand, type TimerState } from '../../lib/timer/timer';

const MIN = 60_000;
const phases = [
  { id: 'clarify', title: 'Clarify', plannedMs: 5 * MIN },
  { id: 'data', title: 'Data', plannedMs: 10 * MIN },
  { id: 'wrap', title: 'Wrap-up', plannedMs: 5 * MIN },
];

function run(steps: [number, TimerCommand][]): TimerState {
  return steps.reduce((state, [at, command]) => applyTimerCommand(state, command, at), initialTimer(phases));
}

describe('timer', () => {
  it('counts down the current phase and the whole agenda while running', () => {
    const state = run([[0, { type: 'start' }]]);
    const view = timerView(state, 2 * MIN);
    expect(view).toMatchObject({ status: 'running', index: 0, phaseRemainingMs: 3 * MIN, overallRemainingMs: 18 * MIN, overrun: false, warning: false });
  });

  it('freezes while paused and continues from the same point', () => {
    const state = run([[0, { type: 'start' }], [MIN, { type: 'pause' }]]);
    expect(timerView(state, 10 * MIN).phaseRemainingMs).toBe(4 * MIN);
    const resumed = applyTimerCommand(state, { type: 'resume' }, 10 * MIN);
    expect(timerView(resumed, 11 * MIN).phaseRemainingMs).toBe(3 * MIN);
  });

  it('warns in the last two minutes and shows overrun as negative time', () => {
    const state = run([[0, { type: 'start' }]]);
    expect(timerView(state, 3 * MIN + 1).warning).toBe(true);
    const over = timerView(state, 6 * MIN);
    expect(over).toMatchObject({ overrun: true, warning: false, phaseRemainingMs: -MIN });
    expect(formatClock(over.phaseRemainingMs)).toBe('-1:00');
  });

  it('moves to the next phase, charging the overall clock with the time actually spent', () => {
    const state = run([[0, { type: 'start' }], [7 * MIN, { type: 'next' }]]);
    const view = timerView(state, 8 * MIN);
    expect(view).toMatchObject({ index: 1, phaseRemainingMs: 9 * MIN });
    // 20 planned - 7 spent in phase 1 - 1 in phase 2
    expect(view.overallRemainingMs).toBe(12 * MIN);
  });

  it('goes back to the previous phase where it was left', () => {
    const state = run([[0, { type: 'start' }], [2 * MIN, { type: 'next' }], [2 * MIN + 5000, { type: 'previous' }]]);
    const view = timerView(state, 3 * MIN);
    expect(view.index).toBe(0);
    expect(view.phaseRemainingMs).toBe(5 * MIN - 2 * MIN - (3 * MIN - (2 * MIN + 5000)));
  });

  it('extends only the current phase', () => {
    const state = run([[0, { type: 'start' }], [MIN, { type: 'extend', minutes: 3 }]]);
    expect(state.phases.map((p) => p.plannedMs)).toEqual([8 * MIN, 10 * MIN, 5 * MIN]);
    expect(timerView(state, MIN).phaseRemainingMs).toBe(7 * MIN);
  });

  it('finishes after the last phase and stops the clock', () => {
    const state = run([[0, { type: 'start' }], [MIN, { type: 'next' }], [2 * MIN, { type: 'next' }], [3 * MIN, { type: 'next' }]]);
    expect(state.status).toBe('finished');
    const later = timerView(state, 60 * MIN);
    expect(later.overallRemainingMs).toBe(17 * MIN);
    expect(later.overrun).toBe(false);
  });

  it('rejects commands that make no sense, with a reason', () => {
    expect(() => run([[0, { type: 'pause' }]])).toThrow(new TimerCommandRejected('The timer is not running.'));
    expect(() => run([[0, { type: 'start' }], [1, { type: 'start' }]])).toThrow('The timer has already started.');
    expect(() => run([[0, { type: 'next' }]])).toThrow('Start the timer first.');
    expect(() => run([[0, { type: 'start' }], [1, { type: 'previous' }]])).toThrow('Already at the first phase.');
  });

  it('counts events so stale broadcasts can be ignored', () => {
    expect(run([[0, { type: 'start' }], [1, { type: 'pause' }]]).seq).toBe(2);
  });

  it('estimates the clock offset from one ping', () => {
    // Local clock 1000 ms behind the server, 40 ms round trip.
    expect(clockOffset(10_000, 11_020, 10_040)).toEqual({ offset: 1000, rtt: 40 });
  });
});
