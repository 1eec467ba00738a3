import { readRubric } from '@/lib/api/evaluation';
import { interviewRoute } from '@/server/routes/interview-route';
import { rubricView } from '@/server/rubric/evaluations';

/** The rubric of this interview's snapshot: dimensions with anchors and signals, red flags, level expectations. */
export const GET = interviewRoute(readRubric, 'rubric.read', async ({ view }) => rubricView(view.snapshot));
