import { createHash, randomBytes } from 'node:crypto';

/** 128 random bits: interview ids appear in URLs and must not be guessable. */
export function newInterviewId(): string {
  return randomBytes(16).toString('base64url');
}

/** Invite tokens carry 192 bits; only their hash is stored. */
export function newInviteToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, hash: hashInviteToken(token) };
}

export function hashInviteToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
