/**
 * The session clock: time spent across the phases so far, paused time
 * excluded, as of a given moment. Notes, rubric ticks and card reveals are
 * stamped with it. Route handlers run outside the realtime server's memory, so
 * it is read from the persisted timer log, which is written before any timer
 * change is announced: a stamp always agrees with what the room's clocks showed.
 */
import type { SessionStamp } from '../../lib/rubric/evaluation';
import { sessionElapsedMs, toTimerPhases, type TimerState } from '../../lib/timer/timer';
import { phasesOf, type TimedInterview } from './phases';
import { replayTimer } from './store';

async function timerAt(timed: TimedInterview, at: Date): Promise<TimerState> {
  return replayTimer(timed.interview.id, toTimerPhases(phasesOf(timed)), at);
}

/** The session-clock stamp (time and phase) for something happening at `at`. */
export async function stampAt(timed: TimedInterview, at: Date): Promise<Omit<SessionStamp, 'phaseTitle'>> {
  const state = await timerAt(timed, at);
  return { sessionMs: Math.round(sessionElapsedMs(state, at.getTime())), phaseId: state.phases[state.index]!.id };
}

/** Milliseconds on the session clock at `at`. */
export async function sessionMsAt(timed: TimedInterview, at: Date): Promise<number> {
  return (await stampAt(timed, at)).sessionMs;
}

export const stampNow = (timed: TimedInterview) => stampAt(timed, new Date());
