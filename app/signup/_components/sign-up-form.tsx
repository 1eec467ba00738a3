'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { signInErrorMessage } from '@/lib/auth/errors';
import { signUpSchema } from '@/lib/auth/schemas';

type Fields = Partial<Record<'name' | 'email' | 'password', string>>;

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [fieldErrors, setFieldErrors] = useState<Fields>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = signUpSchema.safeParse({ name: form.get('name'), email: form.get('email'), password: form.get('password') });
    if (!parsed.success) {
      const next: Fields = {};
      for (const issue of parsed.error.issues) next[issue.path[0] as keyof Fields] ??= issue.message;
      setFieldErrors(next);
      return;
    }
    setFieldErrors({});
    setError(null);
    setPending(true);
    try {
      const response = await fetch('/api/signup', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(parsed.data),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string; fields?: Fields } } | null;
        setFieldErrors(body?.error?.fields ?? {});
        setError(body?.error?.message ?? `Sign-up failed (HTTP ${response.status}). Try again.`);
        return;
      }
      const result = await signIn('credentials', { email: parsed.data.email, password: parsed.data.password, redirect: false, callbackUrl });
      if (!result || result.error) {
        setError(`Your account was created, but signing in failed: ${signInErrorMessage(result?.error ?? 'unknown')}`);
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setError('Could not reach Mockroom. Check your connection and try again.');
    } finally {
      setPending(false);
    }
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
