import { listRecordings } from '@/lib/api/recording';
import { memberRoute } from '@/server/routes/interview-route';
import { listWatchable } from '@/server/recordings/list';

/** The recordings the caller may watch (policy: canWatchRecording), each with its media URL. */
export const GET = memberRoute(listRecordings, 'recording.watch', ({ view }) => listWatchable(view));
