'use client';

/**
 * Creating an account and signing straight in, shared by the sign-up page and
 * the invite page's one-step join. Returns field errors for the form, or a
 * general error, or nothing on success.
 */
import { signIn } from 'next-auth/react';
import { signUp } from '@/lib/api/accounts';
import { apiFetch, failureMessage } from '@/lib/api/client';
import { ApiError } from '@/lib/api/errors';
import { signInErrorMessage } from '@/lib/auth/errors';
import { signUpSchema } from '@/lib/auth/schemas';

export type SignUpFields = Partial<Record<'name' | 'email' | 'password', string>>;
export type CreateAccountResult = { ok: true } | { ok: false; fields: SignUpFields; error: string | null };

export async function createAccountAndSignIn(form: FormData): Promise<CreateAccountResult> {
  const parsed = signUpSchema.safeParse({ name: form.get('name'), email: form.get('email'), password: form.get('password') });
  if (!parsed.success) {
    const fields: SignUpFields = {};
    for (const issue of parsed.error.issues) fields[issue.path[0] as keyof SignUpFields] ??= issue.message;
    return { ok: false, fields, error: null };
  }
  const offline = 'Could not reach Mockroom. Check your connection and try again.';
  try {
    try {
      await apiFetch(signUp, { body: parsed.data });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 0) throw error;
      return { ok: false, fields: error.fields, error: failureMessage(error, { offline, refused: (status) => `Sign-up failed (HTTP ${status}). Try again.` }) };
    }
    const result = await signIn('credentials', { email: parsed.data.email, password: parsed.data.password, redirect: false });
    if (!result || result.error) {
      return { ok: false, fields: {}, error: `Your account was created, but signing in failed: ${signInErrorMessage(result?.error ?? 'unknown')}` };
    }
    return { ok: true };
  } catch {
    // No answer from us (or from next-auth's sign-in): the account may or may not exist yet, so say what we know.
    return { ok: false, fields: {}, error: offline };
  }
}
