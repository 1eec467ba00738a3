import NextAuth from 'next-auth';
import { refuseMagicLinkFlood } from '@/server/auth/magic-link-gate';
import { authOptions } from '@/server/auth/options';

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request because they depend on values resolved at boot.
async function handler(request: Request, context: Context): Promise<Response> {
  const refused = await refuseMagicLinkFlood(request, (await context.params).nextauth);
  if (refused) return refused;
  return NextAuth(request as never, context as never, authOptions());
}

export { handler as GET, handler as POST };
