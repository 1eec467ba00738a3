/**
 * Magic-link requests (`POST /api/auth/signin/email`) are counted before
 * next-auth sees them: its callbacks get no request, so the client IP is only
 * known here. A refusal answers the way next-auth answers any sign-in error
 * (a `url` carrying `?error=`), with status 429, so `signIn('email')` in the
 * browser shows the message and scripts see a plain refusal.
 */
import { getRuntime } from '../env';
import { clientIpFrom } from './client-ip';
import { countMagicLinkRequest, SignInRefused } from './sign-in-limits';

export async function refuseMagicLinkFlood(request: Request, route: readonly string[]): Promise<Response | null> {
  if (request.method !== 'POST' || route.join('/') !== 'signin/email') return null;
  // A body that is not a form still counts against the IP; next-auth then refuses it itself.
  const form = await request
    .clone()
    .formData()
    .catch(() => new FormData());
  const email = String(form.get('email') ?? '').trim().toLowerCase();
  try {
    await countMagicLinkRequest(clientIpFrom(request.headers), email);
    return null;
  } catch (error) {
    if (!(error instanceof SignInRefused)) throw error;
    const url = `${getRuntime().appUrl}/signin?error=${encodeURIComponent(error.code)}`;
    if (form.get('json') === 'true') return Response.json({ url }, { status: 429 });
    return new Response(null, { status: 303, headers: { location: url } });
  }
}
