/**
 * Server-side timer state per interview: rebuilt by replaying its persisted
 * events (so a reload or a restart changes nothing), changed only through
 * commands that are applied one at a time and stored before they are announced.
 */
import { applyTimerCommand, initialTimer, timerCommandSchema, type TimerCommand, type TimerPhase, type TimerState } from '../../lib/realtime/timer';
import { db } from '../db/client';
import type { Scenario } from '../scenarios/library';

export function phasesFor(snapshot: Scenario, durationMinutes: number): TimerPhase[] {
  const phases = snapshot.guide.phases[durationMinutes as 45 | 60];
  return phases.map((p) => ({ id: p.id, title: p.title, plannedMs: p.minutes * 60_000 }));
}

/** Rebuilds an interview's timer from its persisted events. */
export async function replayTimer(interviewId: string, phases: TimerPhase[]): Promise<TimerState> {
  const events = await db().timerEvent.findMany({ where: { interviewId }, orderBy: { seq: 'asc' } });
  let state = initialTimer(phases);
  for (const event of events) state = applyTimerCommand(state, timerCommandSchema.parse(event.payload), event.at.getTime());
  return state;
}

export class TimerStore {
  private readonly states = new Map<string, Promise<TimerState>>();

  get(interviewId: string, phases: TimerPhase[]): Promise<TimerState> {
    let state = this.states.get(interviewId);
    if (!state) {
      state = replayTimer(interviewId, phases);
      this.states.set(interviewId, state);
      state.catch(() => this.states.delete(interviewId));
    }
    return state;
  }

  /** Applies a command after every earlier one for this interview; rejects leave the state unchanged. */
  command(interviewId: string, phases: TimerPhase[], command: TimerCommand, actorId: string | null): Promise<TimerState> {
    const previous = this.get(interviewId, phases);
    const next = previous.then(async (state) => {
      const at = new Date();
      const updated = applyTimerCommand(state, command, at.getTime());
      await db().$transaction(async (tx) => {
        await tx.timerEvent.create({ data: { interviewId, seq: updated.seq, type: command.type, payload: command, actorId, at } });
        if (command.type === 'start') {
          await tx.interview.updateMany({ where: { id: interviewId, status: 'scheduled' }, data: { status: 'live', startedAt: at } });
        }
      });
      return updated;
    });
    // The chain continues from the last good state whether or not this command succeeds.
    this.states.set(interviewId, next.catch(() => previous));
    return next;
  }
}
