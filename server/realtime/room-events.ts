/**
 * Room events over socket.io: joining an interview, presence, the
 * interviewer's timer commands, and the fan-out of what route handlers
 * announce on the bus (card reveals and releases to the room, notes to the
 * interviewers' room only). Every payload is parsed with its schema from
 * lib/, and every action is re-authorized against the database.
 */
import type { Server, Socket } from 'socket.io';
import {
  ClientEvent,
  roomJoinSchema,
  ServerEvent,
  timerCommandPayloadSchema,
  type PresencePayload,
  type RoomJoinAck,
  type TimerStatePayload,
} from '../../lib/realtime/protocol';
import type { TimerState } from '../../lib/realtime/timer';
import { db } from '../db/client';
import { assertCan, can } from '../interviews/policy';
import { authorize } from '../interviews/service';
import { displayName } from '../../lib/auth/display-name';
import { log } from '../log';
import type { Scenario } from '../scenarios/library';
import { bus } from './bus';
import { fail, handle } from './handler';
import { phasesFor, TimerStore } from './timer-store';

const roomOf = (interviewId: string) => `interview:${interviewId}`;
/** Interviewer-only traffic (notes) goes here; candidates and observers never join it. */
const interviewersOf = (interviewId: string) => `interviewers:${interviewId}`;


export class RoomEvents {
  readonly timers = new TimerStore();
  /** interviewId -> socket id -> user id, for presence. */
  private readonly connected = new Map<string, Map<string, string>>();

  constructor(private readonly io: Server) {
    const events = bus();
    events.on('interview-ended', (interviewId) => {
      this.io.to(roomOf(interviewId)).emit(ServerEvent.InterviewEnded, { interviewId });
      this.stopTimer(interviewId).catch((error: unknown) => log.warn(`stopping the timer of ${interviewId}: ${String(error)}`));
    });
    events.on('card-revealed', (interviewId, card) => this.io.to(roomOf(interviewId)).emit(ServerEvent.CardRevealed, { interviewId, card }));
    events.on('feedback-released', (interviewId) => this.io.to(roomOf(interviewId)).emit(ServerEvent.FeedbackReleased, { interviewId }));
    events.on('note-added', (note) => this.io.to(interviewersOf(note.interviewId)).emit(ServerEvent.NoteAdded, note));
    events.on('note-deleted', (interviewId, noteId) => this.io.to(interviewersOf(interviewId)).emit(ServerEvent.NoteDeleted, { interviewId, noteId }));
  }

  register(socket: Socket): void {
    const user = socket.data.user as { id: string };
    handle(socket, ClientEvent.RoomJoin, roomJoinSchema, async ({ interviewId }, ack) => {
      const view = await authorize(interviewId, user.id, 'room.enter');
      // The ack carries the timer and who is here: each is its own policy decision.
      assertCan(view.actor, 'timer.read', view.interview);
      assertCan(view.actor, 'presence.read', view.interview);
      await socket.join(roomOf(interviewId));
      if (can(view.actor, 'notes.read', view.interview)) await socket.join(interviewersOf(interviewId));
      const sockets = this.connected.get(interviewId) ?? new Map<string, string>();
      sockets.set(socket.id, user.id);
      this.connected.set(interviewId, sockets);
      const state = await this.timers.get(interviewId, phasesFor(view.snapshot, view.interview.durationMinutes));
      const presence = await this.presence(interviewId);
      socket.to(roomOf(interviewId)).emit(ServerEvent.Presence, presence);
      ack({ role: view.actor.role!, timer: this.timerPayload(interviewId, state), presence } satisfies RoomJoinAck);
    });

    handle(socket, ClientEvent.TimerCommand, timerCommandPayloadSchema, async ({ interviewId, command }, ack) => {
      if (!socket.rooms.has(roomOf(interviewId))) return fail(ack, 'forbidden', 'Join the room before sending commands.');
      // Re-checked on every command: a role can change, and the interview can end.
      const view = await authorize(interviewId, user.id, 'timer.control');
      const state = await this.timers.command(interviewId, phasesFor(view.snapshot, view.interview.durationMinutes), command, user.id);
      const payload = this.timerPayload(interviewId, state);
      this.io.to(roomOf(interviewId)).emit(ServerEvent.TimerState, payload);
      ack({ ok: true, seq: state.seq });
    });

    socket.on('disconnecting', () => {
      for (const room of socket.rooms) {
        if (!room.startsWith('interview:')) continue;
        const interviewId = room.slice('interview:'.length);
        this.connected.get(interviewId)?.delete(socket.id);
        void this.presence(interviewId)
          .then((presence) => this.io.to(room).emit(ServerEvent.Presence, presence))
          .catch((error: unknown) => log.warn(`presence for ${interviewId}: ${String(error)}`));
      }
    });
  }

  /**
   * Ending the interview stops its clock, so every screen shows the time it
   * ended at and notes written during the wrap-up carry the session's end as
   * their stamp. Goes through the store so its cached state stays the truth.
   */
  private async stopTimer(interviewId: string): Promise<void> {
    const row = await db().interview.findUnique({ where: { id: interviewId }, select: { scenarioSnapshot: true, durationMinutes: true } });
    if (!row) return;
    const phases = phasesFor(row.scenarioSnapshot as unknown as Scenario, row.durationMinutes);
    if ((await this.timers.get(interviewId, phases)).status !== 'running') return;
    const state = await this.timers.command(interviewId, phases, { type: 'pause' }, null);
    this.io.to(roomOf(interviewId)).emit(ServerEvent.TimerState, this.timerPayload(interviewId, state));
  }

  private timerPayload(interviewId: string, state: TimerState): TimerStatePayload {
    return { interviewId, state, serverTime: Date.now() };
  }

  private async presence(interviewId: string): Promise<PresencePayload> {
    const online = new Set(this.connected.get(interviewId)?.values() ?? []);
    const participants = await db().participant.findMany({
      where: { interviewId },
      include: { user: { select: { name: true, email: true } } },
      orderBy: { joinedAt: 'asc' },
    });
    return {
      interviewId,
      participants: participants.map((p) => ({
        userId: p.userId,
        name: displayName(p.user),
        role: p.role,
        connected: online.has(p.userId),
      })),
    };
  }
}

