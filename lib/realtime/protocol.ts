/** socket.io event names and payload schemas, shared by client and server. */
import { z } from 'zod';

export const SOCKET_IO_PATH = '/socket.io/';
export const YJS_WS_PREFIX = '/ws/yjs/';

export const ClientEvent = {
  /** Clock sync: the client sends its send time, the server acks with its own. */
  ClockPing: 'clock:ping',
} as const;

export const clockPingSchema = z.object({ clientSentAt: z.number().finite() });
export type ClockPing = z.infer<typeof clockPingSchema>;
export interface ClockPong {
  clientSentAt: number;
  serverTime: number;
}

/** Errors a handler acks with, so the client can show a clear reason. */
export interface EventError {
  error: { code: 'invalid_payload' | 'forbidden' | 'not_found'; message: string };
}

/** `connect_error` messages the server's handshake middleware uses. */
export const HandshakeError = {
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
} as const;
