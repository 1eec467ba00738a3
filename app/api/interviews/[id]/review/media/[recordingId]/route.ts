import { watchReviewRecording } from '@/lib/api/review';
import { reviewRecordingResponse } from '@/server/review/serve';
import { reviewRoute } from '@/server/review/review-route';

/** A recording's bytes (Range), for readers whose scope has the replay. */
export const GET = reviewRoute(watchReviewRecording, ({ reader, params, request }) => reviewRecordingResponse(reader, params.recordingId, request.headers.get('range')));
