/**
 * What a feedback release needs, checked the same way in the browser (before
 * anyone is asked to confirm) and on the server (which has the last word).
 */
import type { ReleaseInput } from './evaluation';

export type ReleaseProblem =
  | { field: 'candidateFeedback' }
  | { field: 'recommendation' }
  | { field: 'levelEstimate' }
  | { field: 'scores'; missing: { id: string; title: string }[] };

export interface ReleaseDraft {
  candidateFeedback: string;
  recommendation: string | null;
  levelEstimate: string | null;
  /** The score given to a dimension, if any. */
  scoreOf: (dimensionId: string) => number | null | undefined;
}

/** Every reason the release would be refused, in the order the form shows its fields. */
export function releaseProblems(draft: ReleaseDraft, dimensions: readonly { id: string; title: string }[], include: ReleaseInput['include']): ReleaseProblem[] {
  const problems: ReleaseProblem[] = [];
  if (!draft.candidateFeedback.trim()) problems.push({ field: 'candidateFeedback' });
  if (include.recommendation && !draft.recommendation) problems.push({ field: 'recommendation' });
  if (include.levelEstimate && !draft.levelEstimate) problems.push({ field: 'levelEstimate' });
  if (include.scores) {
    const missing = dimensions.filter((d) => !draft.scoreOf(d.id)).map(({ id, title }) => ({ id, title }));
    if (missing.length) problems.push({ field: 'scores', missing });
  }
  return problems;
}

/** The API's wording, for clients that call it directly. */
export function releaseProblemMessage(problem: ReleaseProblem): string {
  switch (problem.field) {
    case 'candidateFeedback':
      return 'write the feedback the candidate will read before releasing';
    case 'recommendation':
      return 'choose a recommendation, or leave it out of the release';
    case 'levelEstimate':
      return 'choose a level estimate, or leave it out of the release';
    case 'scores':
      return `score every dimension first (missing: ${problem.missing.map((d) => d.title).join(', ')}), or leave scores out of the release`;
  }
}
