import { displayName } from '@/lib/auth/display-name';
import { mediaToken } from '@/lib/api/media';
import { NotFoundError } from '@/server/http/errors';
import { can } from '@/server/interviews/policy';
import { liveKitConfig, mintToken } from '@/server/media/livekit';
import { interviewRoute } from '@/server/routes/interview-route';

/** A LiveKit token for this interview's call: participants only; observers may subscribe but not publish. */
export const POST = interviewRoute(mediaToken, 'media.join', async ({ user, view }) => {
  const config = liveKitConfig();
  if (!config) throw new NotFoundError('LiveKit is not configured on this server; the call runs peer-to-peer.');
  return mintToken(config, {
    interviewId: view.interview.id,
    userId: user.id,
    name: displayName(user),
    canPublish: can(view.actor, 'media.publish', view.interview),
  });
});
