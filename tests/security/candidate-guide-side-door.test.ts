/**
 * Finding 10 (a candidate can read their own interview's guide): candidate B
 * of a live interview on scenario S created a new interview on S and read its
 * guide and rubric. While someone is the candidate in an interview on S that
 * has not ended, they can neither create an interview on S nor read a guide
 * or rubric of any interview on S; once it ends, both open again, and anyone
 * else is never held back.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import { acceptInvite, createInterview, interviewWithParties, signedInUser, type InterviewParties } from '../helpers/interview-fixture';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';

const SLUG = 'payment-fraud-detection';
const scenario = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios')).get(SLUG)!;
// Interviewer-only strings a leak would carry.
const secrets = [scenario.guide.constraintCards[0]!.text, Object.values(scenario.guide.probes).flat()[0]!];

let fixture: ServerFixture;
let live: InterviewParties;

beforeAll(async () => {
  fixture = await serverFixture();
  live = await interviewWithParties(fixture.server.url, SLUG);
  // Start the clock: the interview is live.
  await fixture.prisma.interview.update({ where: { id: live.id }, data: { status: 'live', startedAt: new Date() } });
});
afterAll(async () => {
  await fixture?.close();
});

const newInterview = { scenarioSlug: SLUG, level: 'staff', durationMinutes: 45, mode: 'peer' };

describe('the candidate of a live interview on S', () => {
  it('cannot create an interview on S (403 with the reason)', async () => {
    const reply = await live.candidate.api('POST', '/api/interviews', newInterview);
    expect(reply.status).toBe(403);
    expect(reply.body.error.message).toMatch(/candidate in an interview on this scenario that has not ended/);
    expect(await fixture.prisma.interview.count({ where: { participants: { some: { role: 'interviewer', user: { email: live.candidate.email } } } } })).toBe(0);
  });

  it('cannot read the guide, rubric or evaluation of another interview on S where they are an interviewer', async () => {
    const host = await signedInUser(fixture.server.url, 'Hana Host');
    const other = await createInterview(host, SLUG);
    await acceptInvite(live.candidate, other.invites.interviewer);
    for (const route of ['guide', 'rubric', 'evaluation']) {
      const response = await live.candidate.fetch(`/api/interviews/${other.id}/${route}`);
      const text = await response.text();
      expect(response.status, route).toBe(403);
      expect(JSON.parse(text).error.message).toMatch(/guide and rubric stay closed to you until that interview ends/);
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
    const reveal = await live.candidate.api('POST', `/api/interviews/${other.id}/cards/${scenario.guide.constraintCards[0]!.id}/reveal`);
    expect(reveal.status).toBe(403);
    // The host, who is nobody's candidate, reads it all.
    expect((await host.fetch(`/api/interviews/${other.id}/guide`)).status).toBe(200);
  });

  it('may again once that interview has ended', async () => {
    expect((await live.interviewer.api('POST', `/api/interviews/${live.id}/end`)).status).toBe(200);
    const created = await live.candidate.api('POST', '/api/interviews', newInterview);
    expect(created.status).toBe(201);
    const guide = await live.candidate.fetch(`/api/interviews/${created.body.id}/guide`);
    expect(guide.status).toBe(200);
    expect(await guide.text()).toContain(secrets[1]);
  });
});

describe('the library stays open for everyone else', () => {
  it('a signed-in user with no open candidacy creates and reads interviews on S', async () => {
    const someone = await signedInUser(fixture.server.url, 'Sam Someone');
    const created = await someone.api('POST', '/api/interviews', newInterview);
    expect(created.status).toBe(201);
    expect((await someone.fetch(`/api/interviews/${created.body.id}/rubric`)).status).toBe(200);
  });
});
