/**
 * Clients that claim a client IP through X-Forwarded-For (honoured only by a
 * server started with TRUST_PROXY=true), and a magic-link request as the
 * sign-in form sends it.
 */
import { HttpSession } from './http-session';

export function sessionFrom(baseUrl: string, ip: string): HttpSession {
  const session = new HttpSession(baseUrl);
  const original = session.fetch.bind(session);
  session.fetch = (path, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('x-forwarded-for', ip);
    return original(path, { ...init, headers });
  };
  return session;
}

/** POST /api/auth/signin/email as next-auth's `signIn('email', { redirect: false })` does. */
export async function requestMagicLink(session: HttpSession, email: string): Promise<{ status: number; error: string | null }> {
  const csrfToken = await session.csrfToken();
  const response = await session.fetch('/api/auth/signin/email', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, email, callbackUrl: '/dashboard', json: 'true' }),
  });
  const { url } = (await response.json()) as { url: string };
  const answer = new URL(url);
  // next-auth answers a CSRF mismatch with a plain redirect to its sign-in page: no link was sent, so say so.
  if (answer.searchParams.get('csrf') === 'true') return { status: response.status, error: 'CsrfMismatch' };
  return { status: response.status, error: answer.searchParams.get('error') };
}
