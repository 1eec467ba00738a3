/**
 * The route wrapper for handlers outside an interview, and the reply step
 * both wrappers share. In order: the session when the route needs one (401),
 * an optional gate (rate limits), the body parsed with the contract's request
 * schema (415 unless JSON, 422), the handler, the answer checked against the
 * contract's response schema, and every error mapped by `errorResponse`.
 */
import type { z } from 'zod';
import type { PathParams, ResponseData, RouteContract } from '../../lib/api/contract';
import { requireSession, type SessionUser } from '../auth/session';
import { errorResponse, readJson, UnsupportedMediaTypeError } from '../http/errors';
import { tagRoute } from './registry';

/** Next's second argument to a route handler. */
export type RouteContext<C extends RouteContract> = { params: Promise<PathParams<C['path']>> };
export type NextHandler<C extends RouteContract> = (request: Request, context: RouteContext<C>) => Promise<Response>;

export type ParsedBody<C extends RouteContract> = C['request'] extends z.ZodType ? z.output<C['request']> : undefined;

/** A success answer with a status or headers other than the contract's default; the data is still checked. */
export class Reply<T> {
  constructor(
    readonly data: T,
    readonly init: { status?: number; headers?: Record<string, string> } = {},
  ) {}
}

export type HandlerResult<C extends RouteContract> = ResponseData<C> | Reply<ResponseData<C>> | Response;

/**
 * A JSON route takes only `application/json`: a form or `text/plain` body
 * (what a cross-site page can post without a preflight) is refused with 415
 * before it is read, even when it happens to parse as JSON.
 */
export function assertJsonContentType(request: Request): void {
  const type = request.headers.get('content-type')?.split(';', 1)[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new UnsupportedMediaTypeError(`Send the body as JSON with Content-Type: application/json${type ? ` (not ${type})` : ''}.`);
  }
}

export async function parseBody<C extends RouteContract>(contract: C, request: Request): Promise<ParsedBody<C>> {
  if (!contract.request) return undefined as ParsedBody<C>;
  assertJsonContentType(request);
  return contract.request.parse(await readJson(request)) as ParsedBody<C>;
}

/**
 * Turns what a handler returned into the Response. The data is parsed with the
 * response schema and the parsed value is sent, so a field the contract does
 * not name never leaves the server; a mismatch is our bug, answered with 500.
 */
export function toResponse<C extends RouteContract>(contract: C, result: HandlerResult<C>): Response {
  if (result instanceof Response) return result;
  const { data, init } = result instanceof Reply ? result : { data: result, init: {} };
  if (contract.response === null) return new Response(null, { status: init.status ?? contract.status, headers: init.headers });
  const checked = contract.response.safeParse(data);
  if (!checked.success) {
    throw new Error(`The answer of ${contract.method} ${contract.path} does not match its contract: ${JSON.stringify(checked.error.issues)}`);
  }
  return Response.json(checked.data, { status: init.status ?? contract.status, headers: init.headers });
}

interface ApiContext<C extends RouteContract, U> {
  user: U;
  body: ParsedBody<C>;
  params: PathParams<C['path']>;
  request: Request;
}

interface ApiRouteOptions<Signed extends boolean> {
  /** Refuse with 401 before anything else when no one is signed in. */
  signedIn: Signed;
  /** Runs after the session check and before the body is read (rate limits count bad bodies too). */
  gate?: (request: Request) => void | Promise<void>;
}

export function apiRoute<C extends RouteContract, Signed extends boolean>(
  contract: C,
  options: ApiRouteOptions<Signed>,
  handler: (context: ApiContext<C, Signed extends true ? SessionUser : null>) => Promise<HandlerResult<C>>,
): NextHandler<C> {
  const wrapped: NextHandler<C> = async (request, context) => {
    try {
      const user = options.signedIn ? await requireSession(request.headers) : null;
      await options.gate?.(request);
      const body = await parseBody(contract, request);
      const params = await context.params;
      return toResponse(contract, await handler({ user: user as Signed extends true ? SessionUser : null, body, params, request }));
    } catch (error) {
      return errorResponse(error);
    }
  };
  return tagRoute(wrapped, { contract, action: null });
}
