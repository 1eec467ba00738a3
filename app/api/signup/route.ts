import { signUp } from '@/lib/api/accounts';
import { clientIpFrom } from '@/server/auth/client-ip';
import { limiter } from '@/server/auth/rate-limit';
import { createPasswordUser } from '@/server/auth/users';
import { getEnv } from '@/server/env';
import { RateLimitedError } from '@/server/http/errors';
import { apiRoute } from '@/server/routes/api-route';

/** Sign-ups share the per-IP sign-in budget: both are password-guessing or spam surfaces. */
async function limitSignUps(request: Request): Promise<void> {
  const env = getEnv();
  const verdict = await limiter().hit(`signup:ip:${clientIpFrom(request.headers)}`, {
    max: env.SIGNIN_LIMIT_PER_IP,
    windowMs: env.SIGNIN_LIMIT_WINDOW_SECONDS * 1000,
  });
  if (!verdict.allowed) throw new RateLimitedError(verdict.retryAfterSeconds, 'Too many sign-ups from your network. Try again later.');
}

export const POST = apiRoute(signUp, { signedIn: false, gate: limitSignUps }, async ({ body }) => ({ user: await createPasswordUser(body) }));
