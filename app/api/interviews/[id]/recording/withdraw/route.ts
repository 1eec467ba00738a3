import { withdrawRecording } from '@/lib/api/recording';
import { withdrawConsent } from '@/server/recordings/deletion';
import { interviewRoute } from '@/server/routes/interview-route';

/** Someone who allowed takes it back: the decision is stored, and their recording in that session deleted. */
export const POST = interviewRoute(withdrawRecording, 'recording.consent', ({ view, body }) => withdrawConsent(view, body.sessionId));
