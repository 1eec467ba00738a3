/**
 * Releasing feedback to the candidate. The release freezes exactly the parts
 * the interviewer ticked into one JSON document; the candidate is only ever
 * served those documents, never the evaluation rows behind them.
 */
import type { ReleasedFeedback, ReleaseInput, Score } from '../../lib/rubric/evaluation';
import { releaseProblemMessage, releaseProblems } from '../../lib/rubric/release-check';
import { displayName } from '../../lib/auth/display-name';
import { db } from '../db/client';
import { ConflictError, invalidField } from '../http/errors';
import type { LoadedInterview as Loaded } from '../interviews/service';
import { readFeedbackContent, type FeedbackContent } from '../db/json-columns';
import { eventBus } from '../events/bus';

export async function releaseFeedback(view: Loaded, { include }: ReleaseInput): Promise<ReleasedFeedback> {
  const evaluation = await db().evaluation.findUnique({
    where: { interviewId_evaluatorId: { interviewId: view.interview.id, evaluatorId: view.actor.userId } },
    include: { scores: true, marks: { where: { kind: 'red_flag' }, orderBy: { itemIndex: 'asc' } }, release: { select: { id: true } }, evaluator: { select: { name: true, email: true } } },
  });
  if (!evaluation) throw invalidField(['candidateFeedback'], releaseProblemMessage({ field: 'candidateFeedback' }));
  const scores = new Map(evaluation.scores.map((s) => [s.dimensionId, s]));
  const dimensions = view.snapshot.rubric.dimensions;
  const draft = { ...evaluation, scoreOf: (id: string) => scores.get(id)?.score };
  const problems = releaseProblems(draft, dimensions, include);
  // Missing feedback is reported before a repeat release, as it always was; everything else after.
  const [first] = problems;
  if (first?.field === 'candidateFeedback') throw invalidField([first.field], releaseProblemMessage(first));
  if (evaluation.release) throw new ConflictError('You have already released your feedback for this interview.');
  if (first) throw invalidField([first.field], releaseProblemMessage(first));

  const releasedAt = new Date();
  const content: FeedbackContent = {
    v: 1,
    evaluatorName: displayName(evaluation.evaluator),
    releasedAt: releasedAt.toISOString(),
    feedback: evaluation.candidateFeedback.trim(),
    ...(include.recommendation && { recommendation: evaluation.recommendation }),
    ...(include.levelEstimate && { levelEstimate: evaluation.levelEstimate }),
    ...(include.recording && { recordingAndReplay: true as const }),
    // Only the ticks of this evaluator, named as the frozen rubric names them.
    ...(include.redFlags && { redFlags: evaluation.marks.flatMap((m) => view.snapshot.rubric.redFlags[m.itemIndex] ?? []) }),
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

