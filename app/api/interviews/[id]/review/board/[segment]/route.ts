import { readBoardSegment } from '@/lib/api/review';
import { boardSegmentResponse } from '@/server/review/serve';
import { reviewRoute } from '@/server/review/review-route';

/** One segment of the board's replay (binary), for readers whose scope has the replay. */
export const GET = reviewRoute(readBoardSegment, ({ reader, params }) => boardSegmentResponse(reader, params.segment));
