import { releaseFeedback } from '@/lib/api/evaluation';
import { interviewRoute } from '@/server/routes/interview-route';
import { releaseFeedback as release } from '@/server/rubric/feedback';

/** Releases the caller's feedback to the candidate: the written feedback plus exactly the parts chosen. */
export const POST = interviewRoute(releaseFeedback, 'feedback.release', ({ view, body }) => release(view, body));
