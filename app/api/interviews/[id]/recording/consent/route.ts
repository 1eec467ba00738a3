import { decideRecording } from '@/lib/api/recording';
import { interviewRoute } from '@/server/routes/interview-route';
import { decideRecording as decide } from '@/server/recordings/sessions';

/** A publisher's answer to the current recording request, stored with who, what and when. */
export const POST = interviewRoute(decideRecording, 'recording.consent', ({ view, body }) => decide(view, body));
