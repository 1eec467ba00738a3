import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { safeCallbackPath } from '@/lib/auth/callback-url';
import { readSession } from '@/server/auth/session';
import { SignUpForm } from './_components/sign-up-form';

export const metadata: Metadata = { title: 'Create your account' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl);
  if (await readSession(await headers())) redirect(callbackUrl);
  return (
    <main className="main auth-wrap">
      <SignUpForm callbackUrl={callbackUrl} />
    </main>
  );
}
