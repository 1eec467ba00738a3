/**
 * Finding 2: request bodies are capped by the server before anything parses
 * them. Oversized bodies, declared or chunked, get a 413 with our JSON error
 * body at once, the server stops reading, and its memory stays flat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSession } from '../helpers/http-session';
import { interviewWithParties, type InterviewParties } from '../helpers/interview-fixture';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';
import { streamBody } from '../helpers/stream-body';

const MB = 1024 * 1024;
const METRICS_TOKEN = 'body-limits-metrics-token';

let fixture: ServerFixture;
let parties: InterviewParties;

async function serverRss(): Promise<number> {
  const response = await fetch(new URL('/internal/metrics', fixture.server.url), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { memory: { rss: number } }).memory.rss;
}

beforeAll(async () => {
  fixture = await serverFixture({ env: { METRICS_TOKEN } });
  parties = await interviewWithParties(fixture.server.url);
});
afterAll(() => fixture?.close());

describe('request body limits', () => {
  it('refuses concurrent unauthenticated 300 MB sign-in bodies at once, declared or chunked, and memory stays flat', async () => {
    // Next's auth route is loaded first, so its one-time cost is not counted as the attack's.
    expect(await new HttpSession(fixture.server.url).csrfToken()).toBeTruthy();
    const before = await serverRss();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const replies = await Promise.all(
      [false, false, false, true, true, true].map((chunked) =>
        streamBody(fixture.server.url, '/api/auth/callback/credentials', { bytes: 300 * MB, chunked, headers: form, timeoutMs: 20_000 }),
      ),
    );
    const after = await serverRss();
    for (const reply of replies) {
      expect(reply.status).toBe(413);
      expect(JSON.parse(reply.body)).toEqual({ error: { code: 'payload_too_large', message: "The request body is over this route's limit of 16 KB." } });
      expect(reply.elapsedMs).toBeLessThan(5_000);
      // Whatever socket buffers absorbed before the answer, nowhere near the whole body.
      expect(reply.bytesSent).toBeLessThan(32 * MB);
    }
    expect(after - before).toBeLessThan(100 * MB);
  });

  it('refuses a 200 MB body to an authenticated route before its handler runs: no note is stored', async () => {
    const notes = `/api/interviews/${parties.id}/notes`;
    const headers = { cookie: parties.interviewer.cookieHeader(), 'content-type': 'application/json' };
    for (const chunked of [false, true]) {
      const reply = await streamBody(fixture.server.url, notes, { bytes: 200 * MB, chunked, headers, timeoutMs: 20_000 });
      expect(reply.status, chunked ? 'chunked' : 'declared').toBe(413);
      expect(JSON.parse(reply.body).error.message).toBe("The request body is over this route's limit of 256 KB.");
      expect(reply.elapsedMs).toBeLessThan(5_000);
    }
    expect(await fixture.prisma.note.count({ where: { interviewId: parties.id } })).toBe(0);
  });

  it('still takes an ordinary body after the refusals', async () => {
    const reply = await parties.interviewer.api('POST', `/api/interviews/${parties.id}/notes`, { text: 'a normal note' });
    expect(reply.status).toBe(201);
    expect(await fixture.prisma.note.count({ where: { interviewId: parties.id } })).toBe(1);
  });
});
