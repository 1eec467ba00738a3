/**
 * What the server checks on every HTTP request before Next or a route handler
 * sees it, in this order: the security headers go on (so refusals carry them
 * too), then a malformed path is a 400, a cross-site state-changing request a
 * 403, and a body over its class's cap a 413. The route wrappers keep their
 * own checks (session, policy, Content-Type, schema); these are the ones that
 * must also cover next-auth's routes and Next's static files.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { enforceBodyLimit } from './body-limits';
import { crossSiteRefusal } from './cross-site';
import { sendRefusal } from './reply';
import { readTarget } from './request-target';
import { applyHeaders, securityHeaders, type HeaderOptions } from './security-headers';

export type EdgeGuard = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Returns a guard that answers refused requests itself and returns whether the request may go on. */
export function createEdgeGuard(options: HeaderOptions): EdgeGuard {
  const headers = securityHeaders(options);
  return (req, res) => {
    applyHeaders(res, headers);
    const target = readTarget(req.url);
    if ('refusal' in target) {
      sendRefusal(res, target.refusal, { closeConnection: req.method !== 'GET' && req.method !== 'HEAD' });
      return false;
    }
    const crossSite = crossSiteRefusal(req, options.allowedOrigins);
    if (crossSite) {
      sendRefusal(res, crossSite, { closeConnection: true });
      return false;
    }
    return enforceBodyLimit(req, res, target.pathname);
  };
}
