import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { signInErrorMessage } from '@/lib/auth/errors';
import { enabledProviders } from '@/server/auth/options';
import { readSession } from '@/server/auth/session';
import { SignInForm } from './_components/sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await readSession(await headers())) redirect(callbackUrl);
  const error = typeof params.error === 'string' ? signInErrorMessage(params.error) : null;
  return (
    <main className="main auth-wrap">
      <SignInForm
        callbackUrl={callbackUrl}
        initialError={error}
        signedOut={params.signedOut === '1'}
        providers={enabledProviders()}
      />
    </main>
  );
}
