'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { createAccountAndSignIn, type SignUpFields } from '@/app/_components/create-account';
import { useNavigateAsSignedIn } from '@/app/_components/use-session-navigation';
import { apiFetch, failureMessage } from '@/lib/api/client';
import { acceptInvite } from '@/lib/api/invites';

type Fields = SignUpFields;

async function accept(token: string): Promise<{ roomUrl?: string; error?: string }> {
  try {
    const { roomUrl } = await apiFetch(acceptInvite, { params: { token } });
    return { roomUrl };
  } catch (error) {
    return { error: failureMessage(error, { offline: 'Could not join: no connection. Try again.', refused: (status) => `Could not join (HTTP ${status}).` }) };
  }
}

/** Join in one click when signed in; otherwise create an account and join in one step. */
export function JoinPanel({ token, signedInAs }: { token: string; signedInAs: string | null }) {
  const router = useRouter();
  const navigateAsSignedIn = useNavigateAsSignedIn();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Fields>({});
  const [pending, setPending] = useState(false);

  /** `justSignedIn`: the session changed on this page, so the header must catch up (see useNavigateAsSignedIn). */
  async function join(justSignedIn = false) {
    const result = await accept(token);
    if (result.error) setError(result.error);
    else if (justSignedIn) navigateAsSignedIn(result.roomUrl!);
    else router.push(result.roomUrl!);
  }

  async function signUpAndJoin(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setPending(true);
    const result = await createAccountAndSignIn(new FormData(event.currentTarget));
    if (!result.ok) {
      setFields(result.fields);
      setError(result.error);
      setPending(false);
      return;
    }
    setFields({});
    await join(true);
    setPending(false);
  }

  if (signedInAs) {
    return (
      <>
        {error && (
          <div className="alert alert-error" role="alert" data-testid="join-error">
            {error}
          </div>
        )}
        <button
          type="button"
          className="btn btn-primary btn-block"
          disabled={pending}
          onClick={() => {
            setPending(true);
            void join().finally(() => setPending(false));
          }}
        >
          {pending ? 'Joining…' : `Join as ${signedInAs}`}
        </button>
      </>
    );
  }

  const props = (name: keyof Fields) => ({ id: name, name, 'aria-invalid': fields[name] ? true : undefined });
  return (
    <form onSubmit={signUpAndJoin} noValidate>
      {error && (
        <div className="alert alert-error" role="alert" data-testid="join-error">
          {error}
        </div>
      )}
      <div className="field">
        <label htmlFor="name">Your name</label>
        <input {...props('name')} type="text" autoComplete="name" />
        {fields.name && <span className="field-error">{fields.name}</span>}
      </div>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input {...props('email')} type="email" autoComplete="email" />
        {fields.email && <span className="field-error">{fields.email}</span>}
      </div>
      <div className="field">
        <label htmlFor="password">Choose a password</label>
        <input {...props('password')} type="password" autoComplete="new-password" />
        {fields.password ? <span className="field-error">{fields.password}</span> : <span className="field-hint">At least 10 characters.</span>}
      </div>
      <button type="submit" className="btn btn-primary btn-block" disabled={pending}>
        {pending ? 'Joining…' : 'Create account and join'}
      </button>
      <p className="auth-foot">
        Already have an account? <Link href={`/signin?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}>Sign in to join</Link>
      </p>
    </form>
  );
}
