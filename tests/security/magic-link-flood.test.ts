/**
 * Finding 5 (magic-link flooding): one client IP asked for sign-in links for
 * 150 different addresses in under two seconds and every one was sent. Now
 * one IP gets MAGIC_LINK_LIMIT_PER_IP links per window (default 10), and the
 * rest are refused with 429 and a message; other addresses are unaffected.
 * With SMTP_URL unset the server logs each link instead of mailing it, so the
 * log is the count of emails actually sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInErrorMessage } from '../../lib/auth/errors';
import { requestMagicLink, sessionFrom } from '../helpers/forwarded';
import { uniqueEmail } from '../helpers/http-session';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';

const DEFAULT_LINKS_PER_IP = 10;
let fixture: ServerFixture;

beforeAll(async () => {
  fixture = await serverFixture({ env: { TRUST_PROXY: 'true' } });
});
afterAll(async () => {
  await fixture?.close();
});

function linksSentTo(emails: readonly string[]): number {
  const output = fixture.server.output();
  return emails.filter((email) => output.includes(`Magic sign-in link for ${email} `)).length;
}

describe('one IP asking for links for 150 different addresses', () => {
  it(`gets only the first ${DEFAULT_LINKS_PER_IP} sent; the rest are refused with 429 and a clear message`, async () => {
    const flooder = sessionFrom(fixture.server.url, '198.51.100.7');
    // One CSRF cookie first: five first requests at once would each set their own, and all but one
    // would then fail next-auth's CSRF check (a 200 that sends nothing), still counted by the gate.
    await flooder.csrfToken();
    const emails = Array.from({ length: 150 }, (_, i) => uniqueEmail(`flood${i}`));
    const results: { status: number; error: string | null }[] = [];
    // Five in flight at a time: as fast as the 2-core test machine serves them.
    for (let i = 0; i < emails.length; i += 5) results.push(...(await Promise.all(emails.slice(i, i + 5).map((e) => requestMagicLink(flooder, e)))));
    // The answers first: exactly the limit accepted, the rest refused (any other status is named here).
    const answers: Record<string, number> = {};
    for (const r of results) {
      const key = r.error ? `${r.status} ${r.error.split(':')[0]}` : String(r.status);
      answers[key] = (answers[key] ?? 0) + 1;
    }
    expect(answers).toEqual({ '200': DEFAULT_LINKS_PER_IP, '429 LinkLimited': 150 - DEFAULT_LINKS_PER_IP });
    // The server's log reaches us through a pipe, so on a busy machine the last lines can trail the
    // responses: wait until the allowed links have all shown up, then a moment longer, so that a
    // link sent beyond the limit would show up too.
    await expect.poll(() => linksSentTo(emails), { timeout: 10_000 }).toBeGreaterThanOrEqual(DEFAULT_LINKS_PER_IP);
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(linksSentTo(emails)).toBe(DEFAULT_LINKS_PER_IP);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(150 - DEFAULT_LINKS_PER_IP);
    for (const r of refused) expect(r.error).toMatch(/^LinkLimited:\d+$/);
    expect(signInErrorMessage(refused[0]!.error)).toMatch(/Too many sign-in links were requested/);

    // Another address still gets its link.
    const neighbour = uniqueEmail('neighbour');
    expect(await requestMagicLink(sessionFrom(fixture.server.url, '198.51.100.8'), neighbour)).toEqual({ status: 200, error: null });
    await fixture.server.waitForOutput(new RegExp(`Magic sign-in link for ${neighbour.replace(/[.+]/g, '\\$&')} `));
  });
});
