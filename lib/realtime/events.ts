/**
 * socket.io's four generic maps for the room connection, shared by client and
 * server, built from the event names and zod schemas in protocol.ts and
 * media.ts so that an event, its payload and its ack are written once.
 *
 * Client events are typed by their schema's input on the client, so a client
 * cannot send the wrong shape by accident. The server does not trust that:
 * its side of the map (`ServerSideClientEvents`) takes `unknown` payloads, and
 * `handle()` in server/realtime is the only way to listen to one; it parses
 * with the schema from `CLIENT_EVENT_SCHEMAS` before domain code sees a value.
 */
import type { z } from 'zod';
import type { NoteView, RevealedCard } from '../rubric/evaluation';
import {
  MediaClientEvent,
  mediaJoinSchema,
  mediaLeaveSchema,
  MediaServerEvent,
  mediaSignalSchema,
  mediaStateSchema,
  type MediaJoinAck,
  type MediaPeer,
  type MediaPeerLeft,
  type MediaSignalRelay,
  type MediaStateRelay,
} from './media';
import {
  ClientEvent,
  clockPingSchema,
  roomJoinSchema,
  ServerEvent,
  timerCommandPayloadSchema,
  type ClockPong,
  type EventError,
  type InterviewPayload,
  type NoteDeletedPayload,
  type PresencePayload,
  type RoomJoinAck,
  type RoundSwappedPayload,
  type TimerStatePayload,
} from './protocol';

/** The schema every client event's payload is parsed with on the server. */
export const CLIENT_EVENT_SCHEMAS = {
  [ClientEvent.ClockPing]: clockPingSchema,
  [ClientEvent.RoomJoin]: roomJoinSchema,
  [ClientEvent.TimerCommand]: timerCommandPayloadSchema,
  [MediaClientEvent.Join]: mediaJoinSchema,
  [MediaClientEvent.Leave]: mediaLeaveSchema,
  [MediaClientEvent.Signal]: mediaSignalSchema,
  [MediaClientEvent.State]: mediaStateSchema,
} as const;
export type ClientEventName = keyof typeof CLIENT_EVENT_SCHEMAS;
/** A client event's payload after parsing: what a server handler receives. */
export type ClientPayload<E extends ClientEventName> = z.output<(typeof CLIENT_EVENT_SCHEMAS)[E]>;

export interface Ok {
  ok: true;
}

/** What the server acks each client event with when it succeeds. */
export interface ClientEventReplies {
  [ClientEvent.ClockPing]: ClockPong;
  [ClientEvent.RoomJoin]: RoomJoinAck;
  [ClientEvent.TimerCommand]: Ok & { seq: number };
  [MediaClientEvent.Join]: MediaJoinAck;
  [MediaClientEvent.Leave]: Ok;
  [MediaClientEvent.Signal]: Ok;
  [MediaClientEvent.State]: Ok;
}
/** Every ack is the success reply or a named error. */
export type Reply<E extends ClientEventName> = ClientEventReplies[E] | EventError;
export type AckFn<E extends ClientEventName> = (reply: Reply<E>) => void;

/** Events the browser sends without waiting for the ack (the server acks anyway). */
type FireAndForget = typeof MediaClientEvent.Leave | typeof MediaClientEvent.Signal | typeof MediaClientEvent.State;

export type ClientToServerEvents = {
  [E in ClientEventName]: E extends FireAndForget
    ? (payload: z.input<(typeof CLIENT_EVENT_SCHEMAS)[E]>, ack?: AckFn<E>) => void
    : (payload: z.input<(typeof CLIENT_EVENT_SCHEMAS)[E]>, ack: AckFn<E>) => void;
};

/** The server's view of the same events: nothing a client sends is typed until its schema says so. */
export type ServerSideClientEvents = {
  [E in ClientEventName]: (payload: unknown, ack: unknown) => void;
};

export interface ServerToClientEvents {
  [ServerEvent.TimerState]: (payload: TimerStatePayload) => void;
  [ServerEvent.Presence]: (payload: PresencePayload) => void;
  [ServerEvent.InterviewEnded]: (payload: InterviewPayload) => void;
  [ServerEvent.CardRevealed]: (payload: { interviewId: string; card: RevealedCard }) => void;
  [ServerEvent.FeedbackReleased]: (payload: InterviewPayload) => void;
  [ServerEvent.RecordingChanged]: (payload: InterviewPayload) => void;
  [ServerEvent.NoteAdded]: (payload: NoteView) => void;
  [ServerEvent.NoteDeleted]: (payload: NoteDeletedPayload) => void;
  [ServerEvent.RoundSwapped]: (payload: RoundSwappedPayload) => void;
  [MediaServerEvent.PeerJoined]: (payload: { interviewId: string; peer: MediaPeer }) => void;
  [MediaServerEvent.PeerLeft]: (payload: MediaPeerLeft) => void;
  [MediaServerEvent.Signal]: (payload: MediaSignalRelay) => void;
  [MediaServerEvent.State]: (payload: MediaStateRelay) => void;
}

/** Nodes talk through the event bus, not socket.io's server-to-server channel. */
export type InterServerEvents = Record<never, never>;

/** What the handshake stores on each socket: the signed-in user. */
export interface SocketData {
  user: { id: string; name: string | null; email: string };
}

export const isEventError = (reply: unknown): reply is EventError => typeof reply === 'object' && reply !== null && 'error' in reply;
