import { endInterview } from '@/lib/api/interviews';
import { endInterview as end } from '@/server/interviews/service';
import { interviewRoute } from '@/server/routes/interview-route';

export const POST = interviewRoute(endInterview, 'interview.end', async ({ view }) => {
  const { endedAt } = await end(view);
  return { status: 'ended' as const, endedAt: endedAt.toISOString() };
});
