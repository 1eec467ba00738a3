/**
 * The phase timer as pure functions, shared by server and browser. The server
 * owns the state and persists the events; every client derives what it shows
 * from the same state plus its estimate of the server's clock, so all screens
 * agree to within the clock-offset error.
 */
import { z } from 'zod';

export interface TimerPhase {
  id: string;
  title: string;
  /** Planned length including any extensions. */
  plannedMs: number;
}

export type TimerStatus = 'idle' | 'running' | 'paused' | 'finished';

export interface TimerState {
  phases: TimerPhase[];
  index: number;
  status: TimerStatus;
  /** Time already spent in the current phase before `runningSince`. */
  accumulatedMs: number;
  /** Server time when the current phase last started or resumed running. */
  runningSince: number | null;
  /** Time spent in each phase when it was last left (the current one's is in accumulatedMs). */
  spentMs: number[];
  /** Number of events applied; lets clients ignore stale broadcasts. */
  seq: number;
}

export const timerCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start') }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('next') }),
  z.object({ type: z.literal('previous') }),
  z.object({ type: z.literal('extend'), minutes: z.number().int().min(1).max(30) }),
]);
export type TimerCommand = z.infer<typeof timerCommandSchema>;

export class TimerCommandRejected extends Error {}

/** An agenda's phases (planned in whole minutes) as the timer counts them. */
export function toTimerPhases(agenda: readonly { id: string; title: string; minutes: number }[]): TimerPhase[] {
  return agenda.map((p) => ({ id: p.id, title: p.title, plannedMs: p.minutes * 60_000 }));
}

export function initialTimer(phases: TimerPhase[]): TimerState {
  return { phases, index: 0, status: 'idle', accumulatedMs: 0, runningSince: null, spentMs: phases.map(() => 0), seq: 0 };
}

function elapsedInPhase(state: TimerState, now: number): number {
  return state.accumulatedMs + (state.runningSince === null ? 0 : Math.max(0, now - state.runningSince));
}

/** spentMs with the current phase's time recorded as of `at`. */
function withSpent(state: TimerState, at: number): number[] {
  return state.spentMs.map((ms, i) => (i === state.index ? elapsedInPhase(state, at) : ms));
}

/** Applies one command at server time `at`; throws TimerCommandRejected when it makes no sense now. */
export function applyTimerCommand(state: TimerState, command: TimerCommand, at: number): TimerState {
  const next = { ...state, phases: state.phases, seq: state.seq + 1 };
  const reject = (why: string): never => {
    throw new TimerCommandRejected(why);
  };
  switch (command.type) {
    case 'start':
      if (state.status !== 'idle') reject('The timer has already started.');
      return { ...next, status: 'running', runningSince: at };
    case 'pause':
      if (state.status !== 'running') reject('The timer is not running.');
      return { ...next, status: 'paused', accumulatedMs: elapsedInPhase(state, at), runningSince: null };
    case 'resume':
      if (state.status !== 'paused') reject('The timer is not paused.');
      return { ...next, status: 'running', runningSince: at };
    case 'next': {
      if (state.status === 'idle' || state.status === 'finished') reject('Start the timer first.');
      const spentMs = withSpent(state, at);
      if (state.index === state.phases.length - 1) {
        return { ...next, status: 'finished', accumulatedMs: spentMs[state.index]!, runningSince: null, spentMs };
      }
      return { ...next, index: state.index + 1, accumulatedMs: spentMs[state.index + 1]!, runningSince: state.status === 'running' ? at : null, spentMs };
    }
    case 'previous': {
      if (state.index === 0 || state.status === 'idle') reject('Already at the first phase.');
      // Usually a correction after pressing "next" too early: the earlier phase
      // resumes exactly where it was left.
      const spentMs = withSpent(state, at);
      const index = state.status === 'finished' ? state.index : state.index - 1;
      return {
        ...next,
        index,
        status: state.status === 'finished' ? 'paused' : state.status,
        accumulatedMs: spentMs[index]!,
        runningSince: state.status === 'running' ? at : null,
        spentMs,
      };
    }
    case 'extend': {
      if (state.status === 'finished') reject('The interview agenda is finished.');
      const phases = state.phases.map((p, i) => (i === state.index ? { ...p, plannedMs: p.plannedMs + command.minutes * 60_000 } : p));
      return { ...next, phases };
    }
  }
}

export const WARNING_MS = 2 * 60_000;

export interface TimerView {
  status: TimerStatus;
  index: number;
  phase: TimerPhase;
  /** Negative once the phase overruns. */
  phaseRemainingMs: number;
  overallRemainingMs: number;
  overrun: boolean;
  /** Two minutes or less left in the phase (and not yet over). */
  warning: boolean;
}

export function timerView(state: TimerState, now: number): TimerView {
  const phase = state.phases[state.index]!;
  const spent = state.status === 'finished' ? state.accumulatedMs : elapsedInPhase(state, now);
  const phaseRemainingMs = phase.plannedMs - spent;
  const planned = state.phases.reduce((sum, p) => sum + p.plannedMs, 0);
  const otherPhases = state.spentMs.reduce((sum, ms, i) => (i === state.index ? sum : sum + ms), 0);
  return {
    status: state.status,
    index: state.index,
    phase,
    phaseRemainingMs,
    overallRemainingMs: planned - otherPhases - spent,
    overrun: state.status !== 'idle' && phaseRemainingMs < 0,
    warning: state.status === 'running' && phaseRemainingMs >= 0 && phaseRemainingMs <= WARNING_MS,
  };
}

/** "12:05", or "-1:30" for an overrun. */
export function formatClock(ms: number): string {
  const negative = ms < 0;
  const total = Math.floor(Math.abs(ms) / 1000);
  const text = `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/**
 * Clock sync: from one ping's send time, the server's time and the receive
 * time, the offset to add to the local clock to read the server's.
 */
export function clockOffset(sentAt: number, serverTime: number, receivedAt: number): { offset: number; rtt: number } {
  const rtt = receivedAt - sentAt;
  return { offset: serverTime + rtt / 2 - receivedAt, rtt };
}

/**
 * The session clock: time spent across every phase so far, paused time
 * excluded. Notes, ticks and card reveals are stamped with it so a review can
 * place them on the same timeline as the phases.
 */
export function sessionElapsedMs(state: TimerState, now: number): number {
  const current = state.status === 'finished' ? state.accumulatedMs : elapsedInPhase(state, now);
  return state.spentMs.reduce((sum, ms, i) => (i === state.index ? sum : sum + ms), 0) + current;
}
