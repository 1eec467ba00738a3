/**
 * The candidate's rating of how they were interviewed (issue 15). Private
 * between the two: an interviewer reads only the ratings about themselves
 * (never a co-interviewer's, and observers none: the policy), the candidate
 * only the ones they gave.
 */
import { z } from 'zod';
import type { ratingInputSchema, RatingView } from '../../lib/api/ratings';
import { displayName } from '../../lib/auth/display-name';
import { db } from '../db/client';
import { ConflictError } from '../http/errors';
import { assertCan } from '../interviews/policy';
import type { MemberView } from '../interviews/service';

const PERSON = { select: { name: true, email: true } } as const;
const WITH_NAMES = { interviewer: PERSON, rater: PERSON } as const;

/** A rating as the route parsed it (the comment defaulted and trimmed). */
type RatingFields = z.output<typeof ratingInputSchema>;

type Row = {
  interviewerId: string; clarity: number; hints: number; feedback: number; comment: string; updatedAt: Date;
  interviewer: { name: string | null; email: string }; rater: { name: string | null; email: string };
};

function toView(row: Row): RatingView {
  return {
    interviewerId: row.interviewerId, interviewerName: displayName(row.interviewer), raterName: displayName(row.rater),
    clarity: row.clarity, hints: row.hints, feedback: row.feedback, comment: row.comment, updatedAt: row.updatedAt.toISOString(),
  };
}

/** The interviewers a candidate may rate in this interview. */
export async function ratingTargets(interviewId: string): Promise<{ id: string; name: string }[]> {
  const rows = await db().participant.findMany({ where: { interviewId, role: 'interviewer' }, orderBy: { joinedAt: 'asc' }, select: { user: { select: { id: true, name: true, email: true } } } });
  return rows.map((r) => ({ id: r.user.id, name: displayName(r.user) }));
}

/** Makes or replaces the caller's rating of one interviewer; `view` is authorized for 'rating.write'. */
export async function rateInterviewer(view: MemberView, input: RatingFields): Promise<RatingView> {
  assertCan(view.actor, 'rating.write', view.interview);
  const targets = await ratingTargets(view.interview.id);
  if (!targets.length) throw new ConflictError('Nobody interviewed in this session, so there is nobody to rate.');
  const interviewerId = input.interviewerId ?? (targets.length === 1 ? targets[0]!.id : undefined);
  if (!interviewerId || !targets.some((t) => t.id === interviewerId)) {
    const message = input.interviewerId ? 'That person did not interview in this session.' : 'This session had more than one interviewer: say which one you are rating.';
    throw new z.ZodError([{ code: 'custom', path: ['interviewerId'], message, input: input.interviewerId }]);
  }
  const scores = { clarity: input.clarity, hints: input.hints, feedback: input.feedback, comment: input.comment };
  const key = { interviewId: view.interview.id, raterId: view.actor.userId, interviewerId };
  const row = await db().interviewerRating.upsert({
    where: { interviewId_raterId_interviewerId: key },
    create: { ...key, ...scores },
    update: scores,
    include: WITH_NAMES,
  });
  return toView(row);
}

/** The ratings this caller may read here: about themselves as an interviewer, or given by them as the candidate. */
export async function listRatings(view: MemberView): Promise<RatingView[]> {
  assertCan(view.actor, 'rating.read', view.interview);
  const mine = view.actor.role === 'interviewer' ? { interviewerId: view.actor.userId } : { raterId: view.actor.userId };
  const rows = await db().interviewerRating.findMany({ where: { interviewId: view.interview.id, ...mine }, include: WITH_NAMES, orderBy: { createdAt: 'asc' } });
  return rows.map(toView);
}

