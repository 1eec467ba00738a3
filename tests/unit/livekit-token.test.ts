/** LiveKit token grants per role, read back out of the signed JWT exactly as a LiveKit server would. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { can, ROLES } from '../../server/interviews/policy';
import { mintToken, TOKEN_TTL_SECONDS } from '../../server/media/livekit';

const config = { url: 'wss://livekit.example.test', apiKey: 'APIkey123', apiSecret: 'a-livekit-secret-that-is-long-enough-1234' };

function decode(jwt: string, secret: string) {
  const [header, payload, signature] = jwt.split('.');
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return { valid: signature === expected, header: JSON.parse(Buffer.from(header!, 'base64url').toString()), claims: JSON.parse(Buffer.from(payload!, 'base64url').toString()) };
}

describe('LiveKit tokens', () => {
  for (const role of ROLES) {
    const publishes = role !== 'observer';
    it(`${role}: joins the interview's room as themselves, ${publishes ? 'may publish' : 'may only subscribe'}, for at most 10 minutes`, async () => {
      const now = Date.now();
      const minted = await mintToken(config, { interviewId: 'iv_123', userId: `user-${role}`, name: `The ${role}`, canPublish: can({ userId: 'u', role }, 'media.publish', { status: 'live' }) }, now);
      expect(minted.url).toBe(config.url);
      const { valid, header, claims } = decode(minted.token, config.apiSecret);
      expect(valid).toBe(true);
      expect(header.alg).toBe('HS256');
      expect(claims).toMatchObject({ iss: config.apiKey, sub: `user-${role}`, name: `The ${role}` });
      expect(claims.video).toEqual({ room: 'iv_123', roomJoin: true, canSubscribe: true, canPublish: publishes, canPublishData: publishes, canUpdateOwnMetadata: false });
      expect(claims.exp - claims.nbf).toBeLessThanOrEqual(TOKEN_TTL_SECONDS);
      expect(TOKEN_TTL_SECONDS).toBeLessThanOrEqual(600);
      expect(Date.parse(minted.expiresAt) - now).toBe(TOKEN_TTL_SECONDS * 1000);
      // A token signed with someone else's secret would not verify.
      expect(decode(minted.token, 'another-secret-that-is-long-enough-000000').valid).toBe(false);
    });
  }
});
