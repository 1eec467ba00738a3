import { describe, expect, it } from 'vitest';
import { releaseProblemMessage, releaseProblems, type ReleaseDraft } from '../../lib/rubric/release-check';

const dimensions = [
  { id: 'framing', title: 'Problem framing' },
  { id: 'serving', title: 'Serving' },
];
const none = { scores: false, summaries: false, recommendation: false, levelEstimate: false };
const draft = (over: Partial<ReleaseDraft> = {}): ReleaseDraft => ({ candidateFeedback: 'Good.', recommendation: null, levelEstimate: null, scoreOf: () => null, ...over });

describe('releaseProblems', () => {
  it('asks for nothing but written feedback when nothing else is ticked', () => {
    expect(releaseProblems(draft(), dimensions, none)).toEqual([]);
    expect(releaseProblems(draft({ candidateFeedback: '  \n' }), dimensions, none)).toEqual([{ field: 'candidateFeedback' }]);
  });

  it('names every unscored dimension, in rubric order, only when scores are ticked', () => {
    const scored = draft({ scoreOf: (id) => (id === 'framing' ? 3 : undefined) });
    expect(releaseProblems(scored, dimensions, { ...none, scores: true })).toEqual([{ field: 'scores', missing: [{ id: 'serving', title: 'Serving' }] }]);
    expect(releaseProblems(scored, dimensions, none)).toEqual([]);
  });

  it('lists a ticked but unchosen recommendation and level, and keeps the API wording', () => {
    const problems = releaseProblems(draft({ candidateFeedback: '' }), dimensions, { ...none, recommendation: true, levelEstimate: true, scores: true });
    expect(problems.map((p) => p.field)).toEqual(['candidateFeedback', 'recommendation', 'levelEstimate', 'scores']);
    expect(problems.map(releaseProblemMessage)).toEqual([
      'write the feedback the candidate will read before releasing',
      'choose a recommendation, or leave it out of the release',
      'choose a level estimate, or leave it out of the release',
      'score every dimension first (missing: Problem framing, Serving), or leave scores out of the release',
    ]);
  });
});
