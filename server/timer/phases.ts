/**
 * The agenda of one interview: the phases its scenario snapshot lists for its
 * duration. The timer, the session-clock stamps and the guide all read the
 * phases through here, so they can never disagree about them.
 */
import { DURATIONS, type Duration, type Phase } from '../scenarios/schema';
import type { ScenarioSnapshot } from '../db/json-columns';

export interface TimedInterview {
  interview: { id: string; durationMinutes: number };
  snapshot: Pick<ScenarioSnapshot, 'guide'>;
}

/** Durations are 45 or 60 by the create schema; anything else is read as the full-length agenda. */
const FALLBACK_DURATION: Duration = 60;

export function agendaDuration(durationMinutes: number): Duration {
  return DURATIONS.find((d) => d === durationMinutes) ?? FALLBACK_DURATION;
}

export function phasesOf({ interview, snapshot }: TimedInterview): Phase[] {
  return snapshot.guide.phases[agendaDuration(interview.durationMinutes)];
}

/** The title of a stored phase id, from the interview's own agenda (the id itself if the agenda lacks it). */
export function phaseTitler(timed: TimedInterview): (phaseId: string) => string {
  const phases = phasesOf(timed);
  return (phaseId) => phases.find((p) => p.id === phaseId)?.title ?? phaseId;
}
