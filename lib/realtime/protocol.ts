/** socket.io event names and payload schemas, shared by client and server. */
import { z } from 'zod';
import type { Role } from '../interviews/roles';
import { timerCommandSchema, type TimerState } from '../timer/timer';
import { interviewIdSchema } from '../validation/text';

export const SOCKET_IO_PATH = '/socket.io/';
export const YJS_WS_PREFIX = '/ws/yjs/';

export const ClientEvent = {
  /** Clock sync: the client sends its send time, the server acks with its own. */
  ClockPing: 'clock:ping',
  /** Enter an interview's room; acked with the role, timer and presence. */
  RoomJoin: 'room:join',
  /** An interviewer's timer command; acked, then broadcast as TimerState. */
  TimerCommand: 'timer:command',
} as const;

export const ServerEvent = {
  TimerState: 'timer:state',
  Presence: 'presence',
  /** The interviewer ended the interview: the room becomes read-only. */
  InterviewEnded: 'interview:ended',
  /** A constraint card was played; from now on it is public to the room. */
  CardRevealed: 'card:revealed',
  /** Feedback was released; carries only the interview id (content comes over the API). */
  FeedbackReleased: 'feedback:released',
  /** Recording started or stopped, or someone answered; carries only the interview id (each caller reads the status over the API). */
  RecordingChanged: 'recording:changed',
  /** Interviewers only (their own socket.io room): a co-interviewer's note. */
  NoteAdded: 'note:added',
  NoteDeleted: 'note:deleted',
  /** Round 2 of a peer session started with the roles swapped; carries only the two ids (everyone in round 1's room moves). */
  RoundSwapped: 'round:swapped',
} as const;

/** Server events that only ever go to the interviewers' socket.io room. */
export const INTERVIEWER_ONLY_EVENTS: readonly string[] = [ServerEvent.NoteAdded, ServerEvent.NoteDeleted];

const interviewId = interviewIdSchema;
export const roomJoinSchema = z.object({ interviewId });
export const timerCommandPayloadSchema = z.object({ interviewId, command: timerCommandSchema });

export interface PresenceEntry {
  userId: string;
  name: string;
  role: Role;
  connected: boolean;
}
export interface PresencePayload {
  interviewId: string;
  participants: PresenceEntry[];
}
export interface RoundSwappedPayload {
  interviewId: string;
  nextInterviewId: string;
}
export interface TimerStatePayload {
  interviewId: string;
  state: TimerState;
  serverTime: number;
}
export interface NoteDeletedPayload {
  interviewId: string;
  noteId: string;
}
export interface InterviewPayload {
  interviewId: string;
}
export interface RoomJoinAck {
  role: PresenceEntry['role'];
  timer: TimerStatePayload;
  presence: PresencePayload;
}

export const clockPingSchema = z.object({ clientSentAt: z.number().finite() });
export type ClockPing = z.infer<typeof clockPingSchema>;
export interface ClockPong {
  clientSentAt: number;
  serverTime: number;
}

/** Errors a handler acks with, so the client can show a clear reason. */
export interface EventError {
  /** `unavailable`: the database is out of reach for now; the same command can be sent again later. */
  error: { code: 'invalid_payload' | 'forbidden' | 'not_found' | 'rejected' | 'unavailable' | 'internal'; message: string };
}

/** `connect_error` messages the server's handshake middleware uses. */
export const HandshakeError = {
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
} as const;
