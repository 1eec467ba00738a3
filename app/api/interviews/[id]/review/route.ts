import { readReview } from '@/lib/api/review';
import { buildReview } from '@/server/review/review';
import { reviewRoute } from '@/server/review/review-route';

/** The whole review for this reader's scope: a member's own, or a share link's. */
export const GET = reviewRoute(readReview, ({ reader }) => buildReview(reader.view, reader.scope, reader.via));
