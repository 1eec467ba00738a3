/**
 * The timer's domain rules in one place: commands go through the store (one
 * at a time, stored before announced) and every change is published on the
 * bus for the transport to relay. Ending an interview stops its clock here,
 * so every screen shows the time it ended at and notes written during the
 * wrap-up carry the session's end as their stamp.
 *
 * One instance per server process, made at boot: its cache of states must be
 * the only one commands go through.
 */
import { toTimerPhases, type TimerCommand, type TimerState } from '../../lib/timer/timer';
import { db } from '../db/client';
import { readScenarioSnapshot } from '../db/json-columns';
import type { EventBus } from '../events/bus';
import { phasesOf, type TimedInterview } from './phases';
import { TimerStore } from './store';

export class TimerService {
  private readonly store = new TimerStore();
  private readonly unsubscribe: () => void;

  constructor(private readonly bus: EventBus) {
    this.unsubscribe = bus.subscribe('interview-ended', ({ interviewId }) => this.stop(interviewId));
  }

  /** The interview's current timer state. */
  state(timed: TimedInterview): Promise<TimerState> {
    return this.store.get(timed.interview.id, toTimerPhases(phasesOf(timed)));
  }

  /** Applies a command (authorization is the caller's) and publishes the new state. */
  async command(timed: TimedInterview, command: TimerCommand, actorId: string | null): Promise<TimerState> {
    const interviewId = timed.interview.id;
    const state = await this.store.command(interviewId, toTimerPhases(phasesOf(timed)), command, actorId);
    this.bus.publish('timer-changed', { interviewId, state });
    return state;
  }

  /** Pauses a running clock; a clock that never started, or is already paused, stays as it is. */
  private async stop(interviewId: string): Promise<void> {
    const row = await db().interview.findUnique({ where: { id: interviewId }, select: { scenarioSnapshot: true, durationMinutes: true } });
    if (!row) return;
    const timed = { interview: { id: interviewId, durationMinutes: row.durationMinutes }, snapshot: readScenarioSnapshot(interviewId, row.scenarioSnapshot) };
    if ((await this.state(timed)).status !== 'running') return;
    await this.command(timed, { type: 'pause' }, null);
  }

  close(): void {
    this.unsubscribe();
  }
}
