/**
 * Stamps on the session clock. Route handlers run outside the realtime
 * server's memory, so the stamp comes from the persisted timer log, which is
 * written before any timer change is announced: the stamp always agrees with
 * what the room's clocks showed.
 */
import { sessionElapsedMs } from '../../lib/realtime/timer';
import type { SessionStamp } from '../../lib/rubric/evaluation';
import type { Scenario } from '../scenarios/library';
import { phasesFor, replayTimer } from '../realtime/timer-store';

export interface StampSource {
  interview: { id: string; durationMinutes: number };
  snapshot: Scenario;
}

export async function stampNow({ interview, snapshot }: StampSource): Promise<Omit<SessionStamp, 'phaseTitle'>> {
  const state = await replayTimer(interview.id, phasesFor(snapshot, interview.durationMinutes));
  return { sessionMs: Math.round(sessionElapsedMs(state, Date.now())), phaseId: state.phases[state.index]!.id };
}

/** The phase title for a stored phase id, from the interview's own agenda. */
export function phaseTitler({ interview, snapshot }: StampSource): (phaseId: string) => string {
  const phases = snapshot.guide.phases[interview.durationMinutes as 45 | 60] ?? [];
  return (phaseId) => phases.find((p) => p.id === phaseId)?.title ?? phaseId;
}
