import { patchEvaluation, readEvaluation } from '@/lib/api/evaluation';
import { interviewRoute } from '@/server/routes/interview-route';
import { patchEvaluation as patch, readEvaluation as read } from '@/server/rubric/evaluations';

/** The caller's own evaluation; co-interviewers' scores are never returned. */
export const GET = interviewRoute(readEvaluation, 'rubric.read', ({ view }) => read(view));

/** Autosave: a partial update of scores, summaries and the wrap-up. */
export const PATCH = interviewRoute(patchEvaluation, 'rubric.score', ({ view, body }) => patch(view, body));
