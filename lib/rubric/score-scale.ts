/**
 * What the 1–4 rubric scale means in general, for people who do not see the
 * rubric itself. Each dimension's anchors (interviewer-only) describe the
 * same four steps for that dimension; these words are the level above them.
 */
import type { Score } from './evaluation';

export const SCORE_SCALE: Record<Score, { label: string; meaning: string }> = {
  1: { label: 'Below the bar', meaning: 'The essentials of this area were missing or did not come up.' },
  2: { label: 'Approaching the bar', meaning: 'Partly there: a sound start, with important pieces missing or left unexplained.' },
  3: { label: 'Meets the bar', meaning: 'Solid and reasoned: what the interviewer expects from a hire at this level.' },
  4: { label: 'Exceeds the bar', meaning: 'Beyond the level: anticipated problems, weighed alternatives, and went deeper unprompted.' },
};
