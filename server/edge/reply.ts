/**
 * Answers for requests the edge refuses before Next sees them. They carry the
 * same JSON error body as every API route (lib/api/errors.ts), so `apiFetch`
 * and the forms show the message as they would any other refusal.
 */
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorBody } from '../../lib/api/errors';

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

/**
 * How long a refused connection stays half-open after the answer. Closing at
 * once, while the client is still sending, makes the kernel answer its next
 * segment with a reset, and a client that has not read the answer yet loses
 * it and reports a broken pipe instead of the 413.
 */
const LINGER_MS = 1000;

/**
 * Node closes a `Connection: close` response's socket with destroySoon() the
 * moment the answer is written; this one first ends our side (the client sees
 * the answer and then end-of-stream) and closes fully a moment later.
 */
function lingerThenClose(socket: Socket): void {
  socket.destroySoon = () => {
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
}

/**
 * `closeConnection` is for refusals sent while the client may still be
 * sending a body: the connection goes once the answer is out, so the rest of
 * the body is not read (Node would otherwise drain it all to reuse the
 * connection).
 */
export function sendRefusal(res: ServerResponse, refusal: Refusal, { closeConnection = false } = {}): void {
  if (res.headersSent) {
    if (closeConnection) res.socket?.destroy();
    return;
  }
  if (closeConnection && res.socket) lingerThenClose(res.socket);
  const body: ErrorBody = { error: { code: refusal.code, message: refusal.message } };
  res.writeHead(refusal.status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...(closeConnection && { connection: 'close' }),
  });
  res.end(JSON.stringify(body));
}
