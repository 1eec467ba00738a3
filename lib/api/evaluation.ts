/**
 * The rubric, the caller's own evaluation (scores, summaries, ticks, wrap-up)
 * and the feedback release. Request schemas live beside the evaluation types
 * in lib/rubric/evaluation.ts; these contracts reference them.
 */
import { z } from 'zod';
import {
  evaluationPatchSchema,
  evaluationViewSchema,
  markSchema,
  releasedFeedbackSchema,
  releaseSchema,
  rubricViewSchema,
} from '../rubric/evaluation';
import { defineRoute } from './contract';

export const readRubric = defineRoute({ method: 'GET', path: '/api/interviews/:id/rubric', response: rubricViewSchema });

export const readEvaluation = defineRoute({ method: 'GET', path: '/api/interviews/:id/evaluation', response: evaluationViewSchema });

/** Autosave: only the fields present change. */
export const patchEvaluation = defineRoute({
  method: 'PATCH',
  path: '/api/interviews/:id/evaluation',
  request: evaluationPatchSchema,
  response: evaluationViewSchema,
});

/** Ticks or unticks a signal or red flag; the server stamps ticks on the session clock. */
export const setMark = defineRoute({
  method: 'PUT',
  path: '/api/interviews/:id/evaluation/marks',
  request: markSchema,
  response: evaluationViewSchema,
});

export const readFeedback = defineRoute({
  method: 'GET',
  path: '/api/interviews/:id/feedback',
  response: z.object({ released: z.array(releasedFeedbackSchema) }),
});

export const releaseFeedback = defineRoute({
  method: 'POST',
  path: '/api/interviews/:id/feedback/release',
  request: releaseSchema,
  response: releasedFeedbackSchema,
  status: 201,
});
