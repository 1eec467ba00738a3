/**
 * Sign-in failure codes. next-auth passes a thrown error's message back to the
 * client as `error`, so the server throws these codes and the form maps them
 * to sentences here.
 */
export const RATE_LIMITED = 'RateLimited';

export function rateLimitedCode(retryAfterSeconds: number): string {
  return `${RATE_LIMITED}:${retryAfterSeconds}`;
}

function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  if (code.startsWith(RATE_LIMITED)) {
    const seconds = Number(code.split(':')[1]);
    const wait = Number.isFinite(seconds) && seconds > 0 ? `in ${waitText(seconds)}` : 'later';
    return `Too many sign-in attempts. For your account's safety, try again ${wait}.`;
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
