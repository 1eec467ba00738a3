/**
 * Room events over socket.io: joining an interview, presence, the
 * interviewer's timer commands, and the relay of what the domain publishes on
 * the bus (timer changes, the end, card reveals and releases to the room;
 * notes to the interviewers' room only). Transport only: every payload is
 * parsed with its schema from lib/, every action is re-authorized against the
 * database, and the timer's rules live in server/timer.
 */
import { ClientEvent, ServerEvent, type PresencePayload, type TimerStatePayload } from '../../lib/realtime/protocol';
import type { TimerState } from '../../lib/timer/timer';
import { displayName } from '../../lib/auth/display-name';
import { db } from '../db/client';
import type { EventBus } from '../events/bus';
import { assertCan, can } from '../interviews/policy';
import { authorize } from '../interviews/service';
import { log } from '../log';
import { recordRoomVisit } from '../matching/reliability';
import type { TimerService } from '../timer/service';
import { fail, handle, type IoServer, type IoSocket } from './handler';

const roomOf = (interviewId: string) => `interview:${interviewId}`;
/** Interviewer-only traffic (notes) goes here; candidates and observers never join it. */
const interviewersOf = (interviewId: string) => `interviewers:${interviewId}`;

export class RoomEvents {
  /** interviewId -> socket id -> user id, for presence. */
  private readonly connected = new Map<string, Map<string, string>>();
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly io: IoServer,
    private readonly timers: TimerService,
    events: EventBus,
  ) {
    this.unsubscribe = [
      events.subscribe('timer-changed', ({ interviewId, state }) => void this.io.to(roomOf(interviewId)).emit(ServerEvent.TimerState, this.timerPayload(interviewId, state))),
      events.subscribe('interview-ended', ({ interviewId }) => void this.io.to(roomOf(interviewId)).emit(ServerEvent.InterviewEnded, { interviewId })),
      events.subscribe('card-revealed', ({ interviewId, card }) => void this.io.to(roomOf(interviewId)).emit(ServerEvent.CardRevealed, { interviewId, card })),
      events.subscribe('feedback-released', ({ interviewId }) => void this.io.to(roomOf(interviewId)).emit(ServerEvent.FeedbackReleased, { interviewId })),
      events.subscribe('recording-changed', ({ interviewId }) => void this.io.to(roomOf(interviewId)).emit(ServerEvent.RecordingChanged, { interviewId })),
      // Ids only, to everyone in round 1's room: each browser then opens round 2 through its own membership there.
      events.subscribe('round-swapped', ({ interviewId, nextInterviewId }) => void this.io.to(roomOf(interviewId)).emit(ServerEvent.RoundSwapped, { interviewId, nextInterviewId })),
      events.subscribe('note-added', ({ note }) => void this.io.to(interviewersOf(note.interviewId)).emit(ServerEvent.NoteAdded, note)),
      events.subscribe('note-deleted', ({ interviewId, noteId }) => void this.io.to(interviewersOf(interviewId)).emit(ServerEvent.NoteDeleted, { interviewId, noteId })),
    ];
  }

  register(socket: IoSocket): void {
    const { user } = socket.data;
    handle(socket, ClientEvent.RoomJoin, async ({ interviewId }, ack) => {
      const view = await authorize(interviewId, user.id, 'room.enter');
      // The ack carries the timer and who is here: each is its own policy decision.
      assertCan(view.actor, 'timer.read', view.interview);
      assertCan(view.actor, 'presence.read', view.interview);
      await socket.join(roomOf(interviewId));
      if (can(view.actor, 'notes.read', view.interview)) await socket.join(interviewersOf(interviewId));
      const sockets = this.connected.get(interviewId) ?? new Map<string, string>();
      sockets.set(socket.id, user.id);
      this.connected.set(interviewId, sockets);
      // The evidence a no-show report is checked against (server/matching/reliability.ts).
      await recordRoomVisit(interviewId, user.id);
      const state = await this.timers.state(view);
      const presence = await this.presence(interviewId);
      socket.to(roomOf(interviewId)).emit(ServerEvent.Presence, presence);
      ack({ role: view.actor.role!, timer: this.timerPayload(interviewId, state), presence });
    });

    handle(socket, ClientEvent.TimerCommand, async ({ interviewId, command }, ack) => {
      if (!socket.rooms.has(roomOf(interviewId))) return fail(ack, 'forbidden', 'Join the room before sending commands.');
      // Re-checked on every command: a role can change, and the interview can end.
      const view = await authorize(interviewId, user.id, 'timer.control');
      // The service publishes the new state, which reaches the room before this ack.
      const state = await this.timers.command(view, command, user.id);
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

  close(): void {
    for (const off of this.unsubscribe) off();
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
