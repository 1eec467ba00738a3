import { readFeedback } from '@/lib/api/evaluation';
import { interviewRoute } from '@/server/routes/interview-route';
import { listReleasedFeedback } from '@/server/rubric/feedback';

/** Released feedback only: exactly the documents frozen at release, for the candidate and the interviewers. */
export const GET = interviewRoute(readFeedback, 'feedback.read', async ({ view }) => ({ released: await listReleasedFeedback(view.interview.id) }));
