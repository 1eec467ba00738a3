/**
 * Who is reading a review, and through what: their own membership, or a
 * share link (`?share=<token>`). Both end in the policy (reviewAccess,
 * shareAccess); a refusal carries its status and the policy's words.
 */
import { HttpError, NotFoundError } from '../http/errors';
import { hashInviteToken } from '../interviews/ids';
import { reviewAccess, shareAccess, type ReviewAccess, type ReviewScope } from '../interviews/policy';
import { loadForActor, type LoadedInterview } from '../interviews/service';
import { db } from '../db/client';
import { readFeedbackContent } from '../db/json-columns';
import { reviewScopeSchema } from '../../lib/api/review';
import { displayName } from '../../lib/auth/display-name';
import type { ReviewVia } from './review';

export interface ReviewReader {
  /** The interview as the reader sees it; through a share link, as its creator does. */
  view: LoadedInterview;
  scope: ReviewScope;
  via: ReviewVia;
  shareId: string | null;
}

/** Each interviewer's release, as the policy reads it (parsed: a malformed row fails loudly, never widens a scope). */
async function releasedParts(interviewId: string) {
  const rows = await db().feedbackRelease.findMany({ where: { interviewId }, select: { content: true } });
  return rows.map((r) => readFeedbackContent(interviewId, r.content));
}

export async function memberAccess(view: LoadedInterview): Promise<ReviewAccess> {
  return reviewAccess(view.actor, view.interview, await releasedParts(view.interview.id));
}

function refuse(access: Extract<ReviewAccess, { ok: false }>): never {
  const code = access.status === 409 ? 'conflict' : access.status === 410 ? 'gone' : 'forbidden';
  throw new HttpError(access.status, code, access.reason);
}

/** Share tokens are 192 random bits in base64url; anything else is not one of ours. */
const SHARE_TOKEN = /^[A-Za-z0-9_-]{32}$/;

export async function openReview(interviewId: string, userId: string, shareToken: string | null): Promise<ReviewReader> {
  if (shareToken === null) {
    const view = await loadForActor(interviewId, userId);
    const access = await memberAccess(view);
    if (!access.ok) refuse(access);
    return { view, scope: access.scope, via: { kind: 'member' }, shareId: null };
  }
  const share = SHARE_TOKEN.test(shareToken)
    ? await db().reviewShare.findUnique({ where: { tokenHash: hashInviteToken(shareToken) }, include: { createdBy: { select: { name: true, email: true } } } })
    : null;
  // A token for another interview is as unknown here as a made-up one.
  if (!share || share.interviewId !== interviewId) throw new NotFoundError('No such share link for this interview. Check that the link was copied whole.');
  const view = await loadForActor(interviewId, share.createdById);
  const scope = reviewScopeSchema.parse(share.scope);
  const access = shareAccess({ scope, expiresAt: share.expiresAt, revokedAt: share.revokedAt }, await memberAccess(view), new Date());
  if (!access.ok) refuse(access);
  return { view, scope: access.scope, via: { kind: 'share', token: shareToken, sharedBy: displayName(share.createdBy) }, shareId: share.id };
}

/** The share link was opened (the review page, not each segment or range request). */
export async function logShareOpen(shareId: string, userId: string): Promise<void> {
  await db().reviewShareOpen.create({ data: { shareId, userId } });
}
