/**
 * The review's time axis and phase bands, from the timer's event log.
 *
 * The axis is wall-clock time from the first timer start to the end of the
 * interview: the board's log and the recordings run on the wall clock, so
 * pauses stay on the axis (drawn as paused stretches) rather than being cut
 * out as the session clock cuts them. Pure, so the unit tests and both sides
 * share it.
 */
import { applyTimerCommand, initialTimer, type TimerCommand, type TimerPhase, type TimerState } from '../timer/timer';

export interface TimedCommand {
  at: number;
  command: TimerCommand;
}

export interface PhaseSpan {
  /** ms on the axis. */
  fromMs: number;
  toMs: number;
  paused: boolean;
}

export interface PhaseBand {
  id: string;
  title: string;
  /** Planned length including extensions. */
  plannedMs: number;
  /** Time spent in the phase, pauses excluded (what the room's timer counted). */
  actualMs: number;
  spans: PhaseSpan[];
}

export interface Timeline {
  /** Wall-clock ms of the axis' 0: the first timer start, or the fallback when the timer never ran. */
  originAt: number;
  durationMs: number;
  phases: PhaseBand[];
  /** False when the timer never started: the axis then runs from the fallback. */
  timed: boolean;
}

/**
 * `fallbackStart`: where the axis begins when the timer never started (the
 * interview's start, or its first board edit). `endAt`: the interview's end.
 */
export function buildTimeline(phases: TimerPhase[], events: readonly TimedCommand[], fallbackStart: number, endAt: number): Timeline {
  let state: TimerState = initialTimer(phases);
  const firstStart = events.find((e) => e.command.type === 'start');
  const originAt = firstStart?.at ?? Math.min(fallbackStart, endAt);
  const end = Math.max(originAt, endAt);
  const spans: PhaseSpan[][] = phases.map(() => []);
  let since = originAt;
  const close = (until: number) => {
    const from = Math.max(since, originAt);
    const to = Math.min(until, end);
    if (to > from && (state.status === 'running' || state.status === 'paused')) {
      const list = spans[state.index]!;
      const paused = state.status === 'paused';
      const last = list[list.length - 1];
      if (last && last.toMs === from - originAt && last.paused === paused) last.toMs = to - originAt;
      else list.push({ fromMs: from - originAt, toMs: to - originAt, paused });
    }
    since = until;
  };
  for (const event of events) {
    close(event.at);
    try {
      // Ending pauses a running clock a few ms after endedAt (server/timer/service.ts): count no time past the end, as the spans do not.
      state = applyTimerCommand(state, event.command, Math.min(event.at, end));
    } catch {
      // The log holds only commands the server accepted; one that no longer applies changes nothing here.
    }
  }
  close(end);
  const spent = state.spentMs.map((ms, i) => (i === state.index ? currentSpent(state, end) : ms));
  return {
    originAt,
    durationMs: end - originAt,
    timed: firstStart !== undefined,
    phases: state.phases.map((p, i) => ({ id: p.id, title: p.title, plannedMs: p.plannedMs, actualMs: Math.round(spent[i]!), spans: spans[i]! })),
  };
}

function currentSpent(state: TimerState, end: number): number {
  return state.accumulatedMs + (state.runningSince === null ? 0 : Math.max(0, end - state.runningSince));
}

/** Wall-clock ms → position on the axis, clamped to it (a mark made in the wrap-up sits at the end). */
export function toAxis(timeline: Pick<Timeline, 'originAt' | 'durationMs'>, at: number): number {
  return Math.min(timeline.durationMs, Math.max(0, at - timeline.originAt));
}
