/**
 * The one session reader for route handlers, server components, proxy.ts,
 * socket.io handshakes and WebSocket upgrades alike: all of them have request
 * headers, and the session is the next-auth JWT in the cookie header.
 */
import { getToken } from 'next-auth/jwt';
import { getRuntime } from '../env';
import { UnauthorizedError } from '../http/errors';

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

export function parseCookies(header: string | undefined | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    if (!name || name in cookies) continue;
    const raw = part.slice(index + 1).trim();
    try {
      cookies[name] = decodeURIComponent(raw);
    } catch {
      cookies[name] = raw;
    }
  }
  return cookies;
}

function toPlainHeaders(headers: HeaderBag): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers instanceof Headers) {
    headers.forEach((value, key) => (out[key] = value));
  } else {
    for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export async function readSession(headers: HeaderBag): Promise<SessionUser | null> {
  const plain = toPlainHeaders(headers);
  const { authSecret, appUrl } = getRuntime();
  // getToken only looks at req.cookies when it is given; passing the parsed
  // cookie header makes it work for raw Node upgrade requests too.
  const token = await getToken({
    req: { headers: plain, cookies: parseCookies(plain.cookie) } as never,
    secret: authSecret,
    secureCookie: appUrl.startsWith('https://'),
  });
  if (!token || typeof token.sub !== 'string' || typeof token.email !== 'string') return null;
  return { id: token.sub, email: token.email, name: typeof token.name === 'string' ? token.name : null };
}

/** For route handlers: the signed-in user, or a 401 that says to sign in. */
export async function requireSession(headers: HeaderBag): Promise<SessionUser> {
  const user = await readSession(headers);
  if (!user) throw new UnauthorizedError();
  return user;
}
