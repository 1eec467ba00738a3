/**
 * Room events over socket.io: joining an interview, presence, and the
 * interviewer's timer commands. Every payload is parsed with its schema from
 * lib/, and every action is re-authorized against the database.
 */
import type { Server, Socket } from 'socket.io';
import type { ZodType } from 'zod';
import {
  ClientEvent,
  roomJoinSchema,
  ServerEvent,
  timerCommandPayloadSchema,
  type EventError,
  type PresencePayload,
  type RoomJoinAck,
  type TimerStatePayload,
} from '../../lib/realtime/protocol';
import { TimerCommandRejected, type TimerState } from '../../lib/realtime/timer';
import { db } from '../db/client';
import { HttpError } from '../http/errors';
import { authorize } from '../interviews/service';
import { log } from '../log';
import { bus } from './bus';
import { phasesFor, TimerStore } from './timer-store';

const roomOf = (interviewId: string) => `interview:${interviewId}`;

type Ack = (reply: unknown) => void;

function fail(ack: Ack, code: EventError['error']['code'], message: string) {
  ack({ error: { code, message } } satisfies EventError);
}

export class RoomEvents {
  readonly timers = new TimerStore();
  /** interviewId -> socket id -> user id, for presence. */
  private readonly connected = new Map<string, Map<string, string>>();

  constructor(private readonly io: Server) {
    bus().on('interview-ended', (interviewId) => this.io.to(roomOf(interviewId)).emit(ServerEvent.InterviewEnded, { interviewId }));
  }

  register(socket: Socket): void {
    const user = socket.data.user as { id: string };
    this.on(socket, ClientEvent.RoomJoin, roomJoinSchema, async ({ interviewId }, ack) => {
      const view = await authorize(interviewId, user.id, 'room.enter');
      await socket.join(roomOf(interviewId));
      const sockets = this.connected.get(interviewId) ?? new Map<string, string>();
      sockets.set(socket.id, user.id);
      this.connected.set(interviewId, sockets);
      const state = await this.timers.get(interviewId, phasesFor(view.snapshot, view.interview.durationMinutes));
      const presence = await this.presence(interviewId);
      socket.to(roomOf(interviewId)).emit(ServerEvent.Presence, presence);
      ack({ role: view.actor.role!, timer: this.timerPayload(interviewId, state), presence } satisfies RoomJoinAck);
    });

    this.on(socket, ClientEvent.TimerCommand, timerCommandPayloadSchema, async ({ interviewId, command }, ack) => {
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

  /** Wires one event: parse, run, and turn every failure into a clear ack instead of a crash. */
  private on<T>(socket: Socket, event: string, schema: ZodType<T>, handler: (payload: T, ack: Ack) => Promise<void>) {
    socket.on(event, (payload: unknown, maybeAck: unknown) => {
      const ack: Ack = typeof maybeAck === 'function' ? (maybeAck as Ack) : () => {};
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return fail(ack, 'invalid_payload', `${event}: ${issue ? `${issue.path.join('.') || 'payload'}: ${issue.message}` : 'invalid payload'}`);
      }
      handler(parsed.data, ack).catch((error: unknown) => {
        if (error instanceof TimerCommandRejected) return fail(ack, 'rejected', error.message);
        if (error instanceof HttpError) return fail(ack, error.status === 404 ? 'not_found' : 'forbidden', error.message);
        log.error(`${event} failed`, error);
        fail(ack, 'internal', 'Something went wrong on our side.');
      });
    });
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
        name: p.user.name ?? p.user.email.split('@')[0]!,
        role: p.role,
        connected: online.has(p.userId),
      })),
    };
  }
}

