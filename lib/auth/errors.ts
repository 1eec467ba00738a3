/**
 * Sign-in failure codes. next-auth passes a thrown error's message back to the
 * client as `error`, so the server throws these codes and the form maps them
 * to sentences here.
 */
export const RATE_LIMITED = 'RateLimited';
/** Password sign-in for this account is paused for everyone (too many attempts from many places). */
export const ACCOUNT_LOCKED = 'AccountLocked';
/** Too many sign-in links requested. */
export const LINK_LIMITED = 'LinkLimited';

export function rateLimitedCode(retryAfterSeconds: number): string {
  return `${RATE_LIMITED}:${retryAfterSeconds}`;
}

export function accountLockedCode(retryAfterSeconds: number): string {
  return `${ACCOUNT_LOCKED}:${retryAfterSeconds}`;
}

export function linkLimitedCode(retryAfterSeconds: number): string {
  return `${LINK_LIMITED}:${retryAfterSeconds}`;
}

/** Password refusals after which a one-time sign-in link is the way in (the link has its own budget). */
export function offersSignInLink(code: string | null | undefined): boolean {
  return Boolean(code && (code.startsWith(`${RATE_LIMITED}:`) || code.startsWith(`${ACCOUNT_LOCKED}:`)));
}

function waitFrom(code: string): string {
  const seconds = Number(code.split(':')[1]);
  return Number.isFinite(seconds) && seconds > 0 ? `in ${waitText(seconds)}` : 'later';
}

function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  if (code.startsWith(RATE_LIMITED)) {
    return `Too many sign-in attempts. For your account's safety, try again ${waitFrom(code)}.`;
  }
  if (code.startsWith(ACCOUNT_LOCKED)) {
    return `Password sign-in for this account is paused after too many attempts from several places. Try the password again ${waitFrom(code)}, or email yourself a one-time sign-in link now: it still works.`;
  }
  if (code.startsWith(LINK_LIMITED)) {
    return `Too many sign-in links were requested. Try again ${waitFrom(code)}, or sign in with your password.`;
  }
  switch (code) {
    case 'CredentialsSignin':
      return 'That email and password do not match. Check both and try again.';
    case 'EmailSignin':
      return 'We could not send the sign-in link. Try again in a moment.';
    case 'OAuthAccountNotLinked':
      return 'That email is already registered with another sign-in method. Use the method you signed up with.';
    case 'Verification':
      return 'That sign-in link has expired or was already used. Request a new one.';
    case 'AccessDenied':
      return 'Sign-in was refused.';
    case 'SessionRequired':
      return 'Please sign in to continue.';
    default:
      return 'Sign-in failed. Please try again.';
  }
}
