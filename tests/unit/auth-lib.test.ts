import { describe, expect, it } from 'vitest';
import { safeCallbackPath, safeRedirectUrl } from '../../lib/auth/callback-url';
import { accountLockedCode, linkLimitedCode, offersSignInLink, rateLimitedCode, signInErrorMessage } from '../../lib/auth/errors';
import { signUpSchema } from '../../lib/auth/schemas';
import { parseCookies } from '../../server/auth/session';

describe('safeCallbackPath', () => {
  it('keeps same-site paths', () => {
    expect(safeCallbackPath('/dashboard?tab=past')).toBe('/dashboard?tab=past');
  });
  it.each(['https://evil.example', '//evil.example', '/\\evil.example', 'dashboard', undefined, ''])('refuses %s', (value) => {
    expect(safeCallbackPath(value)).toBe('/dashboard');
  });
});

describe('signInErrorMessage', () => {
  it('explains a rate limit with the wait', () => {
    expect(signInErrorMessage(rateLimitedCode(30))).toMatch(/Too many sign-in attempts.*30 seconds/);
    expect(signInErrorMessage(rateLimitedCode(600))).toMatch(/10 minutes/);
  });
  it('says a wrong password plainly', () => {
    expect(signInErrorMessage('CredentialsSignin')).toMatch(/email and password do not match/);
  });
  it('is null when there is no error', () => {
    expect(signInErrorMessage(null)).toBeNull();
  });
});

describe('signUpSchema', () => {
  it('normalises the email and requires a long enough password', () => {
    const parsed = signUpSchema.parse({ name: ' Ada ', email: ' Ada@Example.COM ', password: 'correct horse' });
    expect(parsed).toEqual({ name: 'Ada', email: 'ada@example.com', password: 'correct horse' });
    const bad = signUpSchema.safeParse({ name: '', email: 'nope', password: 'short' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path[0]).sort()).toEqual(['email', 'name', 'password']);
  });
});

describe('parseCookies', () => {
  it('parses a cookie header, first value wins, and decodes', () => {
    expect(parseCookies('a=1; b=hello%20there; a=2; junk; =x')).toEqual({ a: '1', b: 'hello there' });
    expect(parseCookies(undefined)).toEqual({});
  });
});

describe('safeCallbackPath against what browsers rewrite', () => {
  // Each of these is read by some browser as another host, a script, or breaks the Location header.
  const nasty = [
    '/\t/evil.example', '/\n/evil.example', '/\r/evil.example', '/\r\nSet-Cookie:x=1', '/\\evil.example', '\\\\evil.example',
    '//evil.example', '///evil.example', '/.//evil.example', '/./\t/evil.example', '/%2e//evil.example',
    'https://evil.example', 'http:evil.example', '\t//evil.example', ' //evil.example', 'javascript:alert(1)',
    '/\u0000/evil.example', '/\u007f/evil.example', '%2F%2Fevil.example', '%09/evil.example', '@evil.example',
  ];
  it.each(nasty)('sends %j to the default same-origin path', (value) => {
    expect(safeCallbackPath(value)).toBe('/dashboard');
  });

  it.each([
    ['/interviews/abc?x=1#top', '/interviews/abc?x=1#top'],
    ['/a/../dashboard', '/dashboard'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/scenarios/x?next=//evil.example', '/scenarios/x?next=//evil.example'],
  ])('keeps the same-origin path %j (normalised)', (value, expected) => {
    const path = safeCallbackPath(value);
    expect(path).toBe(expected);
    expect(new URL(path, 'https://app.example').origin).toBe('https://app.example');
  });
});

describe('safeRedirectUrl (next-auth redirect callback)', () => {
  const base = 'https://app.example';
  it.each(['https://evil.example/x', '//evil.example', '/\t/evil.example', 'javascript:alert(1)', 'not a url', 'https://app.example.evil.example/'])(
    'keeps %j on our origin',
    (url) => {
      expect(safeRedirectUrl(url, base)).toBe('https://app.example/dashboard');
    },
  );
  it('keeps our own absolute URLs and paths', () => {
    expect(safeRedirectUrl('https://app.example/interviews/1?a=b', base)).toBe('https://app.example/interviews/1?a=b');
    expect(safeRedirectUrl('/signin?signedOut=1', base)).toBe('https://app.example/signin?signedOut=1');
  });
});

describe('lockout messages', () => {
  it('an account locked for everyone points to the sign-in link, which still works', () => {
    expect(signInErrorMessage(accountLockedCode(3000))).toMatch(/paused.*50 minutes.*one-time sign-in link now: it still works/);
    expect(offersSignInLink(accountLockedCode(3000))).toBe(true);
    expect(offersSignInLink(rateLimitedCode(60))).toBe(true);
  });
  it('too many links points to the password instead', () => {
    expect(signInErrorMessage(linkLimitedCode(120))).toMatch(/Too many sign-in links.*2 minutes.*password/);
    expect(offersSignInLink(linkLimitedCode(120))).toBe(false);
    expect(offersSignInLink('CredentialsSignin')).toBe(false);
  });
});
