import { completeRecording } from '@/lib/api/recording';
import { completeRecording as complete } from '@/server/recordings/chunks';
import { memberRoute } from '@/server/routes/interview-route';

/** The browser's final chunk count for its own recording; the seekable file follows once all are in. */
export const POST = memberRoute(completeRecording, 'recording.upload', ({ view, params, body }) => complete(view, params.recordingId, body.chunks));
