/**
 * Answers for requests the edge refuses before Next sees them. They carry the
 * same JSON error body as every API route (lib/api/errors.ts), so `apiFetch`
 * and the forms show the message as they would any other refusal.
 */
import type { ServerResponse } from 'node:http';
import type { ErrorBody } from '../../lib/api/errors';

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

/**
 * `closeConnection` is for refusals sent while the client may still be
 * sending a body: the socket goes once the answer is out, so the rest of the
 * body is never read (Node would otherwise drain it to reuse the connection).
 */
export function sendRefusal(res: ServerResponse, refusal: Refusal, { closeConnection = false } = {}): void {
  if (res.headersSent) {
    if (closeConnection) res.socket?.destroy();
    return;
  }
  const body: ErrorBody = { error: { code: refusal.code, message: refusal.message } };
  res.writeHead(refusal.status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...(closeConnection && { connection: 'close' }),
  });
  res.end(JSON.stringify(body));
}
