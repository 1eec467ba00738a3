/**
 * The one wrapper for routes under /api/interviews/:id/. It does, in this
 * order, what each of them would otherwise repeat: read the session (401),
 * check the id's shape (400), load the interview for that caller (404),
 * authorize the route's action through the policy (403, in the policy's
 * words; guide actions also pass the scenario hold-back), parse the body with
 * the contract's request schema (415 unless it is JSON, 422), act, check the
 * answer against the contract, map errors in one place, and mark every answer
 * private.
 */
import type { PathParams, RouteContract } from '../../lib/api/contract';
import { interviewIdSchema } from '../../lib/validation/text';
import { requireSession, type SessionUser } from '../auth/session';
import { BadRequestError, errorResponse, NotFoundError } from '../http/errors';
import { assertCan, isGuideAction, type Action } from '../interviews/policy';
import { assertScenarioHoldBack, loadForActor, loadMember, type LoadedInterview, type MemberView } from '../interviews/service';
import { parseBody, toResponse, type HandlerResult, type NextHandler, type ParsedBody } from './api-route';
import { tagRoute } from './registry';

/** Interviewer-only data flows through these routes: no shared cache may keep any of it. */
export const PRIVATE = 'private, no-store';

export interface InterviewContext<C extends RouteContract, V extends MemberView = LoadedInterview> {
  user: SessionUser;
  /** The interview as this caller sees it, already authorized for the route's action. */
  view: V;
  body: ParsedBody<C>;
  params: PathParams<C['path']>;
  request: Request;
}

type InterviewContract = RouteContract & { path: '/api/interviews/:id' | `/api/interviews/:id/${string}` };

export function interviewRoute<C extends InterviewContract>(
  contract: C,
  action: Action,
  handler: (context: InterviewContext<C>) => Promise<HandlerResult<C>>,
): NextHandler<C> {
  return wrap(contract, action, loadForActor, async (view, action) => assertScenarioHoldBack(view, action), handler);
}

/**
 * The same wrapper for routes that never need the scenario (recording
 * chunks, media, status): it loads the interview and the caller's role
 * without the scenario snapshot, which chunk uploads would otherwise fetch
 * and parse a few times a second per person. Guide actions cannot use it:
 * their hold-back needs the scenario.
 */
export function memberRoute<C extends InterviewContract>(
  contract: C,
  action: Action,
  handler: (context: InterviewContext<C, MemberView>) => Promise<HandlerResult<C>>,
  options: RouteOptions = {},
): NextHandler<C> {
  if (isGuideAction(action)) throw new Error(`${action} needs the scenario hold-back: use interviewRoute`);
  return wrap(contract, action, loadMember, async () => {}, handler, options);
}

export interface RouteOptions {
  /**
   * Answer someone who is not in the interview exactly as for an interview
   * that does not exist (404), not 403: for files that name the interview's
   * people and time (its .ics), even its existence stays between its members.
   */
  hideFromOutsiders?: boolean;
}

function wrap<C extends InterviewContract, V extends MemberView>(
  contract: C,
  action: Action,
  load: (interviewId: string, userId: string) => Promise<V>,
  holdBack: (view: V, action: Action) => Promise<void>,
  handler: (context: InterviewContext<C, V>) => Promise<HandlerResult<C>>,
  options: RouteOptions = {},
): NextHandler<C> {
  const wrapped: NextHandler<C> = async (request, context) => {
    let response: Response;
    try {
      const user = await requireSession(request.headers);
      const params = await context.params;
      const id = interviewIdSchema.safeParse((params as { id: string }).id);
      if (!id.success) throw new BadRequestError('Not a valid interview id.');
      const view = await load(id.data, user.id);
      if (options.hideFromOutsiders && !view.actor.role) throw new NotFoundError('No interview with that id.');
      assertCan(view.actor, action, view.interview);
      await holdBack(view, action);
      const body = await parseBody(contract, request);
      response = toResponse(contract, await handler({ user, view, body, params, request }));
    } catch (error) {
      response = errorResponse(error);
    }
    response.headers.set('cache-control', PRIVATE);
    return response;
  };
  return tagRoute(wrapped, { contract, action });
}
