/**
 * Finding 4 (open redirect): `callbackUrl` on /signin and /signup, and the
 * callback URL next-auth redirects to after sign-in, must only ever lead to a
 * path on our own origin. Browsers drop tab/CR/LF and read `\` as `/`, so
 * `/\t/evil.example` became `//evil.example` (another host) and `%0A` made
 * the Location header throw (500).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSession } from '../helpers/http-session';
import { signedInUser, TEST_PASSWORD, type SignedInUser } from '../helpers/interview-fixture';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';

let fixture: ServerFixture;
let user: SignedInUser;

beforeAll(async () => {
  fixture = await serverFixture();
  user = await signedInUser(fixture.server.url, 'Rita Redirect');
});
afterAll(async () => {
  await fixture?.close();
});

// Raw query values, exactly as an attacker would put them in a link.
const NASTY = [
  '/%09/evil.example', '/%0A/evil.example', '/%0D/evil.example', '/%0D%0ASet-Cookie:%20x=1', '/%5Cevil.example', '%5C%5Cevil.example',
  '//evil.example', '%2F%2Fevil.example', '/.//evil.example', '/%2E//evil.example', 'https://evil.example', 'https:%2F%2Fevil.example',
  '%09//evil.example', 'javascript:alert(1)', 'javascript%3Aalert(1)', '/%00/evil.example', '/%7F/evil.example', '@evil.example',
];

/** Where a browser would go: the Location resolved the way the URL parser (and so Chromium) reads it. */
function destination(response: Response, base: string): URL {
  const location = response.headers.get('location');
  expect(location, 'a redirect has a Location').toBeTruthy();
  return new URL(location!, base);
}

describe('a signed-in visitor on /signin and /signup is redirected only within our origin', () => {
  for (const page of ['/signin', '/signup']) {
    it.each(NASTY)(`${page}?callbackUrl=%s`, async (value) => {
      const response = await user.fetch(`${page}?callbackUrl=${value}`);
      expect(response.status).toBe(307);
      const target = destination(response, fixture.server.url);
      expect(target.origin).toBe(fixture.server.url);
      expect(target.pathname).toBe('/dashboard');
    });
  }

  it('still honours a genuine same-origin path', async () => {
    const response = await user.fetch(`/signin?callbackUrl=${encodeURIComponent('/scenarios?domain=ranking')}`);
    expect(response.status).toBe(307);
    expect(destination(response, fixture.server.url).toString()).toBe(`${fixture.server.url}/scenarios?domain=ranking`);
  });
});

describe('a signed-out visitor gets the page with the default callback, never a 500', () => {
  // Each page links to the other with the callback it settled on.
  const otherPage = { '/signin': '/signup', '/signup': '/signin' } as const;
  for (const page of ['/signin', '/signup'] as const) {
    it.each(NASTY)(`${page}?callbackUrl=%s`, async (value) => {
      const response = await new HttpSession(fixture.server.url).fetch(`${page}?callbackUrl=${value}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(`href="${otherPage[page]}?callbackUrl=%2Fdashboard"`);
    });
  }
});

describe('next-auth redirects after sign-in stay on our origin', () => {
  it.each(['https://evil.example/', '/\t/evil.example', '//evil.example', '/\\evil.example'])('credentials sign-in with callbackUrl %j', async (callbackUrl) => {
    const session = new HttpSession(fixture.server.url);
    const csrfToken = await session.csrfToken();
    const response = await session.fetch('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, email: user.email, password: TEST_PASSWORD, callbackUrl, json: 'true' }),
    });
    expect(response.status).toBe(200);
    const { url } = (await response.json()) as { url: string };
    const target = new URL(url);
    expect(target.origin).toBe(fixture.server.url);
    expect(target.pathname).toBe('/dashboard');
  });
});
