/**
 * Releasing feedback to the candidate. The release freezes exactly the parts
 * the interviewer ticked into one JSON document; the candidate is only ever
 * served those documents, never the evaluation rows behind them.
 */
import type { ReleasedFeedback, ReleaseInput, Score } from '../../lib/rubric/evaluation';
import { displayName } from '../../lib/auth/display-name';
import { db } from '../db/client';
import { ConflictError, invalidField } from '../http/errors';
import type { LoadedInterview as Loaded } from '../interviews/service';
import { readFeedbackContent, type FeedbackContent } from '../db/json-columns';
import { eventBus } from '../events/bus';

export async function releaseFeedback(view: Loaded, { include }: ReleaseInput): Promise<ReleasedFeedback> {
  const evaluation = await db().evaluation.findUnique({
    where: { interviewId_evaluatorId: { interviewId: view.interview.id, evaluatorId: view.actor.userId } },
    include: { scores: true, release: { select: { id: true } }, evaluator: { select: { name: true, email: true } } },
  });
  if (!evaluation?.candidateFeedback.trim()) throw invalidField(['candidateFeedback'], 'write the feedback the candidate will read before releasing');
  if (evaluation.release) throw new ConflictError('You have already released your feedback for this interview.');
  if (include.recommendation && !evaluation.recommendation) throw invalidField(['recommendation'], 'choose a recommendation, or leave it out of the release');
  if (include.levelEstimate && !evaluation.levelEstimate) throw invalidField(['levelEstimate'], 'choose a level estimate, or leave it out of the release');
  const scores = new Map(evaluation.scores.map((s) => [s.dimensionId, s]));
  const dimensions = view.snapshot.rubric.dimensions;
  if (include.scores) {
    const missing = dimensions.filter((d) => !scores.get(d.id)?.score).map((d) => d.title);
    if (missing.length) throw invalidField(['scores'], `score every dimension first (missing: ${missing.join(', ')}), or leave scores out of the release`);
  }

  const releasedAt = new Date();
  const content: FeedbackContent = {
    v: 1,
    evaluatorName: displayName(evaluation.evaluator),
    releasedAt: releasedAt.toISOString(),
    feedback: evaluation.candidateFeedback.trim(),
    ...(include.recommendation && { recommendation: evaluation.recommendation }),
    ...(include.levelEstimate && { levelEstimate: evaluation.levelEstimate }),
    ...((include.scores || include.summaries) && {
      dimensions: dimensions.map((d) => ({
        id: d.id,
        title: d.title,
        ...(include.scores && { score: (scores.get(d.id)?.score ?? null) as Score | null }),
        ...(include.summaries && { summary: scores.get(d.id)?.summary.trim() ?? '' }),
      })),
    }),
  };
  await db()
    .feedbackRelease.create({
      data: { evaluationId: evaluation.id, interviewId: view.interview.id, releasedById: view.actor.userId, content, releasedAt },
    })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === 'P2002') throw new ConflictError('You have already released your feedback for this interview.');
      throw error;
    });
  eventBus().publish('feedback-released', { interviewId: view.interview.id });
  const { v: _version, ...released } = content;
  return released;
}

export async function listReleasedFeedback(interviewId: string): Promise<ReleasedFeedback[]> {
  const rows = await db().feedbackRelease.findMany({ where: { interviewId }, orderBy: { releasedAt: 'asc' }, select: { content: true } });
  return rows.map((r) => {
    const { v: _version, ...released } = readFeedbackContent(interviewId, r.content);
    return released;
  });
}

