/**
 * Request-body caps, enforced by the server before Next or any handler parses
 * a byte: a declared Content-Length over the cap is refused at once, unread,
 * and a chunked body is counted as it streams and cut off at the cap.
 *
 * Limits are per route class:
 * - `auth`: next-auth's form posts (sign-in, callback, sign-out): a CSRF
 *   token, an email, a password of at most 128 characters and a callback URL.
 * - `json`: every other route, all JSON. The largest legitimate body is the
 *   evaluation PATCH with every field full: 10,000 characters of feedback and
 *   4,000 of summary for each of the 8 rubric dimensions, 42,000 characters.
 *   That is 42 KB of ASCII, 126 KB of 3-byte characters (CJK), and 252 KB in
 *   the worst JSON encoding (`\u00XX` escapes, 6 bytes a character); the cap
 *   admits all of them (tests/unit/body-limits.test.ts measures it).
 * - `upload`: recording chunks, `/api/interviews/<id>/recording/<recordingId>/chunks/<seq>`:
 *   three seconds of 1 Mbit/s video are about 400 KB, and the route itself
 *   refuses a chunk over 8 MiB by name; the recording's JSON routes stay `json`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendRefusal } from './reply';

export type BodyClass = 'auth' | 'json' | 'upload';

export const BODY_LIMIT_BYTES: Record<BodyClass, number> = {
  auth: 16 * 1024,
  json: 256 * 1024,
  upload: 16 * 1024 * 1024,
};

const UPLOAD_PATH = /^\/api\/interviews\/[^/]+\/recording\/[^/]+\/chunks\/[^/]+$/;
const AUTH_PATH = '/api/auth/';

export function bodyClassOf(pathname: string): BodyClass {
  if (UPLOAD_PATH.test(pathname)) return 'upload';
  if (pathname.startsWith(AUTH_PATH)) return 'auth';
  return 'json';
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
}

function tooLarge(res: ServerResponse, limit: number): void {
  sendRefusal(
    res,
    { status: 413, code: 'payload_too_large', message: `The request body is over this route's limit of ${formatBytes(limit)}.` },
    { closeConnection: true },
  );
}

type Push = IncomingMessage['push'];

/**
 * Applies the cap of the request's class. Returns false when the request was
 * refused up front (the caller must not hand it on). Otherwise the body is
 * counted as Node's parser pushes it into the request stream. The first chunk
 * past the cap, and every later one, is dropped, so a reader never sees more
 * than the cap and never a truncated body that ends cleanly; the 413 goes out
 * with `Connection: close`, and once it is written the socket closes, which
 * fails the pending read. If an answer was already under way, the socket just
 * closes.
 */
export function enforceBodyLimit(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  const limit = BODY_LIMIT_BYTES[bodyClassOf(pathname)];
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    tooLarge(res, limit);
    return false;
  }
  let received = 0;
  let refused = false;
  const push: Push = req.push.bind(req);
  req.push = (chunk, encoding) => {
    if (chunk === null || chunk === undefined) return refused ? false : push(chunk, encoding);
    received += typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Uint8Array).byteLength;
    if (received <= limit && !refused) return push(chunk, encoding);
    if (!refused) {
      refused = true;
      tooLarge(res, limit);
    }
    return false;
  };
  return true;
}
