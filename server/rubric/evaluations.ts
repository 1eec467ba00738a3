/**
 * Per-evaluator evaluations against the interview's rubric snapshot: scores
 * with summaries, ticked signals and red flags (stamped on the session
 * clock), and the wrap-up. Co-interviewers never see each other's scores, so
 * one evaluator cannot anchor another.
 */
import type { Prisma } from '../../generated/prisma/client';
import type { EvaluationPatch, EvaluationView, MarkInput, MarkView, RubricView, Score } from '../../lib/rubric/evaluation';
import { db } from '../db/client';
import { ConflictError, invalidField } from '../http/errors';
import type { Scenario } from '../scenarios/library';
import type { LoadedInterview as Loaded } from '../interviews/service';
import { phaseTitler } from '../timer/phases';
import { stampNow } from '../timer/session-clock';

export const RELEASED_MESSAGE = 'This feedback has been released to the candidate, so the evaluation can no longer change.';

export function rubricView(snapshot: Scenario): RubricView {
  return {
    dimensions: snapshot.rubric.dimensions.map((d) => ({
      id: d.id,
      title: d.title,
      description: d.description,
      anchors: { ...d.anchors },
      signals: snapshot.rubric.signals[d.id] ?? [],
    })),
    redFlags: snapshot.rubric.redFlags,
    levelExpectations: snapshot.rubric.levelExpectations,
  };
}

const evaluationInclude = { scores: true, marks: { orderBy: { markedAt: 'asc' } }, release: { select: { releasedAt: true } } } as const;
type EvaluationRow = Prisma.EvaluationGetPayload<{ include: typeof evaluationInclude }>;

function toView(view: Loaded, row: EvaluationRow | null): EvaluationView {
  const title = phaseTitler(view);
  const scores: EvaluationView['scores'] = {};
  for (const d of view.snapshot.rubric.dimensions) scores[d.id] = { score: null, summary: '' };
  for (const s of row?.scores ?? []) scores[s.dimensionId] = { score: s.score as Score | null, summary: s.summary };
  return {
    rubricVersion: row?.rubricVersion ?? view.snapshot.version,
    scores,
    marks: (row?.marks ?? []).map(
      (m): MarkView => ({
        kind: m.kind, dimensionId: m.dimensionId, index: m.itemIndex, sessionMs: m.sessionMs, phaseId: m.phaseId,
        phaseTitle: title(m.phaseId), markedAt: m.markedAt.toISOString(),
      }),
    ),
    recommendation: row?.recommendation ?? null,
    levelEstimate: row?.levelEstimate ?? null,
    candidateFeedback: row?.candidateFeedback ?? '',
    releasedAt: row?.release?.releasedAt.toISOString() ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

export async function readEvaluation(view: Loaded): Promise<EvaluationView> {
  const row = await db().evaluation.findUnique({
    where: { interviewId_evaluatorId: { interviewId: view.interview.id, evaluatorId: view.actor.userId } },
    include: evaluationInclude,
  });
  return toView(view, row);
}

/** The caller's evaluation row, created on first write; refuses once released. */
async function writableEvaluation(tx: Prisma.TransactionClient, view: Loaded): Promise<string> {
  const row = await tx.evaluation.upsert({
    where: { interviewId_evaluatorId: { interviewId: view.interview.id, evaluatorId: view.actor.userId } },
    create: { interviewId: view.interview.id, evaluatorId: view.actor.userId, rubricVersion: view.snapshot.version },
    update: {},
    include: { release: { select: { id: true } } },
  });
  if (row.release) throw new ConflictError(RELEASED_MESSAGE);
  return row.id;
}

/** Appends to the score log (the review's score markers) when the score really changes; summaries alone are not marks. */
async function logScoreChange(tx: Prisma.TransactionClient, evaluationId: string, dimensionId: string, score: number | null): Promise<void> {
  const current = await tx.dimensionScore.findUnique({ where: { evaluationId_dimensionId: { evaluationId, dimensionId } }, select: { score: true } });
  if ((current?.score ?? null) !== score) await tx.scoreChange.create({ data: { evaluationId, dimensionId, score } });
}

export async function patchEvaluation(view: Loaded, patch: EvaluationPatch): Promise<EvaluationView> {
  const known = new Set(view.snapshot.rubric.dimensions.map((d) => d.id));
  for (const id of Object.keys(patch.scores ?? {})) {
    if (!known.has(id)) throw invalidField(['scores', id], `"${id}" is not a dimension of this interview's rubric`);
  }
  await db().$transaction(async (tx) => {
    const evaluationId = await writableEvaluation(tx, view);
    for (const [dimensionId, change] of Object.entries(patch.scores ?? {})) {
      if (change.score !== undefined) await logScoreChange(tx, evaluationId, dimensionId, change.score);
      await tx.dimensionScore.upsert({
        where: { evaluationId_dimensionId: { evaluationId, dimensionId } },
        create: { evaluationId, dimensionId, score: change.score ?? null, summary: change.summary ?? '' },
        update: { ...(change.score !== undefined && { score: change.score }), ...(change.summary !== undefined && { summary: change.summary }) },
      });
    }
    await tx.evaluation.update({
      where: { id: evaluationId },
      data: {
        ...(patch.recommendation !== undefined && { recommendation: patch.recommendation }),
        ...(patch.levelEstimate !== undefined && { levelEstimate: patch.levelEstimate }),
        ...(patch.candidateFeedback !== undefined && { candidateFeedback: patch.candidateFeedback }),
        // Touch updatedAt even when only scores changed, so "saved at" is honest.
        updatedAt: new Date(),
      },
    });
  });
  return readEvaluation(view);
}

/** Ticks (stamped now on the session clock) or unticks a signal or red flag. */
export async function setMark(view: Loaded, mark: MarkInput): Promise<EvaluationView> {
  const { rubric } = view.snapshot;
  let dimensionId = '';
  let items: string[];
  if (mark.kind === 'signal') {
    dimensionId = mark.dimensionId!;
    if (!rubric.dimensions.some((d) => d.id === dimensionId)) throw invalidField(['dimensionId'], `"${dimensionId}" is not a dimension of this interview's rubric`);
    items = rubric.signals[dimensionId] ?? [];
  } else {
    items = rubric.redFlags;
  }
  if (mark.index >= items.length) throw invalidField(['index'], `there are only ${items.length} ${mark.kind === 'signal' ? 'signals for this dimension' : 'red flags'}`);

  const stamp = mark.checked ? await stampNow(view) : null;
  await db().$transaction(async (tx) => {
    const evaluationId = await writableEvaluation(tx, view);
    const key = { evaluationId_kind_dimensionId_itemIndex: { evaluationId, kind: mark.kind, dimensionId, itemIndex: mark.index } };
    if (stamp) {
      // A second tick keeps the first stamp: the moment the signal was seen is what matters.
      await tx.rubricMark.upsert({ where: key, create: { evaluationId, kind: mark.kind, dimensionId, itemIndex: mark.index, ...stamp }, update: {} });
    } else {
      await tx.rubricMark.deleteMany({ where: { evaluationId, kind: mark.kind, dimensionId, itemIndex: mark.index } });
    }
    await tx.evaluation.update({ where: { id: evaluationId }, data: { updatedAt: new Date() } });
  });
  return readEvaluation(view);
}
