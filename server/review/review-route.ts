/**
 * The wrapper for the review's routes. It does what interviewRoute does
 * (session 401, id 400, load 404, policy, body, errors, private answers),
 * except that the reader may come through a share link (`?share=<token>`)
 * rather than membership, so the policy step is the review's own
 * (server/review/access.ts: reviewAccess or shareAccess) and a refusal can
 * also be 409 (not ended) or 410 (link revoked or expired).
 */
import type { PathParams, RouteContract } from '../../lib/api/contract';
import { interviewIdSchema } from '../../lib/validation/text';
import { requireSession, type SessionUser } from '../auth/session';
import { BadRequestError, errorResponse } from '../http/errors';
import { openReview, type ReviewReader } from './access';
import { parseBody, toResponse, type HandlerResult, type NextHandler, type ParsedBody } from '../routes/api-route';
import { PRIVATE } from '../routes/interview-route';
import { tagRoute } from '../routes/registry';

export interface ReviewContext<C extends RouteContract> {
  user: SessionUser;
  reader: ReviewReader;
  body: ParsedBody<C>;
  params: PathParams<C['path']>;
  request: Request;
}

type ReviewContract = RouteContract & { path: `/api/interviews/:id/review${string}` };

/** The share token from the query, or null for a member's own view; an empty one is a malformed link. */
export function shareTokenOf(request: Request): string | null {
  const token = new URL(request.url).searchParams.get('share');
  if (token === '') throw new BadRequestError('The share link is missing its token.');
  return token;
}

export function reviewRoute<C extends ReviewContract>(contract: C, handler: (context: ReviewContext<C>) => Promise<HandlerResult<C>>): NextHandler<C> {
  const wrapped: NextHandler<C> = async (request, context) => {
    let response: Response;
    try {
      const user = await requireSession(request.headers);
      const params = await context.params;
      const id = interviewIdSchema.safeParse((params as { id: string }).id);
      if (!id.success) throw new BadRequestError('Not a valid interview id.');
      const reader = await openReview(id.data, user.id, shareTokenOf(request));
      const body = await parseBody(contract, request);
      response = toResponse(contract, await handler({ user, reader, body, params, request }));
    } catch (error) {
      response = errorResponse(error);
    }
    // Segments and media are the same bytes for every reader allowed them, but never for a shared cache.
    if (!response.headers.has('cache-control')) response.headers.set('cache-control', PRIVATE);
    return response;
  };
  return tagRoute(wrapped, { contract, action: 'review.read' });
}
