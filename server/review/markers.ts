/**
 * The review's markers: the stamped rows the session left (card reveals,
 * notes, signal and red-flag ticks, score changes), placed on the axis and
 * cut to the reader's scope here, on the server. A candidate's answer never
 * holds a note, a red flag or a score change, and holds signals only from an
 * evaluation whose release included scores, as they stood at that release.
 */
import type { Marker, ReviewScope } from '../../lib/api/review';
import { displayName } from '../../lib/auth/display-name';
import { toAxis, type Timeline } from '../../lib/review/timeline';
import type { LevelEstimate, NoteView, Recommendation, RevealedCard } from '../../lib/rubric/evaluation';
import { db } from '../db/client';
import { readFeedbackContent } from '../db/json-columns';
import type { LoadedInterview } from '../interviews/service';
import { phaseTitler } from '../timer/phases';

export interface EvaluationRows {
  id: string;
  evaluatorName: string;
  releasedAt: Date | null;
  /** The release froze scores for the candidate. */
  releasedScores: boolean;
  marks: { id: string; kind: 'signal' | 'red_flag'; dimensionId: string; itemIndex: number; sessionMs: number; phaseId: string; markedAt: Date }[];
  scoreChanges: { id: string; dimensionId: string; score: number | null; changedAt: Date }[];
}

export interface EvaluationWithWrapUp extends EvaluationRows {
  row: { scores: { dimensionId: string; score: number | null }[]; recommendation: Recommendation | null; levelEstimate: LevelEstimate | null; candidateFeedback: string };
}

export async function loadEvaluations(interviewId: string): Promise<EvaluationWithWrapUp[]> {
  const rows = await db().evaluation.findMany({
    where: { interviewId },
    orderBy: { createdAt: 'asc' },
    include: {
      evaluator: { select: { name: true, email: true } },
      scores: { select: { dimensionId: true, score: true } },
      marks: { orderBy: { markedAt: 'asc' } },
      scoreChanges: { orderBy: { changedAt: 'asc' } },
      release: { select: { releasedAt: true, content: true } },
    },
  });
  return rows.map((r) => {
    const content = r.release ? readFeedbackContent(interviewId, r.release.content) : undefined;
    return {
      id: r.id,
      evaluatorName: displayName(r.evaluator),
      releasedAt: r.release?.releasedAt ?? null,
      releasedScores: content?.dimensions?.some((d) => d.score !== undefined) ?? false,
      marks: r.marks,
      scoreChanges: r.scoreChanges,
      row: { scores: r.scores, recommendation: r.recommendation, levelEstimate: r.levelEstimate, candidateFeedback: r.candidateFeedback },
    };
  });
}

export interface MarkerSources {
  cards: RevealedCard[];
  /** Only loaded for interviewer-only scopes. */
  notes: NoteView[];
  evaluations: EvaluationRows[];
}

export function buildMarkers(view: LoadedInterview, scope: ReviewScope, timeline: Timeline, sources: MarkerSources): Marker[] {
  const { rubric } = view.snapshot;
  const title = phaseTitler(view);
  const dimensionTitle = (id: string) => rubric.dimensions.find((d) => d.id === id)?.title ?? id;
  const at = (date: Date | string) => toAxis(timeline, new Date(date).getTime());
  const markers: Marker[] = [];
  if (scope.phases) {
    for (const card of sources.cards) {
      markers.push({ id: `card-${card.id}`, kind: 'card', atMs: at(card.revealedAt), sessionMs: card.sessionMs, phaseTitle: card.phaseTitle, title: 'Card played', text: `${card.title}: ${card.prompt}`, by: null });
    }
  }
  if (scope.interviewerOnly) {
    for (const note of sources.notes) {
      markers.push({ id: `note-${note.id}`, kind: 'note', atMs: at(note.createdAt), sessionMs: note.sessionMs, phaseTitle: note.phaseTitle, title: 'Note', text: note.text, by: note.authorName });
    }
  }
  for (const evaluation of sources.evaluations) {
    // The candidate's view of ticks: signals of a release with scores, as they stood when it was frozen.
    const candidateSees = scope.scores && evaluation.releasedScores && evaluation.releasedAt !== null;
    if (!scope.interviewerOnly && !candidateSees) continue;
    for (const mark of evaluation.marks) {
      if (!scope.interviewerOnly && (mark.kind !== 'signal' || mark.markedAt > evaluation.releasedAt!)) continue;
      const text =
        mark.kind === 'signal'
          ? `${dimensionTitle(mark.dimensionId)}: ${rubric.signals[mark.dimensionId]?.[mark.itemIndex] ?? 'a signal no longer in the rubric'}`
          : (rubric.redFlags[mark.itemIndex] ?? 'a red flag no longer in the rubric');
      markers.push({
        id: `mark-${mark.id}`, kind: mark.kind, atMs: at(mark.markedAt), sessionMs: mark.sessionMs, phaseTitle: title(mark.phaseId),
        title: mark.kind === 'signal' ? 'Signal' : 'Red flag', text, by: evaluation.evaluatorName,
      });
    }
    if (!scope.interviewerOnly) continue;
    for (const change of evaluation.scoreChanges) {
      markers.push({
        id: `score-${change.id}`, kind: 'score', atMs: at(change.changedAt), sessionMs: null, phaseTitle: null, title: 'Score',
        text: change.score === null ? `${dimensionTitle(change.dimensionId)}: score cleared` : `${dimensionTitle(change.dimensionId)}: ${change.score} of 4`, by: evaluation.evaluatorName,
      });
    }
  }
  return markers.sort((a, b) => a.atMs - b.atMs || a.id.localeCompare(b.id));
}
