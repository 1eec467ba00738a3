/**
 * The interview route wrapper's order on the real server: session (401),
 * interview (404), policy (403), body (422), then the action, with every
 * answer marked private. A caller learns nothing about a later step until it
 * passes the earlier ones: a stranger's bad body is a 401, an outsider's a 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSession } from '../helpers/http-session';
import { interviewWithParties, signedInUser, type InterviewParties, type SignedInUser } from '../helpers/interview-fixture';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';

let fixture: ServerFixture;
let parties: InterviewParties;
let outsider: SignedInUser;
let anonymous: HttpSession;

beforeAll(async () => {
  fixture = await serverFixture();
  parties = await interviewWithParties(fixture.server.url);
  outsider = await signedInUser(fixture.server.url, 'Otto Outsider');
  anonymous = new HttpSession(fixture.server.url);
});
afterAll(async () => {
  await fixture?.close();
});

const badBody = { scores: 'not a map' };

async function call(who: HttpSession, method: string, path: string, body?: unknown) {
  const response = await who.fetch(path, {
    method,
    ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, cacheControl: response.headers.get('cache-control'), body: text ? JSON.parse(text) : null };
}

describe('interview routes check in order: session, interview, policy, body', () => {
  it('asks a stranger to sign in before looking at the interview or the body', async () => {
    for (const path of [`/api/interviews/${parties.id}/evaluation`, '/api/interviews/no-such-interview/evaluation']) {
      const reply = await call(anonymous, 'PATCH', path, badBody);
      expect(reply.status).toBe(401);
      expect(reply.body.error.code).toBe('unauthorized');
    }
  });

  it('answers 404 for an unknown interview before the policy or the body', async () => {
    const reply = await call(outsider, 'PATCH', '/api/interviews/no-such-interview/evaluation', badBody);
    expect(reply.status).toBe(404);
    expect(reply.body.error.message).toBe('No interview with that id.');
  });

  it("refuses a non-member or a member without the role with the policy's reason, not a complaint about the body", async () => {
    const stranger = await call(outsider, 'PATCH', `/api/interviews/${parties.id}/evaluation`, badBody);
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.message).toBe('You are not a participant in this interview.');
    const candidate = await call(parties.candidate, 'PATCH', `/api/interviews/${parties.id}/evaluation`, '{not json');
    expect(candidate.status).toBe(403);
    expect(candidate.body.error.message).toBe('Only interviewers can score the interview.');
  });

  it('parses the body only for an authorized caller: 422 naming the field, or saying it is not JSON', async () => {
    const field = await call(parties.interviewer, 'PATCH', `/api/interviews/${parties.id}/evaluation`, badBody);
    expect(field.status).toBe(422);
    expect(field.body.error.code).toBe('invalid_input');
    expect(Object.keys(field.body.error.fields)).toEqual(['scores']);
    const notJson = await call(parties.interviewer, 'PATCH', `/api/interviews/${parties.id}/evaluation`, '{not json');
    expect(notJson.status).toBe(422);
    expect(notJson.body.error.fields).toEqual({ '(body)': 'Request body must be valid JSON.' });
  });

  it('marks every answer private, whatever its status', async () => {
    const replies = [
      await call(anonymous, 'GET', `/api/interviews/${parties.id}/cards`),
      await call(outsider, 'GET', `/api/interviews/${parties.id}/cards`),
      await call(outsider, 'GET', '/api/interviews/no-such-interview/cards'),
      await call(parties.interviewer, 'PUT', `/api/interviews/${parties.id}/evaluation/marks`, { kind: 'bogus' }),
      await call(parties.candidate, 'GET', `/api/interviews/${parties.id}/cards`),
      await call(parties.interviewer, 'POST', `/api/interviews/${parties.id}/end`),
    ];
    expect(replies.map((r) => r.status)).toEqual([401, 403, 404, 422, 200, 200]);
    for (const reply of replies) expect(reply.cacheControl).toBe('private, no-store');
    expect(replies[5]!.body).toEqual({ status: 'ended', endedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  it('ends an interview only once: the end goes through the policy like every other action', async () => {
    const again = await call(parties.interviewer, 'POST', `/api/interviews/${parties.id}/end`);
    expect(again.status).toBe(403);
    expect(again.body.error.message).toBe('Only interviewers can end the interview.');
  });
});
