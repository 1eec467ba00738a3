import { reportNoShow as reportRoute } from '@/lib/api/matching';
import { reportNoShow } from '@/server/matching/reliability';
import { memberRoute } from '@/server/routes/interview-route';

/** The other person of a matched session never came (201), unless they did enter the room (409). */
export const POST = memberRoute(reportRoute, 'attendance.report', async ({ view, body }) => {
  const { recordedAt } = await reportNoShow(view, body.userId);
  return { interviewId: view.interview.id, userId: body.userId, kind: 'no_show' as const, recordedAt: recordedAt.toISOString() };
});
