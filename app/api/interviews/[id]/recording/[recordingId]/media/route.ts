import { watchRecording } from '@/lib/api/recording';
import { recordingMedia } from '@/server/recordings/media';
import { memberRoute } from '@/server/routes/interview-route';

/** The recording's media, whole or one byte range (206), for whoever may watch it. */
export const GET = memberRoute(watchRecording, 'recording.watch', ({ view, params, request }) => recordingMedia(view, params.recordingId, request.headers.get('range')));
