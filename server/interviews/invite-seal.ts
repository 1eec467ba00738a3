/**
 * Invite tokens, sealed so their creator can copy the same link again.
 *
 * Lookup stays by sha256 hash (a database leak alone still gives no working
 * link); the token itself is kept encrypted with AES-256-GCM under a key
 * derived by HKDF from the auth secret, which lives outside the database.
 * The associated data binds each ciphertext to its own row (interview, role,
 * hash), so a ciphertext moved to another row does not open.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { hashInviteToken } from './ids';

/** Changing the label (or the secret) makes every stored link unreadable, never wrong. */
const PURPOSE = 'mockroom invite tokens v1';
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealContext {
  interviewId: string;
  role: string;
  tokenHash: string;
}

const keys = new Map<string, Buffer>();
function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), PURPOSE, 32));
    keys.set(secret, key);
  }
  return key;
}

const aad = (c: SealContext) => Buffer.from(`${c.interviewId}\n${c.role}\n${c.tokenHash}`, 'utf8');

export function sealInviteToken(token: string, context: SealContext, secret: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret), iv);
  cipher.setAAD(aad(context));
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/**
 * The token, or null when it cannot be recovered: no ciphertext (a link made
 * before sealing existed), another secret, or a ciphertext that is not this
 * row's. The caller then offers a reset instead of a copy.
 */
export function openInviteToken(sealed: string | null, context: SealContext, secret: string): string | null {
  if (!sealed?.startsWith(`${VERSION}.`)) return null;
  const raw = Buffer.from(sealed.slice(VERSION.length + 1), 'base64url');
  if (raw.length <= IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(secret), raw.subarray(0, IV_BYTES));
    decipher.setAAD(aad(context));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const token = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    // Belt and braces: a token that does not hash to the row's hash would open someone else's door.
    return hashInviteToken(token) === context.tokenHash ? token : null;
  } catch {
    return null;
  }
}
