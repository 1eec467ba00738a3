import { requireSession } from '@/server/auth/session';
import { route } from '@/server/http/errors';
import { acceptInvite, previewInvite } from '@/server/interviews/invites';

type Context = { params: Promise<{ token: string }> };

/** What the link grants; anyone holding the link may see this much. */
export const GET = route(async (_request: Request, { params }: Context) => {
  const preview = await previewInvite((await params).token);
  return Response.json({ interviewTitle: preview.interviewTitle, role: preview.role, hostName: preview.hostName, expiresAt: preview.expiresAt, exhausted: preview.exhausted });
});

/** Joins the signed-in user to the interview with the link's role. */
export const POST = route(async (request: Request, { params }: Context) => {
  const user = await requireSession(request.headers);
  const joined = await acceptInvite((await params).token, user.id);
  return Response.json({ interviewId: joined.interviewId, role: joined.role, roomUrl: `/interviews/${joined.interviewId}` });
});
