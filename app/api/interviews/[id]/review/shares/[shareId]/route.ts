import { revokeShare as revokeShareRoute } from '@/lib/api/review';
import { interviewRoute } from '@/server/routes/interview-route';
import { revokeShare } from '@/server/review/shares';

/** Revokes one of the caller's links: from now on it opens nothing. */
export const DELETE = interviewRoute(revokeShareRoute, 'review.read', ({ view, params }) => revokeShare(view, params.shareId));
