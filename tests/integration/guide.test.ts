/**
 * The interviewer's guide: served only through its policy-checked endpoint,
 * and absent from everything the candidate's room page sends.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import type { AppServer } from '../helpers/app-server';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';
import { HttpSession } from '../helpers/http-session';
import { interviewWithParties, signedInUser, type InterviewParties } from '../helpers/interview-fixture';
import { interviewerOnlyStrings } from '../helpers/scenario-dirs';

const scenario = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios')).get('payment-fraud-detection')!;
let fixture: ServerFixture;
let server: AppServer;
let parties: InterviewParties;

beforeAll(async () => {
  fixture = await serverFixture();
  server = fixture.server;
  parties = await interviewWithParties(server.url);
});
afterAll(async () => {
  await fixture?.close();
});

describe('GET /api/interviews/:id/guide', () => {
  it("gives interviewers the snapshot's guide for the interview's length", async () => {
    const { status, body } = await parties.interviewer.json<any>(`/api/interviews/${parties.id}/guide`);
    expect(status).toBe(200);
    expect(body.phases.map((p: { id: string }) => p.id)).toEqual(scenario.guide.phases[45].map((p) => p.id));
    expect(body.phases.find((p: { id: string }) => p.id === 'data').probes).toEqual(scenario.guide.probes.data);
    expect(body.clarifyingFacts).toEqual(scenario.guide.clarifyingFacts);
  });

  it('refuses candidates, observers and outsiders with 403, strangers with 401, and unknown ids with 404', async () => {
    for (const [who, message] of [
      [parties.candidate, 'Only interviewers can see the interview guide.'],
      [parties.observer, 'Only interviewers can see the interview guide.'],
      [await signedInUser(server.url, 'Otto'), 'You are not a participant in this interview.'],
    ] as const) {
      const { status, body } = await who.json<any>(`/api/interviews/${parties.id}/guide`);
      expect(status).toBe(403);
      expect(body.error.message).toBe(message);
    }
    expect((await new HttpSession(server.url).json<any>(`/api/interviews/${parties.id}/guide`)).status).toBe(401);
    expect((await parties.interviewer.json<any>('/api/interviews/no-such-interview/guide')).status).toBe(404);
  });
});

describe("the candidate's room page on the wire", () => {
  it('carries none of the guide or rubric text, in HTML or in the RSC payload', async () => {
    const secrets = interviewerOnlyStrings(scenario);
    for (const headers of [{}, { rsc: '1' }] as Record<string, string>[]) {
      let response = await parties.candidate.fetch(`/interviews/${parties.id}`, { headers });
      const location = response.headers.get('location');
      if (response.status === 307 && location && /[?&]_rsc(=|&|$)/.test(location)) response = await parties.candidate.fetch(location, { headers });
      expect(response.status).toBe(200);
      const body = (await response.text()).replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      expect(body).toContain(scenario.title);
      expect(secrets.filter((text) => body.includes(text))).toEqual([]);
    }
  });
});

describe('the scenario library is no side door', () => {
  const secretsIn = (html: string) => interviewerOnlyStrings(scenario).filter((s) => html.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').includes(s));

  it("holds back the guide and summary from a candidate until their interview on it ends, while interviewers still read it", async () => {
    const page = async (who: HttpSession, path: string) => {
      const response = await who.fetch(path);
      expect(response.status).toBe(200);
      return response.text();
    };
    const heldBack = await page(parties.candidate, `/scenarios/${scenario.slug}`);
    expect(heldBack).toContain('stay closed to you until it does');
    expect(secretsIn(heldBack)).toEqual([]);
    expect(secretsIn(await page(parties.candidate, '/scenarios'))).toEqual([]);
    // Other scenarios stay open to them, and the interviewer's view is untouched.
    expect(await page(parties.candidate, '/scenarios/ad-click-prediction')).not.toContain('stay closed to you');
    expect(secretsIn(await page(parties.interviewer, `/scenarios/${scenario.slug}`)).length).toBeGreaterThan(10);
    // Search cannot probe the held-back summary either: a word only it holds finds nothing for the candidate.
    const visible = `${scenario.title} ${scenario.prompt} ${scenario.domains.join(' ')}`.toLowerCase();
    const summaryWord = scenario.summary.toLowerCase().split(/\W+/).find((w) => w.length > 4 && !visible.includes(w))!;
    const cardLink = `href="/scenarios/${scenario.slug}"`;
    expect(await page(parties.interviewer, `/scenarios?q=${encodeURIComponent(summaryWord)}`)).toContain(cardLink);
    expect(await page(parties.candidate, `/scenarios?q=${encodeURIComponent(summaryWord)}`)).not.toContain(cardLink);

    expect((await parties.interviewer.api('POST', `/api/interviews/${parties.id}/end`)).status).toBe(200);
    expect(secretsIn(await page(parties.candidate, `/scenarios/${scenario.slug}`)).length).toBeGreaterThan(10);
  });
});
