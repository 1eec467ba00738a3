/**
 * Text that may reach Postgres. A NUL character is valid in a JS string and in
 * JSON, but Postgres text cannot hold it (error 22021): unchecked, it surfaces
 * as a 500 from a route, an `internal` socket ack or a 4500 board close. Every
 * request schema that takes free text or an id uses these, so the refusal is a
 * 422 (or `invalid_payload`) that names the field.
 */
import { z } from 'zod';
import './zod-config';

export const NUL_MESSAGE = 'must not contain NUL characters';

/** `z.string()` that refuses NUL; chain `.trim()`, `.min()`, `.max()` as usual. */
export function safeText(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine((value) => !value.includes('\u0000'), { message: NUL_MESSAGE });
}

/**
 * The shape of an interview id in a URL, a socket payload or a board path.
 * Real ids are 22 base64url characters (server/interviews/ids.ts); the shape is
 * wider so an unknown but well-formed id is a 404, not a 400.
 */
export const INTERVIEW_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const interviewIdSchema = z.string().regex(INTERVIEW_ID_PATTERN, { message: 'not a valid interview id' });
