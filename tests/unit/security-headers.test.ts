/** The header set for configurations the security suite's server does not run: https, LiveKit, development. */
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from '../../server/edge/security-headers';

const base = { allowedOrigins: ['https://mockroom.example', 'http://localhost:3000'], appUrl: 'https://mockroom.example', dev: false };

describe('security headers', () => {
  it('send HSTS only when APP_URL is https', () => {
    expect(securityHeaders(base)['strict-transport-security']).toBe('max-age=31536000');
    expect(securityHeaders({ ...base, appUrl: 'http://localhost:3000' })['strict-transport-security']).toBeUndefined();
  });

  it("let the room connect to its own WebSockets and LiveKit's server, and nothing else", () => {
    const csp = contentSecurityPolicy({ ...base, livekitUrl: 'wss://media.example:7880' });
    const connect = csp.split('; ').find((d) => d.startsWith('connect-src '));
    expect(connect).toBe("connect-src 'self' wss://mockroom.example ws://localhost:3000 wss://media.example:7880 https://media.example:7880");
    expect(contentSecurityPolicy(base)).not.toContain('media.example');
  });

  it("allow eval only in development (Next's hot reload), never in production", () => {
    expect(contentSecurityPolicy(base)).not.toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ ...base, dev: true })).toContain("'unsafe-eval'");
  });
});
