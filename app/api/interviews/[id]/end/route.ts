import { requireSession } from '@/server/auth/session';
import { route } from '@/server/http/errors';
import { endInterview } from '@/server/interviews/service';

export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireSession(request.headers);
  const { endedAt } = await endInterview((await params).id, user.id);
  return Response.json({ status: 'ended', endedAt });
});
