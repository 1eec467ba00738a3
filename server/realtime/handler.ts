/**
 * Wires one socket.io client event the same way everywhere: parse the payload
 * with its schema from lib/ (CLIENT_EVENT_SCHEMAS), run the handler, and turn
 * every failure into a clear ack (never a crash, never a silent drop). The
 * server's socket types give client payloads as `unknown`, so this is the
 * only way a payload reaches domain code, and only after its schema.
 */
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import {
  CLIENT_EVENT_SCHEMAS,
  type AckFn,
  type ClientEventName,
  type ClientPayload,
  type InterServerEvents,
  type ServerSideClientEvents,
  type ServerToClientEvents,
  type SocketData,
} from '../../lib/realtime/events';
import type { EventError } from '../../lib/realtime/protocol';
import { TimerCommandRejected } from '../../lib/timer/timer';
import { isDatabaseUnreachable } from '../db/unreachable';
import { DATABASE_UNREACHABLE_MESSAGE, HttpError } from '../http/errors';
import { log } from '../log';

export type IoServer = Server<ServerSideClientEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type IoSocket = Socket<ServerSideClientEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** A refusal that is not about permissions: the request makes no sense now (e.g. a full call). */
export class EventRejected extends Error {}

export function fail(ack: (reply: EventError) => void, code: EventError['error']['code'], message: string) {
  ack({ error: { code, message } });
}

// Checked key by key here, so indexing it with a generic event name keeps the payload type.
const SCHEMAS: { [E in ClientEventName]: z.ZodType<ClientPayload<E>> } = CLIENT_EVENT_SCHEMAS;

export function handle<E extends ClientEventName>(socket: IoSocket, event: E, handler: (payload: ClientPayload<E>, ack: AckFn<E>) => Promise<void>) {
  const schema = SCHEMAS[event];
  const name: ClientEventName = event;
  const listener = (payload: unknown, maybeAck: unknown) => {
    const ack: AckFn<E> = typeof maybeAck === 'function' ? (reply) => void maybeAck(reply) : () => {};
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail(ack, 'invalid_payload', `${event}: ${issue ? `${issue.path.join('.') || 'payload'}: ${issue.message}` : 'invalid payload'}`);
    }
    handler(parsed.data, ack).catch((error: unknown) => {
      if (error instanceof TimerCommandRejected || error instanceof EventRejected) return fail(ack, 'rejected', error.message);
      if (error instanceof HttpError) return fail(ack, error.status === 404 ? 'not_found' : 'forbidden', error.message);
      if (isDatabaseUnreachable(error)) {
        log.warn(`${event}: database unreachable (${error instanceof Error ? error.message : String(error)})`);
        return fail(ack, 'unavailable', DATABASE_UNREACHABLE_MESSAGE);
      }
      // Includes a corrupt stored row (StoredDataError): the log names the interview and the column.
      log.error(`${event} failed`, error);
      fail(ack, 'internal', 'Something went wrong on our side.');
    });
  };
  socket.on(name, listener);
}
