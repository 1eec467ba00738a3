import { rateInterviewer as rateRoute } from '@/lib/api/ratings';
import { memberRoute } from '@/server/routes/interview-route';
import { rateInterviewer } from '@/server/ratings/ratings';

/** The candidate rates how they were interviewed, once the interview has ended; a second call replaces the first. */
export const PUT = memberRoute(rateRoute, 'rating.write', ({ view, body }) => rateInterviewer(view, body));
