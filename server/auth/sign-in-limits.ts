/**
 * Who may try to sign in, and how often. Three budgets guard the password:
 *  - per client IP (`SIGNIN_LIMIT_PER_IP`): one address spraying many emails;
 *  - per (email, IP) (`SIGNIN_LIMIT_PER_EMAIL`): one address guessing one
 *    account. Keyed by both, so a stranger's failures never lock the owner
 *    out from the owner's own network;
 *  - per email across all IPs (`SIGNIN_LIMIT_PER_EMAIL_GLOBAL` an hour): a
 *    distributed guesser. Slow on purpose: 50 an hour caps guessing at about
 *    1,200 tries a day per account, against argon2 and a 10+ character
 *    password, while it takes several addresses (each held to 5 per window)
 *    just to reach it. Once reached, passwords are refused for everyone, and
 *    the refusal offers a one-time sign-in link, which this limit never blocks.
 * Magic-link requests have their own budgets, separate from the password's, so
 * they neither lock anyone out of their password nor get blocked by its lockout:
 * per client IP (`MAGIC_LINK_LIMIT_PER_IP`, against one address mailing
 * hundreds of people), per (email, IP), and per email across IPs (inbox flooding).
 */
import { accountLockedCode, linkLimitedCode, rateLimitedCode } from '../../lib/auth/errors';
import { getEnv } from '../env';
import { limiter, type Limit } from './rate-limit';

const GLOBAL_WINDOW_MS = 60 * 60 * 1000;

export class SignInRefused extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

function windows() {
  const env = getEnv();
  const window = env.SIGNIN_LIMIT_WINDOW_SECONDS * 1000;
  return {
    perIp: { max: env.SIGNIN_LIMIT_PER_IP, windowMs: window },
    perEmailAndIp: { max: env.SIGNIN_LIMIT_PER_EMAIL, windowMs: window },
    perEmail: { max: env.SIGNIN_LIMIT_PER_EMAIL_GLOBAL, windowMs: GLOBAL_WINDOW_MS },
    linksPerIp: { max: env.MAGIC_LINK_LIMIT_PER_IP, windowMs: window },
  };
}

/** Counts under each key in turn and stops at the first refusal, so a refused attempt spends no wider budget. */
async function spend(steps: [key: string, limit: Limit, code: (seconds: number) => string][]): Promise<void> {
  for (const [key, limit, code] of steps) {
    const verdict = await limiter().hit(key, limit);
    if (!verdict.allowed) throw new SignInRefused(code(verdict.retryAfterSeconds));
  }
}

const passwordKey = (email: string, ip: string) => `signin:email-ip:${email}|${ip}`;

/** Before checking a password; throws `SignInRefused` with a sign-in error code when over a limit. */
export async function countPasswordAttempt(ip: string, email: string): Promise<void> {
  const limits = windows();
  await spend([
    [`signin:ip:${ip}`, limits.perIp, rateLimitedCode],
    [passwordKey(email, ip), limits.perEmailAndIp, rateLimitedCode],
    [`signin:email:${email}`, limits.perEmail, accountLockedCode],
  ]);
}

/**
 * After a correct password: that address starts afresh for that account. The
 * global count stays; a right guess among many wrong ones still counted.
 */
export async function clearPasswordFailures(ip: string, email: string): Promise<void> {
  await limiter().reset(passwordKey(email, ip));
}

/** Before sending a magic link; throws `SignInRefused` when over a limit. */
export async function countMagicLinkRequest(ip: string, email: string): Promise<void> {
  const limits = windows();
  await spend([
    [`link:ip:${ip}`, limits.linksPerIp, linkLimitedCode],
    [`link:email-ip:${email}|${ip}`, limits.perEmailAndIp, linkLimitedCode],
    [`link:email:${email}`, limits.perEmail, linkLimitedCode],
  ]);
}
