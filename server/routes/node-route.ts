/**
 * Routes that server/app.ts answers itself, before Next. Only for requests so
 * frequent that Next's request handling showed on the event loop every live
 * board shares: recording chunks, a few a second per recorded person
 * (bench/results/recording.md). Everything else stays a Next route.
 *
 * The wrapper does what memberRoute does, in the same order and with the same
 * pieces: session (401), id shape (400), load (404), policy (403), act, the
 * answer checked against the contract, errors mapped by errorResponse, and
 * every answer private. Its handlers carry the same registry tag, so the
 * policy matrix sees them (tests/integration/policy-matrix.test.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PathParams, RouteContract } from '../../lib/api/contract';
import { interviewIdSchema } from '../../lib/validation/text';
import { requireSession, type SessionUser } from '../auth/session';
import { BadRequestError, errorResponse, HttpError, NotFoundError } from '../http/errors';
import { assertCan, isGuideAction, type Action } from '../interviews/policy';
import type { MemberView } from '../interviews/service';
import { toResponse, type HandlerResult } from './api-route';
import { tagRoute } from './registry';
import { PRIVATE } from './interview-route';

export interface NodeRoute {
  contract: RouteContract;
  /** The path's parameters when this route's path matches (any method: another one is answered 405), else null. */
  match(pathname: string): Record<string, string> | null;
  serve(req: IncomingMessage, res: ServerResponse, params: Record<string, string>): Promise<void>;
}

export interface NodeContext<C extends RouteContract, V extends MemberView> {
  user: SessionUser;
  view: V;
  params: PathParams<C['path']>;
  req: IncomingMessage;
}

type InterviewContract = RouteContract & { path: `/api/interviews/:id/${string}` };

export function memberNodeRoute<C extends InterviewContract, V extends MemberView>(
  contract: C,
  action: Action,
  /** Loads the interview as this caller sees it (null: no such interview), with whatever else the handler needs in the same query. */
  load: (interviewId: string, userId: string, params: PathParams<C['path']>) => Promise<V | null>,
  handler: (context: NodeContext<C, V>) => Promise<HandlerResult<C>>,
): NodeRoute {
  if (isGuideAction(action)) throw new Error(`${action} needs the scenario hold-back: use interviewRoute`);
  const names: string[] = [];
  const pattern = new RegExp(`^${contract.path.replace(/:(\w+)/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`);
  const serve = async (req: IncomingMessage, res: ServerResponse, raw: Record<string, string>) => {
    let response: Response;
    try {
      if (req.method !== contract.method) {
        throw new HttpError(405, 'method_not_allowed', `Only ${contract.method} is served here.`, { allow: contract.method });
      }
      const user = await requireSession(req.headers);
      const params = raw as PathParams<C['path']>;
      const id = interviewIdSchema.safeParse(raw.id);
      if (!id.success) throw new BadRequestError('Not a valid interview id.');
      const view = await load(id.data, user.id, params);
      if (!view) throw new NotFoundError('No interview with that id.');
      assertCan(view.actor, action, view.interview);
      response = toResponse(contract, await handler({ user, view, params, req }));
    } catch (error) {
      response = errorResponse(error);
    }
    response.headers.set('cache-control', PRIVATE);
    await send(res, response);
  };
  return {
    contract,
    match(pathname) {
      const found = pattern.exec(pathname);
      if (!found) return null;
      // The edge guard already refused malformed percent-encodings (server/edge/request-target.ts).
      return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1]!)]));
    },
    serve: tagRoute(serve, { contract, action }),
  };
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  res.writeHead(response.status, { ...headers, 'content-length': String(body.byteLength) }).end(body);
}
