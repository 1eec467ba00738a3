/**
 * Wires one socket.io event the same way everywhere: parse the payload with
 * its schema from lib/, run the handler, and turn every failure into a clear
 * ack (never a crash, never a silent drop).
 */
import type { Socket } from 'socket.io';
import type { ZodType } from 'zod';
import type { EventError } from '../../lib/realtime/protocol';
import { TimerCommandRejected } from '../../lib/realtime/timer';
import { HttpError } from '../http/errors';
import { log } from '../log';

export type Ack = (reply: unknown) => void;

/** A refusal that is not about permissions: the request makes no sense now (e.g. a full call). */
export class EventRejected extends Error {}

export function fail(ack: Ack, code: EventError['error']['code'], message: string) {
  ack({ error: { code, message } } satisfies EventError);
}

export function handle<T>(socket: Socket, event: string, schema: ZodType<T>, handler: (payload: T, ack: Ack) => Promise<void>) {
  socket.on(event, (payload: unknown, maybeAck: unknown) => {
    const ack: Ack = typeof maybeAck === 'function' ? (maybeAck as Ack) : () => {};
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail(ack, 'invalid_payload', `${event}: ${issue ? `${issue.path.join('.') || 'payload'}: ${issue.message}` : 'invalid payload'}`);
    }
    handler(parsed.data, ack).catch((error: unknown) => {
      if (error instanceof TimerCommandRejected || error instanceof EventRejected) return fail(ack, 'rejected', error.message);
      if (error instanceof HttpError) return fail(ack, error.status === 404 ? 'not_found' : 'forbidden', error.message);
      log.error(`${event} failed`, error);
      fail(ack, 'internal', 'Something went wrong on our side.');
    });
  });
}
