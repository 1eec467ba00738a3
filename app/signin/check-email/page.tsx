import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Check your email' };

export default async function CheckEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { email } = await searchParams;
  return (
    <main className="main auth-wrap">
      <div className="card auth-card">
        <h1>Check your email</h1>
        <p className="auth-sub">
          We sent a sign-in link{typeof email === 'string' ? <> to <strong>{email}</strong></> : null}. It works once and
          expires in 24 hours.
        </p>
        <p className="small muted">Nothing arrived after a few minutes? Check spam, or go back and request a new link.</p>
        <Link href="/signin" className="btn btn-secondary btn-block">
          Back to sign in
        </Link>
      </div>
    </main>
  );
}
