import { setMark } from '@/lib/api/evaluation';
import { interviewRoute } from '@/server/routes/interview-route';
import { setMark as mark } from '@/server/rubric/evaluations';

/** Ticks or unticks a signal or red flag; a tick is stamped on the session clock by the server. */
export const PUT = interviewRoute(setMark, 'rubric.score', ({ view, body }) => mark(view, body));
