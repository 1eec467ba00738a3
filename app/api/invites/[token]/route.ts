import { acceptInvite, previewInvite } from '@/lib/api/invites';
import { acceptInvite as accept, previewInvite as preview } from '@/server/interviews/invites';
import { apiRoute } from '@/server/routes/api-route';
import { inviteToSchedule } from '@/server/scheduling/service';

/** What the link grants; anyone holding the link may see this much. */
export const GET = apiRoute(previewInvite, { signedIn: false }, async ({ params }) => {
  const p = await preview(params.token);
  return { interviewTitle: p.interviewTitle, role: p.role, hostName: p.hostName, expiresAt: p.expiresAt.toISOString(), exhausted: p.exhausted };
});

/** Joins the signed-in user to the interview with the link's role; a scheduled one's invitation follows by email. */
export const POST = apiRoute(acceptInvite, { signedIn: true }, async ({ user, params }) => {
  const joined = await accept(params.token, user.id);
  // Keyed per person and calendar sequence: following the link again sends nothing new.
  await inviteToSchedule(joined.interviewId, [user.id]);
  return { interviewId: joined.interviewId, role: joined.role, roomUrl: `/interviews/${joined.interviewId}` };
});
