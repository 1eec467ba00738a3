import { stopRecording } from '@/lib/api/recording';
import { interviewRoute } from '@/server/routes/interview-route';
import { stopRecording as stop } from '@/server/recordings/sessions';

/** Anyone recorded stops their own capture at any moment; an interviewer can stop everyone's. */
export const POST = interviewRoute(stopRecording, 'recording.consent', ({ view, body }) => stop(view, body.scope));
