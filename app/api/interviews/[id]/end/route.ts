import { endInterview } from '@/lib/api/interviews';
import { endInterview as end } from '@/server/interviews/service';
import { stopRecordingsOfInterview } from '@/server/recordings/sessions';
import { interviewRoute } from '@/server/routes/interview-route';

export const POST = interviewRoute(endInterview, 'interview.end', async ({ view }) => {
  const { endedAt } = await end(view);
  // Nothing is recorded past the end: each browser's next chunk is refused as stopped.
  // (Here, not in the interviews service: recordings depend on interviews, not the other way.)
  await stopRecordingsOfInterview(view.interview.id, endedAt);
  return { status: 'ended' as const, endedAt: endedAt.toISOString() };
});
