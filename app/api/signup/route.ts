import { signUpSchema } from '@/lib/auth/schemas';
import { clientIpFrom } from '@/server/auth/client-ip';
import { limiter } from '@/server/auth/rate-limit';
import { createPasswordUser } from '@/server/auth/users';
import { getEnv } from '@/server/env';
import { RateLimitedError, readJson, route } from '@/server/http/errors';

export const POST = route(async (request: Request) => {
  const env = getEnv();
  // Sign-ups share the per-IP sign-in budget: both are password-guessing or spam surfaces.
  const verdict = limiter().hit(`signup:ip:${clientIpFrom(request.headers)}`, {
    max: env.SIGNIN_LIMIT_PER_IP,
    windowMs: env.SIGNIN_LIMIT_WINDOW_SECONDS * 1000,
  });
  if (!verdict.allowed) throw new RateLimitedError(verdict.retryAfterSeconds, 'Too many sign-ups from your network. Try again later.');
  const input = signUpSchema.parse(await readJson(request));
  const user = await createPasswordUser(input);
  return Response.json({ user }, { status: 201 });
});
