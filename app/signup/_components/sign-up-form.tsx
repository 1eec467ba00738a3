'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { createAccountAndSignIn, type SignUpFields } from '@/app/_components/create-account';
import { useNavigateAsSignedIn } from '@/app/_components/use-session-navigation';

type Fields = SignUpFields;

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const navigateAsSignedIn = useNavigateAsSignedIn();
  const [fieldErrors, setFieldErrors] = useState<Fields>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setPending(true);
    const result = await createAccountAndSignIn(new FormData(event.currentTarget));
    setPending(false);
    if (!result.ok) {
      setFieldErrors(result.fields);
      setError(result.error);
      return;
    }
    setFieldErrors({});
    navigateAsSignedIn(callbackUrl);
  }

  const fieldProps = (name: keyof Fields) => ({
    id: name,
    name,
    'aria-invalid': fieldErrors[name] ? true : undefined,
    'aria-describedby': fieldErrors[name] ? `${name}-error` : undefined,
  });

  return (
    <div className="card auth-card">
      <h1>Create your account</h1>
      <p className="auth-sub">Interview, get interviewed, or coach. One account does all three.</p>
      {error && (
        <div className="alert alert-error" role="alert" data-testid="signup-error">
          {error}
        </div>
      )}
      <form onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor="name">Name</label>
          <input {...fieldProps('name')} type="text" autoComplete="name" required />
          {fieldErrors.name && <span className="field-error" id="name-error">{fieldErrors.name}</span>}
        </div>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input {...fieldProps('email')} type="email" autoComplete="email" required />
          {fieldErrors.email && <span className="field-error" id="email-error">{fieldErrors.email}</span>}
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input {...fieldProps('password')} type="password" autoComplete="new-password" required minLength={10} />
          {fieldErrors.password ? (
            <span className="field-error" id="password-error">{fieldErrors.password}</span>
          ) : (
            <span className="field-hint">At least 10 characters.</span>
          )}
        </div>
        <button type="submit" className="btn btn-primary btn-block" disabled={pending}>
          {pending ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <p className="auth-foot">
        Already have an account? <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</Link>
      </p>
    </div>
  );
}
