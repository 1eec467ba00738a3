import { describe, expect, it } from 'vitest';
import { safeCallbackPath } from '../../lib/auth/callback-url';
import { rateLimitedCode, signInErrorMessage } from '../../lib/auth/errors';
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
