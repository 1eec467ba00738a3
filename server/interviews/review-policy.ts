/**
 * The review's rules, part of the one policy (policy.ts re-exports them):
 * which parts of a session's review (issue 14) a member sees, and what a
 * share link lets its opener see. A scope only ever narrows: a link shows
 * what its creator could see when making it, cut to what they can see now.
 */
import type { ReviewScope } from '../../lib/api/review';
import type { Actor, InterviewStatus } from './policy';

export type { ReviewScope };

export type ReviewAccess = { ok: true; scope: ReviewScope } | { ok: false; status: 403 | 409 | 410; reason: string };

/** What of a release the review scope reads: a release's parts, as frozen in FeedbackRelease. */
export interface ReleasedParts {
  dimensions?: readonly { score?: unknown }[];
  recordingAndReplay?: true;
}

export const FULL_REVIEW: ReviewScope = Object.freeze({ replay: true, phases: true, scores: true, interviewerOnly: true });

/**
 * Who sees which part of the review. Interviewers see everything once the
 * interview has ended. The candidate sees it only after a release, and only
 * what was released: phases and revealed cards always, the replay and the
 * recordings if that part was ticked, scores and marks if scores were.
 * Observers see none of it: a share link is their way in.
 */
export function reviewAccess(actor: Actor, interview: { status: InterviewStatus }, releases: readonly ReleasedParts[]): ReviewAccess {
  if (!actor.role) return { ok: false, status: 403, reason: 'You are not a participant in this interview.' };
  if (actor.role === 'observer') return { ok: false, status: 403, reason: 'Observers do not see the review; the interviewer can share it with you.' };
  if (interview.status !== 'ended') return { ok: false, status: 409, reason: 'The review opens when the interview has ended.' };
  if (actor.role === 'interviewer') return { ok: true, scope: { ...FULL_REVIEW } };
  if (releases.length === 0) return { ok: false, status: 403, reason: 'The review opens to you once your interviewer releases the feedback.' };
  return {
    ok: true,
    scope: {
      replay: releases.some((r) => r.recordingAndReplay === true),
      phases: true,
      scores: releases.some((r) => r.dimensions?.some((d) => d.score !== undefined) ?? false),
      interviewerOnly: false,
    },
  };
}

/** The parts both scopes allow. */
export function narrowScope(a: ReviewScope, b: ReviewScope): ReviewScope {
  return { replay: a.replay && b.replay, phases: a.phases && b.phases, scores: a.scores && b.scores, interviewerOnly: a.interviewerOnly && b.interviewerOnly };
}

/** Anyone who may see a review may share exactly what they see, and nothing more. */
export function shareableScope(access: ReviewAccess): ReviewAccess {
  if (!access.ok) return { ok: false, status: access.status, reason: access.status === 409 ? access.reason : 'Only someone who can see this review can share it.' };
  return access;
}

export interface ShareLinkState {
  scope: ReviewScope;
  expiresAt: Date;
  revokedAt: Date | null;
}

/**
 * What opening a share link shows: nothing once it is revoked or expired
 * (410, saying which), nothing when its creator has lost the review, and
 * otherwise its own scope cut to what its creator may see now.
 */
export function shareAccess(link: ShareLinkState, creator: ReviewAccess, now: Date): ReviewAccess {
  if (link.revokedAt) return { ok: false, status: 410, reason: 'This share link was revoked by the person who made it.' };
  if (link.expiresAt.getTime() <= now.getTime()) return { ok: false, status: 410, reason: 'This share link has expired. Ask the person who shared it for a new one.' };
  if (!creator.ok) return { ok: false, status: 403, reason: 'The person who shared this review can no longer see it, so the link shows nothing.' };
  return { ok: true, scope: narrowScope(link.scope, creator.scope) };
}
