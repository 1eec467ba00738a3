/**
 * Finding 6 (lockout of a victim): five wrong passwords, or five magic-link
 * requests, by anyone for a victim's email used to lock the victim's correct
 * password out for 15 minutes. Now the password budget is per (email, IP),
 * with a slower budget per email across all IPs (SIGNIN_LIMIT_PER_EMAIL_GLOBAL,
 * 50 an hour) whose refusal offers a sign-in link, and magic links have their
 * own budgets, which the password lockout never touches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offersSignInLink, signInErrorMessage } from '../../lib/auth/errors';
import { requestMagicLink, sessionFrom } from '../helpers/forwarded';
import { HttpSession, uniqueEmail } from '../helpers/http-session';
import { TEST_PASSWORD } from '../helpers/interview-fixture';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';

let fixture: ServerFixture;

beforeAll(async () => {
  // Default limits (5 per email and IP, 50 per email an hour); only the per-IP budget is raised for the fixture's sign-ups.
  fixture = await serverFixture({ env: { TRUST_PROXY: 'true' } });
});
afterAll(async () => {
  await fixture?.close();
});

async function victim(): Promise<string> {
  const email = uniqueEmail('victim');
  expect((await new HttpSession(fixture.server.url).signUp({ name: 'Vic Tim', email, password: TEST_PASSWORD })).status).toBe(201);
  return email;
}

const at = (ip: string) => sessionFrom(fixture.server.url, ip);

describe('a stranger cannot lock an owner out', () => {
  it('five wrong passwords from an attacker IP leave the victim, on their own IP, able to sign in', async () => {
    const email = await victim();
    for (let i = 0; i < 5; i++) expect(await at('203.0.113.1').signIn(email, 'a wrong password')).toBe('CredentialsSignin');
    expect(await at('203.0.113.1').signIn(email, 'another wrong one')).toMatch(/^RateLimited:\d+$/);
    expect(await at('203.0.113.200').signIn(email, TEST_PASSWORD)).toBeNull();
  });

  it('five magic-link requests by a stranger do not lock the victim’s password', async () => {
    const email = await victim();
    for (let i = 0; i < 5; i++) expect((await requestMagicLink(at('203.0.113.2'), email)).status).toBe(200);
    expect(await at('203.0.113.201').signIn(email, TEST_PASSWORD)).toBeNull();
  });
});

describe('brute force is still refused', () => {
  it('one IP over the per-(email, IP) limit is refused, even with the right password', async () => {
    const email = await victim();
    for (let i = 0; i < 5; i++) expect(await at('203.0.113.3').signIn(email, 'a wrong password')).toBe('CredentialsSignin');
    const refused = await at('203.0.113.3').signIn(email, TEST_PASSWORD);
    expect(refused).toMatch(/^RateLimited:\d+$/);
    expect(offersSignInLink(refused)).toBe(true);
  });

  it('many IPs over the global per-email limit are refused, with a message offering a sign-in link, which still works', async () => {
    const email = await victim();
    // Ten addresses, five wrong guesses each: the hour's 50 for this account.
    for (let ip = 0; ip < 10; ip++) {
      const attacker = at(`198.18.0.${ip + 1}`);
      for (let i = 0; i < 5; i++) expect(await attacker.signIn(email, `wrong guess ${i}`)).toBe('CredentialsSignin');
    }
    const fresh = await at('198.18.1.1').signIn(email, 'yet another guess');
    expect(fresh).toMatch(/^AccountLocked:\d+$/);
    expect(Number(fresh!.split(':')[1])).toBeGreaterThan(3000); // the hour's window
    // The owner's right password is refused too, and told the way in.
    const owner = at('198.18.2.2');
    const refused = await owner.signIn(email, TEST_PASSWORD);
    expect(refused).toMatch(/^AccountLocked:\d+$/);
    expect(signInErrorMessage(refused)).toMatch(/email yourself a one-time sign-in link now: it still works/);
    const page = await (await owner.fetch(`/signin?error=${encodeURIComponent(refused!)}`)).text();
    expect(page).toContain('one-time sign-in link now');

    // The sign-in link is not blocked by the password lockout, and it signs the owner in.
    expect(await requestMagicLink(owner, email)).toEqual({ status: 200, error: null });
    const [, link] = await fixture.server.waitForOutput(new RegExp(`Magic sign-in link for ${email.replace(/[.+]/g, '\\$&')}[^\\n]*\\n\\s+(\\S+)`));
    const callback = await owner.fetch(new URL(link!).pathname + new URL(link!).search);
    expect(callback.status).toBe(302);
    const { body } = await owner.json<{ user?: { email: string } }>('/api/auth/session');
    expect(body.user?.email).toBe(email);
  });
});
