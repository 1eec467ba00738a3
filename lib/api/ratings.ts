/**
 * Two-way feedback (issue 15): after a round the candidate rates how they
 * were interviewed. Only the interviewer rated reads it; the candidate reads
 * (and may change) what they gave.
 */
import { z } from 'zod';
import { safeText } from '../validation/text';
import { defineRoute } from './contract';

export const RATING_ASPECTS = [
  { key: 'clarity', label: 'Clarity of the prompt' },
  { key: 'hints', label: 'Quality of hints and follow-ups' },
  { key: 'feedback', label: 'Usefulness of the feedback' },
] as const;
export type RatingAspect = (typeof RATING_ASPECTS)[number]['key'];

export const RATING_COMMENT_MAX = 2000;

const score = (what: string) =>
  z
    .number({ message: `Rate the ${what} from 1 to 5.` })
    .int({ message: `Rate the ${what} with a whole number from 1 to 5.` })
    .min(1, { message: `Rate the ${what} from 1 to 5.` })
    .max(5, { message: `Rate the ${what} from 1 to 5.` });

export const ratingInputSchema = z.object({
  clarity: score('clarity of the prompt'),
  hints: score('hints and follow-ups'),
  feedback: score('usefulness of the feedback'),
  comment: safeText()
    .trim()
    .max(RATING_COMMENT_MAX, { message: `Keep the comment under ${RATING_COMMENT_MAX} characters.` })
    .default(''),
  /** Which interviewer, when the round had more than one; the only one otherwise. */
  interviewerId: safeText().min(1).max(64).optional(),
});
export type RatingInput = z.input<typeof ratingInputSchema>;

export const ratingViewSchema = z.object({
  interviewerId: z.string(),
  interviewerName: z.string(),
  raterName: z.string(),
  clarity: z.number().int(),
  hints: z.number().int(),
  feedback: z.number().int(),
  comment: z.string(),
  updatedAt: z.iso.datetime(),
});
export type RatingView = z.infer<typeof ratingViewSchema>;

/** The candidate's rating of an interviewer: made or replaced (200). */
export const rateInterviewer = defineRoute({ method: 'PUT', path: '/api/interviews/:id/interviewer-rating', request: ratingInputSchema, response: ratingViewSchema });

/** The interviewer's ratings about themselves, or the candidate's own; never anyone else's. */
export const listInterviewerRatings = defineRoute({
  method: 'GET',
  path: '/api/interviews/:id/interviewer-ratings',
  response: z.object({ ratings: z.array(ratingViewSchema) }),
});
