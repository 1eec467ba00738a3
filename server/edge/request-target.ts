/**
 * The request path, decoded once. A malformed percent-encoding
 * (`/api/interviews/%E0%A4%A/cards`) would otherwise make Next answer a
 * plain-text 500, and a control character (`%00`) in a path parameter would
 * reach Postgres, which cannot store NUL (error 22021). Both are the client's
 * mistake: a 400 with our JSON body.
 */
import type { Refusal } from './reply';

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

export type Target = { pathname: string } | { refusal: Refusal };

export function readTarget(url: string | undefined): Target {
  const raw = (url ?? '/').split('?', 1)[0]!;
  let pathname: string;
  try {
    pathname = decodeURIComponent(raw);
  } catch {
    return { refusal: { status: 400, code: 'bad_request', message: 'The request path has a malformed percent-encoding.' } };
  }
  if (CONTROL_CHARACTER.test(pathname)) {
    return { refusal: { status: 400, code: 'bad_request', message: 'The request path must not contain control characters (such as NUL).' } };
  }
  return { pathname: raw };
}
