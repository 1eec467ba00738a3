import { readRecording, startRecording } from '@/lib/api/recording';
import { interviewRoute, memberRoute } from '@/server/routes/interview-route';
import { recordingStatus, startRecording as start } from '@/server/recordings/sessions';

/** Who asked to record, each publisher's answer, and whose streams are being recorded. */
export const GET = memberRoute(readRecording, 'recording.status', ({ view }) => recordingStatus(view));

/** Record: a new session; every publisher is asked before anything of theirs is captured. */
export const POST = interviewRoute(startRecording, 'recording.start', ({ view }) => start(view));
