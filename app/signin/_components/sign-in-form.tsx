'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useRef, useState, type FormEvent } from 'react';
import { useNavigateAsSignedIn } from '@/app/_components/use-session-navigation';
import { offersSignInLink, signInErrorMessage } from '@/lib/auth/errors';
import { emailSchema } from '@/lib/auth/schemas';

interface Props {
  callbackUrl: string;
  initialError: string | null;
  signedOut: boolean;
  providers: { github: boolean; google: boolean };
}

export function SignInForm({ callbackUrl, initialError, signedOut, providers }: Props) {
  const router = useRouter();
  const navigateAsSignedIn = useNavigateAsSignedIn();
  const [error, setError] = useState<string | null>(initialError);
  // After a password lockout the way in is a sign-in link, offered right in the message.
  const [offerLink, setOfferLink] = useState(false);
  const [pending, setPending] = useState<'password' | 'link' | null>(null);
  const emailInput = useRef<HTMLInputElement>(null);

  async function onPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending('password');
    setError(null);
    try {
      const result = await signIn('credentials', {
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
        redirect: false,
        callbackUrl,
      });
      if (!result || result.error) {
        setError(signInErrorMessage(result?.error ?? 'unknown'));
        setOfferLink(offersSignInLink(result?.error));
        return;
      }
      navigateAsSignedIn(callbackUrl);
    } catch {
      setError('Could not reach Mockroom. Check your connection and try again.');
    } finally {
      setPending(null);
    }
  }

  async function onMagicLink() {
    // The one email field serves both ways in; the password is simply not needed here.
    const email = emailSchema.safeParse(emailInput.current?.value ?? '');
    if (!email.success) {
      emailInput.current?.focus();
      setError(email.error.issues[0]?.message ?? 'Enter a valid email address.');
      return;
    }
    setPending('link');
    setError(null);
    setOfferLink(false);
    try {
      const result = await signIn('email', { email: email.data, redirect: false, callbackUrl });
      if (!result || result.error) {
        setError(signInErrorMessage(result?.error ?? 'EmailSignin'));
        return;
      }
      router.push(`/signin/check-email?email=${encodeURIComponent(email.data)}`);
    } finally {
      setPending(null);
    }
  }

  return (
    <div className="card auth-card">
      <h1>Sign in</h1>
      <p className="auth-sub">Welcome back. Your interviews are waiting.</p>
      {signedOut && !error && <div className="alert alert-info">You have signed out.</div>}
      {error && (
        <div className="alert alert-error" role="alert" data-testid="signin-error">
          {error}
        </div>
      )}
      {error && offerLink && (
        <div className="alert alert-info" data-testid="signin-offer-link">
          <p>Your password is paused, but a one-time sign-in link still gets you in.</p>
          <button type="button" className="btn btn-secondary btn-block" disabled={pending !== null} onClick={() => void onMagicLink()}>
            Email me a sign-in link
          </button>
        </div>
      )}
      <form onSubmit={onPassword} noValidate>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="email" required ref={emailInput} />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <button type="submit" className="btn btn-primary btn-block" disabled={pending !== null}>
          {pending === 'password' ? 'Signing in…' : 'Sign in'}
        </button>
      </form>

      <div className="divider">or skip the password</div>
      <button type="button" className="btn btn-secondary btn-block" disabled={pending !== null} onClick={() => void onMagicLink()}>
        {pending === 'link' ? 'Sending…' : 'Email me a one-time sign-in link'}
      </button>

      {(providers.github || providers.google) && (
        <>
          <div className="divider">or continue with</div>
          <div className="stack">
            {providers.github && (
              <button type="button" className="btn btn-secondary btn-block" onClick={() => void signIn('github', { callbackUrl })}>
                GitHub
              </button>
            )}
            {providers.google && (
              <button type="button" className="btn btn-secondary btn-block" onClick={() => void signIn('google', { callbackUrl })}>
                Google
              </button>
            )}
          </div>
        </>
      )}
      <p className="auth-foot">
        New to Mockroom? <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Create an account</Link>
      </p>
    </div>
  );
}
