/** Sealed invite tokens: they open with the same secret on the same row, and with nothing else. */
import { describe, expect, it } from 'vitest';
import { hashInviteToken, newInviteToken } from '../../server/interviews/ids';
import { openInviteToken, sealInviteToken } from '../../server/interviews/invite-seal';

const SECRET = 'a-test-auth-secret-that-is-long-enough-000';

function sealed() {
  const { token, hash } = newInviteToken();
  const context = { interviewId: 'iv-1', role: 'candidate', tokenHash: hash };
  return { token, context, box: sealInviteToken(token, context, SECRET) };
}

describe('invite token sealing', () => {
  it('round-trips, and each seal of the same token differs (fresh IV)', () => {
    const { token, context, box } = sealed();
    expect(openInviteToken(box, context, SECRET)).toBe(token);
    expect(sealInviteToken(token, context, SECRET)).not.toBe(box);
    expect(box).not.toContain(token);
  });

  it('does not open under another secret, on another row, or when tampered with', () => {
    const { context, box } = sealed();
    expect(openInviteToken(box, context, `${SECRET}-rotated`)).toBeNull();
    expect(openInviteToken(box, { ...context, role: 'observer' }, SECRET)).toBeNull();
    expect(openInviteToken(box, { ...context, interviewId: 'iv-2' }, SECRET)).toBeNull();
    expect(openInviteToken(box, { ...context, tokenHash: hashInviteToken('other') }, SECRET)).toBeNull();
    const raw = Buffer.from(box.slice(3), 'base64url');
    for (const at of [0, 12, raw.length - 1]) {
      const bent = Buffer.from(raw);
      bent[at]! ^= 0x40;
      expect(openInviteToken(`v1.${bent.toString('base64url')}`, context, SECRET)).toBeNull();
    }
  });

  it('answers null, never throws, for rows without a usable ciphertext', () => {
    const { context, box } = sealed();
    for (const bad of [null, '', 'v1.', 'v1.AAAA', `v2.${box.slice(3)}`, box.slice(3), 'v1.!!!not base64!!!']) {
      expect(openInviteToken(bad, context, SECRET)).toBeNull();
    }
  });
});
