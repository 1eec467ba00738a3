/**
 * Server-side timer state per interview: rebuilt by replaying its persisted
 * events (so a reload or a restart changes nothing), changed only through
 * commands that are applied one at a time and stored before they are announced.
 */
import { applyTimerCommand, initialTimer, type TimerCommand, type TimerPhase, type TimerState } from '../../lib/timer/timer';
import { db } from '../db/client';
import { readTimerEventPayload, type TimerEventPayload } from '../db/json-columns';

/** Rebuilds an interview's timer from its persisted events, up to `until` (default: all of them). */
export async function replayTimer(interviewId: string, phases: TimerPhase[], until?: Date): Promise<TimerState> {
  const events = await db().timerEvent.findMany({ where: { interviewId, ...(until && { at: { lte: until } }) }, orderBy: { seq: 'asc' } });
  let state = initialTimer(phases);
  for (const event of events) {
    const { v: _version, ...command } = readTimerEventPayload(interviewId, event.payload);
    state = applyTimerCommand(state, command, event.at.getTime());
  }
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
      const payload: TimerEventPayload = { v: 1, ...command };
      await db().$transaction(async (tx) => {
        await tx.timerEvent.create({ data: { interviewId, seq: updated.seq, type: command.type, payload, actorId, at } });
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
