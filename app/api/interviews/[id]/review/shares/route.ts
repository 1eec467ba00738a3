import { createShare as createShareRoute, listShares as listSharesRoute } from '@/lib/api/review';
import { interviewRoute } from '@/server/routes/interview-route';
import { createShare, listShares } from '@/server/review/shares';

/** The caller's own share links for this review, with who opened them. */
export const GET = interviewRoute(listSharesRoute, 'review.read', async ({ view }) => ({ shares: await listShares(view) }));

/** A new link showing exactly what the caller sees of the review (201). */
export const POST = interviewRoute(createShareRoute, 'review.read', ({ view, body }) => createShare(view, body.expiresInDays));
