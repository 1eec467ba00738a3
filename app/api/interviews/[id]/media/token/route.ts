import { requireSession } from '@/server/auth/session';
import { displayName } from '@/lib/auth/display-name';
import { NotFoundError, route } from '@/server/http/errors';
import { can } from '@/server/interviews/policy';
import { authorize } from '@/server/interviews/service';
import { liveKitConfig, mintToken } from '@/server/media/livekit';

/** A LiveKit token for this interview's call: participants only; observers may subscribe but not publish. */
export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireSession(request.headers);
  const view = await authorize((await params).id, user.id, 'media.join');
  const config = liveKitConfig();
  if (!config) throw new NotFoundError('LiveKit is not configured on this server; the call runs peer-to-peer.');
  const minted = await mintToken(config, {
    interviewId: view.interview.id,
    userId: user.id,
    name: displayName(user),
    canPublish: can(view.actor, 'media.publish', view.interview),
  });
  return Response.json(minted, { headers: { 'cache-control': 'private, no-store' } });
});
