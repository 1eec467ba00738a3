/**
 * next-auth configuration: JWT sessions (the WS and socket.io handshakes read
 * the same cookie), the Prisma adapter for users and magic-link tokens, and the
 * providers the environment enables.
 */
import { PrismaAdapter } from '@next-auth/prisma-adapter';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import EmailProvider from 'next-auth/providers/email';
import GitHubProvider from 'next-auth/providers/github';
import GoogleProvider from 'next-auth/providers/google';
import { safeRedirectUrl } from '../../lib/auth/callback-url';
import { credentialsSchema } from '../../lib/auth/schemas';
import { db } from '../db/client';
import { getEnv, getRuntime } from '../env';
import { clientIpFrom } from './client-ip';
import { sendMagicLink } from './magic-link';
import { dummyPasswordHash, verifyPassword } from './password';
import { clearPasswordFailures, countPasswordAttempt } from './sign-in-limits';

export interface EnabledProviders {
  github: boolean;
  google: boolean;
}

export function enabledProviders(): EnabledProviders {
  const env = getEnv();
  return { github: Boolean(env.GITHUB_ID), google: Boolean(env.GOOGLE_CLIENT_ID) };
}

function buildOptions(): NextAuthOptions {
  const env = getEnv();
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        const parsed = credentialsSchema.safeParse(credentials ?? {});
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const ip = clientIpFrom(req.headers ?? {});
        await countPasswordAttempt(ip, email);
        const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true } });
        // Verify against a dummy hash for unknown emails so response time does not reveal accounts.
        const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
        if (!user?.passwordHash || !ok) return null;
        await clearPasswordFailures(ip, email);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
    EmailProvider({
      // The transport is ours (sendMagicLink); next-auth still wants a server value.
      server: env.SMTP_URL ?? 'smtp://localhost:25',
      from: env.EMAIL_FROM,
      maxAge: 24 * 60 * 60,
      sendVerificationRequest: ({ identifier, url }) => sendMagicLink({ identifier, url }),
    }),
  ];
  if (env.GITHUB_ID && env.GITHUB_SECRET) providers.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    providers.push(GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }));
  }

  return {
    adapter: PrismaAdapter(db() as never),
    secret: getRuntime().authSecret,
    session: { strategy: 'jwt', maxAge: 30 * 24 * 60 * 60 },
    providers,
    pages: { signIn: '/signin', error: '/signin', verifyRequest: '/signin/check-email' },
    callbacks: {
      // next-auth's default accepts any value starting with '/', which a browser may read as another host.
      redirect: ({ url, baseUrl }) => safeRedirectUrl(url, baseUrl),
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.email = user.email;
          token.name = user.name;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}

let cached: { key: string; options: NextAuthOptions } | undefined;
export function authOptions(): NextAuthOptions {
  const { databaseUrl, authSecret } = getRuntime();
  const key = `${databaseUrl}|${authSecret}`;
  if (cached?.key !== key) cached = { key, options: buildOptions() };
  return cached.options;
}
