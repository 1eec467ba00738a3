/**
 * Cross-site request refusal for every state-changing request (POST, PUT,
 * PATCH, DELETE), next-auth's own included: SameSite=Lax cookies still ride
 * along on posts from a same-site page (another port on the host, a sibling
 * subdomain), so the server checks where the request came from.
 *
 * Browsers send `Origin` on every non-GET request, same-origin fetches and
 * form posts alike; when a privacy setting strips it, `Sec-Fetch-Site` still
 * says whether the request is same-origin. A request with neither comes from
 * no browser (curl, the tests, server-to-server) and cannot carry a victim's
 * cookies by accident, so it goes on to the usual session checks.
 */
import type { IncomingMessage } from 'node:http';
import type { Refusal } from './reply';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `none`: the user started it (typed the URL, a bookmark); no other site was involved. */
const TRUSTED_FETCH_SITES = new Set(['same-origin', 'none']);

export function crossSiteRefusal(req: IncomingMessage, allowedOrigins: readonly string[]): Refusal | null {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return null;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (allowedOrigins.includes(origin)) return null;
    return { status: 403, code: 'cross_site', message: `Cross-site request refused: Origin ${origin} is not ${allowedOrigins[0]}.` };
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && !TRUSTED_FETCH_SITES.has(site)) {
    return { status: 403, code: 'cross_site', message: `Cross-site request refused: Sec-Fetch-Site is ${site}, not same-origin.` };
  }
  return null;
}
