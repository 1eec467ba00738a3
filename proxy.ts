/**
 * Guards app pages: a signed-out visitor is sent to sign-in and brought back.
 * Pages and handlers still check the session themselves; this is the front door.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { safeCallbackPath } from './lib/auth/callback-url';
import { readSession } from './server/auth/session';

export async function proxy(request: NextRequest) {
  if (await readSession(request.headers)) return NextResponse.next();
  const signIn = new URL('/signin', request.url);
  signIn.searchParams.set('callbackUrl', safeCallbackPath(request.nextUrl.pathname + request.nextUrl.search));
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: ['/dashboard/:path*', '/interviews/:path*', '/scenarios/:path*', '/settings/:path*', '/partner/:path*', '/progress/:path*'],
};
