/**
 * A peer session's two rounds and two-way feedback (issue 15), against the
 * real server and Postgres: round 1's candidate swaps roles into round 2
 * (a new interview with the same people, roles swapped, another scenario,
 * no invite), everyone in round 1's room is told, two presses make one
 * round 2, and the refusals are exact. Then the candidate rates the
 * interviewer: an upsert, 422s that name the field, and a rating only the
 * rated interviewer (never a co-interviewer, never an observer) reads.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import { ServerEvent, type RoundSwappedPayload } from '../../lib/realtime/protocol';
import { acceptInvite, createInterview, interviewWithParties, joinThroughInvite, signedInUser, type InterviewParties, type SignedInUser } from '../helpers/interview-fixture';
import { collect, joinRoom, socketPool } from '../helpers/room-socket';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';

const ROUND_1 = 'payment-fraud-detection';
const ROUND_2 = 'ad-click-prediction';
const library = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios'));

let fixture: ServerFixture;
let outsider: SignedInUser;
const sockets = socketPool(() => fixture.server.url);

beforeAll(async () => {
  fixture = await serverFixture();
  outsider = await signedInUser(fixture.server.url, 'Otto Outsider');
});
afterAll(async () => {
  sockets.closeAll();
  await fixture?.close();
});

const userId = async (who: SignedInUser) => (await fixture.prisma.user.findUniqueOrThrow({ where: { email: who.email } })).id;
const end = async (p: InterviewParties) => expect((await p.interviewer.api('POST', `/api/interviews/${p.id}/end`)).status).toBe(200);
const swap = (who: SignedInUser, id: string, body: unknown) => who.api('POST', `/api/interviews/${id}/swap`, body);

describe('swapping roles', () => {
  let round1: InterviewParties;
  let round2Id: string;
  const told: Record<string, RoundSwappedPayload[]> = {};

  beforeAll(async () => {
    round1 = await interviewWithParties(fixture.server.url, ROUND_1);
    expect((await round1.interviewer.api('POST', `/api/interviews/${round1.id}/notes`, { text: 'Round one private note' })).status).toBe(201);
  });

  it('is refused before round 1 has ended (409), and for anyone but its candidate (403)', async () => {
    const early = await swap(round1.candidate, round1.id, { scenarioSlug: ROUND_2 });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('Round 1 has not ended yet. Swap roles once the interviewer ends it.');
    await end(round1);
    for (const who of [round1.interviewer, round1.observer]) {
      const refused = await swap(who, round1.id, { scenarioSlug: ROUND_2 });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe("Only round 1's candidate swaps roles: they become the interviewer of round 2.");
    }
    const stranger = await swap(outsider, round1.id, { scenarioSlug: ROUND_2 });
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.message).toBe('You are not a participant in this interview.');
  });

  it("422 names the field: round 1's own scenario, an unknown one, a level it is not written for, none", async () => {
    const same = await swap(round1.candidate, round1.id, { scenarioSlug: ROUND_1 });
    expect(same.status).toBe(422);
    expect(same.body.error.fields.scenarioSlug).toMatch(/^Round 1 was ".+", and your new candidate has seen its guide\. Pick another scenario\.$/);
    const unknown = await swap(round1.candidate, round1.id, { scenarioSlug: 'no-such-scenario' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.fields.scenarioSlug).toBe('No scenario "no-such-scenario". Pick one from the list.');
    const level = await swap(round1.candidate, round1.id, { scenarioSlug: ROUND_2, level: 'junior' });
    expect(level.status).toBe(422);
    expect(Object.keys(level.body.error.fields)).toEqual(['level']);
    const none = await swap(round1.candidate, round1.id, {});
    expect(none.status).toBe(422);
    expect(Object.keys(none.body.error.fields)).toEqual(['scenarioSlug']);
    expect(await fixture.prisma.interview.count({ where: { previousRoundId: round1.id } })).toBe(0);
  });

  it('two presses at once make one round 2 (201 and 409), and everyone in round 1\'s room is told once', async () => {
    const listeners = { interviewer: round1.interviewer, candidate: round1.candidate, observer: round1.observer };
    for (const [role, who] of Object.entries(listeners)) {
      const socket = await sockets.open(who);
      expect(await joinRoom(socket, round1.id)).toMatchObject({ role });
      told[role] = collect<RoundSwappedPayload>(socket, ServerEvent.RoundSwapped);
    }
    // A socket of someone not in round 1 (refused at the join) hears nothing.
    const stranger = await sockets.open(outsider);
    expect(await joinRoom(stranger, round1.id)).toMatchObject({ error: { code: 'forbidden' } });
    told.outsider = collect<RoundSwappedPayload>(stranger, ServerEvent.RoundSwapped);

    const replies = await Promise.all([
      swap(round1.candidate, round1.id, { scenarioSlug: ROUND_2 }),
      swap(round1.candidate, round1.id, { scenarioSlug: 'credit-scoring' }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
    const won = replies.find((r) => r.status === 201)!;
    const lost = replies.find((r) => r.status === 409)!;
    expect(lost.body.error.message).toBe('Round 2 of this session has already started. Go to round 2.');
    round2Id = won.body.id;
    expect(won.body.roomUrl).toBe(`${fixture.server.url}/interviews/${round2Id}`);
    expect(await fixture.prisma.interview.count({ where: { previousRoundId: round1.id } })).toBe(1);

    const payload = { interviewId: round1.id, nextInterviewId: round2Id };
    await expect.poll(() => [told.interviewer!.length, told.candidate!.length, told.observer!.length]).toEqual([1, 1, 1]);
    for (const role of ['interviewer', 'candidate', 'observer']) expect(told[role]).toEqual([payload]);
    expect(told.outsider).toEqual([]);
    // And a third press, later, is a plain 409.
    expect((await swap(round1.candidate, round1.id, { scenarioSlug: ROUND_2 })).status).toBe(409);
  });

  it('round 2 is a new peer interview with the roles swapped, another scenario, round 1 as its previous round, and no invite', async () => {
    const row = await fixture.prisma.interview.findUniqueOrThrow({ where: { id: round2Id }, include: { participants: true, invites: true, timerEvents: true, notes: true } });
    const first = await fixture.prisma.interview.findUniqueOrThrow({ where: { id: round1.id } });
    expect(row).toMatchObject({ previousRoundId: round1.id, mode: 'peer', status: 'scheduled', level: first.level, durationMinutes: first.durationMinutes, createdById: await userId(round1.candidate) });
    expect([row.scenarioSlug, first.scenarioSlug]).toEqual([expect.any(String), ROUND_1]);
    expect(row.scenarioSlug).not.toBe(ROUND_1);
    const roles = Object.fromEntries(row.participants.map((p) => [p.userId, p.role]));
    expect(roles).toEqual({
      [await userId(round1.candidate)]: 'interviewer',
      [await userId(round1.interviewer)]: 'candidate',
      [await userId(round1.observer)]: 'observer',
    });
    expect([row.invites, row.timerEvents, row.notes]).toEqual([[], [], []]);
  });

  it("round 2's interviewer-only data is its new interviewer's; round 1's notes stay with round 1's interviewer", async () => {
    const r2 = `/api/interviews/${round2Id}`;
    expect((await round1.candidate.api('GET', `${r2}/guide`)).status).toBe(200);
    expect((await round1.interviewer.api('GET', `${r2}/guide`)).status).toBe(403);
    expect((await round1.interviewer.api('GET', `${r2}/rubric`)).status).toBe(403);
    expect((await round1.interviewer.api('GET', `${r2}/notes`)).status).toBe(403);
    expect((await round1.observer.api('GET', `${r2}/guide`)).status).toBe(403);
    // Round 2's notes start empty; round 1's stay closed to round 2's interviewer, and open to round 1's.
    expect((await round1.candidate.api('GET', `${r2}/notes`)).body).toEqual({ notes: [] });
    expect((await round1.candidate.api('GET', `/api/interviews/${round1.id}/notes`)).status).toBe(403);
    const kept = await round1.interviewer.api('GET', `/api/interviews/${round1.id}/notes`);
    expect(kept.body.notes.map((n: { text: string }) => n.text)).toEqual(['Round one private note']);
    // The library holds round 2's guide back from its candidate too, as for any open candidacy.
    const probe = Object.values(library.get(ROUND_2)!.guide.probes).flat()[0]!;
    const page = async (who: SignedInUser) => (await (await who.fetch(`/scenarios/${ROUND_2}`)).text()).replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    expect(await page(round1.interviewer)).not.toContain(probe);
    expect(await page(round1.candidate)).toContain(probe);
    // Round 2 does not swap again into a round 3.
    const again = await swap(round1.interviewer, round2Id, { scenarioSlug: ROUND_1 });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('This is round 2: a peer session has two rounds, and both of you have interviewed.');
  });

  it('both rounds are in each person\'s dashboard, each linking to the other', async () => {
    for (const who of [round1.interviewer, round1.candidate]) {
      const html = await (await who.fetch('/dashboard')).text();
      expect(html).toContain('Round <!-- -->1<!-- --> of 2');
      expect(html).toContain('Round <!-- -->2<!-- --> of 2');
      expect(html).toContain(`href="/interviews/${round2Id}"`);
      expect(html).toContain(`href="/interviews/${round1.id}"`);
    }
  });

  it('round 2 cannot be on a scenario its new interviewer is about to be interviewed on (403)', async () => {
    const first = await interviewWithParties(fixture.server.url, ROUND_1);
    // Round 1's candidate is also the candidate of another open interview, on credit-scoring.
    const other = await createInterview(await signedInUser(fixture.server.url, 'Hana Host'), 'credit-scoring');
    await acceptInvite(first.candidate, other.invites.candidate);
    await end(first);
    const refused = await swap(first.candidate, first.id, { scenarioSlug: 'credit-scoring' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/^You are the candidate in an interview on this scenario that has not ended/);
    expect((await swap(first.candidate, first.id, { scenarioSlug: ROUND_2 })).status).toBe(201);
  });

  it('a coached session has no round 2 (403)', async () => {
    const coach = await signedInUser(fixture.server.url, 'Coco Coach');
    const created = await coach.api('POST', '/api/interviews', { scenarioSlug: ROUND_1, level: 'staff', durationMinutes: 45, mode: 'coach' });
    expect(created.status).toBe(201);
    const client = await joinThroughInvite(fixture.server.url, 'Cliff Client', created.body.invites.candidate);
    expect((await coach.api('POST', `/api/interviews/${created.body.id}/end`)).status).toBe(200);
    const refused = await swap(client, created.body.id, { scenarioSlug: ROUND_2 });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('Only peer practice sessions have a second round with the roles swapped.');
  });
});

describe('rating the interviewer', () => {
  let parties: InterviewParties;
  let coInterviewer: SignedInUser;
  const url = () => `/api/interviews/${parties.id}`;
  const RATING = { clarity: 4, hints: 3, feedback: 5, comment: 'Clear prompt; the hints came a little late.' };

  beforeAll(async () => {
    parties = await interviewWithParties(fixture.server.url);
  });

  it('waits for the end, and only the candidate rates', async () => {
    const early = await parties.candidate.api('PUT', `${url()}/interviewer-rating`, RATING);
    expect(early.status).toBe(403);
    expect(early.body.error.message).toBe('Only the candidate rates the interviewer, once the interview has ended.');
    await end(parties);
    for (const who of [parties.interviewer, parties.observer]) expect((await who.api('PUT', `${url()}/interviewer-rating`, RATING)).status).toBe(403);
  });

  it('422 names the field: out of range, missing, not whole, a comment too long', async () => {
    const cases: [unknown, string][] = [
      [{ ...RATING, clarity: 0 }, 'clarity'],
      [{ ...RATING, hints: 6 }, 'hints'],
      [{ clarity: 4, feedback: 5 }, 'hints'],
      [{ ...RATING, feedback: 2.5 }, 'feedback'],
      [{ ...RATING, comment: 'x'.repeat(2001) }, 'comment'],
    ];
    for (const [body, field] of cases) {
      const reply = await parties.candidate.api('PUT', `${url()}/interviewer-rating`, body);
      expect(reply.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(Object.keys(reply.body.error.fields)).toEqual([field]);
    }
    expect(await fixture.prisma.interviewerRating.count({ where: { interviewId: parties.id } })).toBe(0);
  });

  it('saves, and saving again replaces it (one row)', async () => {
    const first = await parties.candidate.api('PUT', `${url()}/interviewer-rating`, RATING);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ...RATING, interviewerName: 'Ines Interviewer', raterName: 'Cal Candidate', interviewerId: await userId(parties.interviewer) });
    const second = await parties.candidate.api('PUT', `${url()}/interviewer-rating`, { clarity: 5, hints: 4, feedback: 5 });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ clarity: 5, hints: 4, feedback: 5, comment: '' });
    expect(await fixture.prisma.interviewerRating.count({ where: { interviewId: parties.id } })).toBe(1);
    expect((await parties.candidate.api('GET', `${url()}/interviewer-ratings`)).body.ratings).toMatchObject([{ clarity: 5, hints: 4 }]);
  });

  it('the rated interviewer reads it; a co-interviewer does not; observers and outsiders are refused', async () => {
    // A co-interviewer who joins now (their link was made before the end) is the one who was not rated.
    coInterviewer = await signedInUser(fixture.server.url, 'Cora Co-interviewer');
    const coId = await userId(coInterviewer);
    await fixture.prisma.participant.create({ data: { interviewId: parties.id, userId: coId, role: 'interviewer' } });
    expect((await parties.interviewer.api('GET', `${url()}/interviewer-ratings`)).body.ratings).toMatchObject([{ clarity: 5, raterName: 'Cal Candidate' }]);
    expect((await coInterviewer.api('GET', `${url()}/interviewer-ratings`)).body).toEqual({ ratings: [] });
    const observer = await parties.observer.api('GET', `${url()}/interviewer-ratings`);
    expect(observer.status).toBe(403);
    expect(observer.body.error.message).toBe('Ratings of the interviewing are between the candidate and the interviewer they rated.');
    expect((await outsider.api('GET', `${url()}/interviewer-ratings`)).status).toBe(403);
    // Neither the co-interviewer's feedback page nor the observer's shows it.
    const page = async (who: SignedInUser) => (await (await who.fetch(`${url().replace('/api', '')}/feedback`)).text()).replaceAll('<!-- -->', '');
    expect(await page(parties.interviewer)).toContain('How Cal Candidate rated your interviewing');
    for (const who of [coInterviewer, parties.observer]) expect(await page(who)).not.toMatch(/rated your interviewing|rating-received/);
  });

  it('with two interviewers, the candidate names the one they rate; each reads only their own', async () => {
    const unnamed = await parties.candidate.api('PUT', `${url()}/interviewer-rating`, RATING);
    expect(unnamed.status).toBe(422);
    expect(unnamed.body.error.fields.interviewerId).toBe('This session had more than one interviewer: say which one you are rating.');
    const wrong = await parties.candidate.api('PUT', `${url()}/interviewer-rating`, { ...RATING, interviewerId: await userId(parties.observer) });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.fields.interviewerId).toBe('That person did not interview in this session.');
    const coId = await userId(coInterviewer);
    expect((await parties.candidate.api('PUT', `${url()}/interviewer-rating`, { clarity: 2, hints: 2, feedback: 3, comment: 'For Cora', interviewerId: coId })).status).toBe(200);
    expect((await coInterviewer.api('GET', `${url()}/interviewer-ratings`)).body.ratings).toMatchObject([{ comment: 'For Cora', interviewerId: coId }]);
    expect((await parties.interviewer.api('GET', `${url()}/interviewer-ratings`)).body.ratings.map((r: { comment: string }) => r.comment)).toEqual(['']);
    expect((await parties.candidate.api('GET', `${url()}/interviewer-ratings`)).body.ratings).toHaveLength(2);
  });
});
