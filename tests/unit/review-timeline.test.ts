/**
 * The review's time axis and phase bands (lib/review/timeline.ts), built from
 * a timer log: wall-clock spans per phase with pauses kept on the axis, time
 * actually spent per phase, extensions, and an axis for a session whose
 * timer never ran.
 */
import { describe, expect, it } from 'vitest';
import { buildTimeline, toAxis, type TimedCommand } from '../../lib/review/timeline';
import type { TimerCommand, TimerPhase } from '../../lib/timer/timer';

const MIN = 60_000;
const PHASES: TimerPhase[] = [
  { id: 'clarify', title: 'Clarify', plannedMs: 10 * MIN },
  { id: 'design', title: 'Design', plannedMs: 20 * MIN },
  { id: 'wrap', title: 'Wrap up', plannedMs: 15 * MIN },
];
const log = (...events: [number, TimerCommand][]): TimedCommand[] => events.map(([at, command]) => ({ at, command }));
const band = (id: string) => (timeline: ReturnType<typeof buildTimeline>) => timeline.phases.find((p) => p.id === id)!;

describe('buildTimeline', () => {
  it('runs the axis from the first start to the end, with paused stretches kept as spans of their own', () => {
    const timeline = buildTimeline(
      PHASES,
      log([1_000, { type: 'start' }], [4_000, { type: 'pause' }], [6_000, { type: 'resume' }], [10_000, { type: 'next' }]),
      0,
      15_000,
    );
    expect(timeline).toMatchObject({ originAt: 1_000, durationMs: 14_000, timed: true });
    expect(band('clarify')(timeline)).toEqual({
      id: 'clarify',
      title: 'Clarify',
      plannedMs: 10 * MIN,
      // The pause is on the axis but not in the time spent.
      actualMs: 7_000,
      spans: [
        { fromMs: 0, toMs: 3_000, paused: false },
        { fromMs: 3_000, toMs: 5_000, paused: true },
        { fromMs: 5_000, toMs: 9_000, paused: false },
      ],
    });
    // The current phase runs until the end.
    expect(band('design')(timeline)).toEqual({ id: 'design', title: 'Design', plannedMs: 20 * MIN, actualMs: 5_000, spans: [{ fromMs: 9_000, toMs: 14_000, paused: false }] });
    expect(band('wrap')(timeline)).toEqual({ id: 'wrap', title: 'Wrap up', plannedMs: 15 * MIN, actualMs: 0, spans: [] });
  });

  it('gives a phase returned to with "previous" a second span, and adds up its time across both', () => {
    const timeline = buildTimeline(
      PHASES,
      log([0, { type: 'start' }], [2_000, { type: 'next' }], [3_000, { type: 'previous' }], [4_000, { type: 'next' }]),
      0,
      6_000,
    );
    expect(band('clarify')(timeline)).toMatchObject({
      actualMs: 3_000,
      spans: [
        { fromMs: 0, toMs: 2_000, paused: false },
        { fromMs: 3_000, toMs: 4_000, paused: false },
      ],
    });
    expect(band('design')(timeline)).toMatchObject({
      actualMs: 3_000,
      spans: [
        { fromMs: 2_000, toMs: 3_000, paused: false },
        { fromMs: 4_000, toMs: 6_000, paused: false },
      ],
    });
  });

  it("counts an extension in the extended phase's plannedMs only", () => {
    const timeline = buildTimeline(PHASES, log([0, { type: 'start' }], [1_000, { type: 'next' }], [2_000, { type: 'extend', minutes: 5 }]), 0, 3_000);
    expect(timeline.phases.map((p) => p.plannedMs)).toEqual([10 * MIN, 25 * MIN, 15 * MIN]);
  });

  it('draws no span once the agenda is finished, and keeps the last phase’s time', () => {
    const timeline = buildTimeline(
      PHASES,
      log([0, { type: 'start' }], [1_000, { type: 'next' }], [2_000, { type: 'next' }], [3_000, { type: 'next' }]),
      0,
      10_000,
    );
    expect(timeline.durationMs).toBe(10_000);
    expect(timeline.phases.map((p) => p.spans)).toEqual([
      [{ fromMs: 0, toMs: 1_000, paused: false }],
      [{ fromMs: 1_000, toMs: 2_000, paused: false }],
      [{ fromMs: 2_000, toMs: 3_000, paused: false }],
    ]);
    expect(timeline.phases.map((p) => p.actualMs)).toEqual([1_000, 1_000, 1_000]);
  });

  it('skips a logged command that no longer applies, and one unbroken stretch stays one span', () => {
    // A resume while running is refused by the timer; the log replay must not break the span at it.
    const timeline = buildTimeline(PHASES, log([500, { type: 'start' }], [1_500, { type: 'resume' }]), 0, 4_500);
    expect(band('clarify')(timeline)).toMatchObject({ actualMs: 4_000, spans: [{ fromMs: 0, toMs: 4_000, paused: false }] });
  });

  it("counts no time past the end: the end's own pause, logged just after it, stops the clock at the end", () => {
    const timeline = buildTimeline(PHASES, log([0, { type: 'start' }], [1_000, { type: 'next' }], [5_014, { type: 'pause' }]), 0, 5_000);
    expect(band('design')(timeline)).toMatchObject({ actualMs: 4_000, spans: [{ fromMs: 1_000, toMs: 5_000, paused: false }] });
    expect(timeline.phases.reduce((sum, p) => sum + p.actualMs, 0)).toBe(timeline.durationMs);
  });

  it('starts the axis at the first start, not at an earlier extension', () => {
    const timeline = buildTimeline(PHASES, log([100, { type: 'extend', minutes: 2 }], [2_000, { type: 'start' }]), 0, 5_000);
    expect(timeline).toMatchObject({ originAt: 2_000, durationMs: 3_000, timed: true });
    expect(band('clarify')(timeline)).toMatchObject({ plannedMs: 12 * MIN, actualMs: 3_000, spans: [{ fromMs: 0, toMs: 3_000, paused: false }] });
  });

  it('uses the fallback start when the timer never ran: timed is false and no phase has a span', () => {
    const timeline = buildTimeline(PHASES, [], 5_000, 65_000);
    expect(timeline).toEqual({
      originAt: 5_000,
      durationMs: 60_000,
      timed: false,
      phases: PHASES.map((p) => ({ ...p, actualMs: 0, spans: [] })),
    });
    // An extension alone still changes the plan, but does not start the axis.
    const extended = buildTimeline(PHASES, log([6_000, { type: 'extend', minutes: 1 }]), 5_000, 65_000);
    expect(extended).toMatchObject({ originAt: 5_000, timed: false });
    expect(extended.phases[0]).toMatchObject({ plannedMs: 11 * MIN, actualMs: 0, spans: [] });
  });

  it('never runs the axis backwards: a fallback after the end gives an empty axis at the end', () => {
    expect(buildTimeline(PHASES, [], 90_000, 60_000)).toMatchObject({ originAt: 60_000, durationMs: 0, timed: false });
  });
});

describe('toAxis', () => {
  const axis = { originAt: 1_000, durationMs: 5_000 };
  it('measures from the origin and clamps to [0, durationMs]', () => {
    expect(toAxis(axis, 1_000)).toBe(0);
    expect(toAxis(axis, 3_500)).toBe(2_500);
    expect(toAxis(axis, 6_000)).toBe(5_000);
    // Before the first start: at 0; in the wrap-up after the end: at the end.
    expect(toAxis(axis, 0)).toBe(0);
    expect(toAxis(axis, 60_000)).toBe(5_000);
  });
});
