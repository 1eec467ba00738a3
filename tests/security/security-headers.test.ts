/**
 * Finding 7: every response carries the security headers (pages, API routes,
 * static files, and the server's own refusals), so a same-site page cannot
 * frame the signed-in room and the room's CSP is the one it works under
 * (checked in the browser by tests/e2e/room.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';

let fixture: ServerFixture;

beforeAll(async () => {
  fixture = await serverFixture();
});
afterAll(() => fixture?.close());

function expectSecurityHeaders(response: Response, what: string) {
  const h = response.headers;
  const port = new URL(fixture.server.url).port;
  const csp = h.get('content-security-policy') ?? '';
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, what).toContain("object-src 'none'");
  expect(csp, what).toContain("base-uri 'self'");
  expect(csp, what).toContain("form-action 'self'");
  expect(csp, what).toMatch(new RegExp(`connect-src 'self'[^;]* ws://localhost:${port}`));
  expect(h.get('x-frame-options'), what).toBe('DENY');
  expect(h.get('referrer-policy'), what).toBe('strict-origin-when-cross-origin');
  expect(h.get('x-content-type-options'), what).toBe('nosniff');
  expect(h.get('permissions-policy'), what).toMatch(/camera=\(self\), microphone=\(self\), display-capture=\(self\)/);
  // APP_URL is http here: HSTS would pin localhost to https.
  expect(h.get('strict-transport-security'), what).toBeNull();
}

describe('security headers', () => {
  it('are on a page, an API route, a static asset, a self-hosted font and a refusal', async () => {
    const page = await fetch(new URL('/signin', fixture.server.url));
    expect(page.status).toBe(200);
    expectSecurityHeaders(page, 'page');
    const html = await page.text();
    const script = html.match(/\/_next\/static\/[^"']+\.js/)?.[0];
    expect(script).toBeTruthy();

    const api = await fetch(new URL('/api/health', fixture.server.url));
    expect(api.status).toBe(200);
    expectSecurityHeaders(api, 'api');

    const asset = await fetch(new URL(script!, fixture.server.url));
    expect(asset.status).toBe(200);
    expectSecurityHeaders(asset, 'static asset');

    const font = await fetch(new URL('/excalidraw-assets/fonts/ComicShanns/ComicShanns-Regular-279a7b317d12eb88de06167bd672b4b4.woff2', fixture.server.url));
    expect(font.status).toBe(200);
    expectSecurityHeaders(font, 'public file');

    const refusal = await fetch(new URL('/api/interviews/%E0%A4%A/cards', fixture.server.url));
    expect(refusal.status).toBe(400);
    expectSecurityHeaders(refusal, 'refusal');
  });
});
