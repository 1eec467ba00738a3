import { createInterview } from '@/lib/api/interviews';
import { createInterview as create } from '@/server/interviews/service';
import { apiRoute } from '@/server/routes/api-route';
import { inviteToSchedule } from '@/server/scheduling/service';

/** Creates an interview; the creator becomes its interviewer, and gets the invitation when it has a time. */
export const POST = apiRoute(createInterview, { signedIn: true }, async ({ user, body }) => {
  const created = await create(user.id, body);
  if (body.scheduledAt) await inviteToSchedule(created.id);
  return created;
});
