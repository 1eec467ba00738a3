/**
 * Review share links (issue 14) on the wire: made by someone who can see the
 * review, showing exactly their scope (never more, even to a reader who could
 * see more), opened by anyone signed in, listed and revoked by their creator
 * only, dead once revoked or expired, and dead when their creator loses the
 * review.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Review, ShareView } from '../../lib/api/review';
import { decodeSegment } from '../../lib/review/segment-codec';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import { HttpSession } from '../helpers/http-session';
import { interviewWithParties, joinThroughInvite, signedInUser, type InterviewParties, type SignedInUser } from '../helpers/interview-fixture';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';
import { boardClient, type BoardClient } from '../helpers/yjs-client';

const scenario = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios')).get('payment-fraud-detection')!;
const card = scenario.guide.constraintCards[0]!;
const NOTE = 'Hesitated on the label delay; needed a nudge.';
const FULL = { replay: true, phases: true, scores: true, interviewerOnly: true };
const CANDIDATE_SCOPE = { replay: false, phases: true, scores: false, interviewerOnly: false };
const DAY_MS = 24 * 60 * 60 * 1000;
const NOT_RELEASED = 'The board replay and the recordings were not released to you.';

let fixture: ServerFixture;
/** Ended, one element drawn, a card played and a note written, feedback released without scores or the recording. */
let main: InterviewParties;
/** Ended, nothing released. */
let other: InterviewParties;
/** Never ended. */
let live: InterviewParties;
let coInterviewer: SignedInUser;
let outsider: SignedInUser;
let anonymous: HttpSession;
let board: BoardClient | undefined;

const sharesUrl = (id: string, suffix = '') => `/api/interviews/${id}/review/shares${suffix}`;
const viaShare = (id: string, token: string, suffix = '') => `/api/interviews/${id}/review${suffix}?share=${encodeURIComponent(token)}`;
const tokenOf = (share: ShareView) => new URL(share.url).searchParams.get('share')!;

async function ok<T = any>(reply: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const { status: got, body } = await reply;
  expect(got, JSON.stringify(body)).toBe(status);
  return body;
}

async function share(who: HttpSession, id: string, body: unknown = {}): Promise<ShareView> {
  return ok<ShareView>(who.api('POST', sharesUrl(id), body), 201);
}

beforeAll(async () => {
  fixture = await serverFixture();
  const url = fixture.server.url;
  [main, other, live] = await Promise.all([interviewWithParties(url), interviewWithParties(url), interviewWithParties(url)]);
  coInterviewer = await joinThroughInvite(url, 'Cora Co-interviewer', main.invites.interviewer);
  outsider = await signedInUser(url, 'Otto Outsider');
  anonymous = new HttpSession(url);

  const api = main.interviewer.api.bind(main.interviewer);
  const at = (suffix: string) => `/api/interviews/${main.id}${suffix}`;
  board = boardClient(url, main.id, main.interviewer.cookieHeader());
  await board.synced();
  board.elements.set('box', { id: 'box', type: 'rectangle', version: 1, versionNonce: 1, isDeleted: false, index: 'a0' });
  const started = Date.now();
  while ((await fixture.prisma.boardUpdate.count({ where: { interviewId: main.id } })) === 0) {
    if (Date.now() - started > 5_000) throw new Error('the board update never reached the store');
    await new Promise((r) => setTimeout(r, 25));
  }
  await ok(api('POST', at(`/cards/${card.id}/reveal`)), 201);
  await ok(api('POST', at('/notes'), { text: NOTE }), 201);
  await ok(api('PUT', at('/evaluation/marks'), { kind: 'red_flag', index: 0, checked: true }));
  await ok(api('PATCH', at('/evaluation'), { candidateFeedback: 'Good structure; quantify the trade-offs.' }));
  await ok(api('POST', at('/end')));
  await ok(api('POST', at('/feedback/release'), { include: { scores: false, summaries: false, recommendation: false, levelEstimate: false } }), 201);
  await ok(other.interviewer.api('POST', `/api/interviews/${other.id}/end`));
});
afterAll(async () => {
  board?.destroy();
  await fixture?.close();
});

describe('creating a share link', () => {
  it("gives a link with the creator's own scope, lasting 7 days by default", async () => {
    const before = Date.now();
    const created = await share(main.interviewer, main.id);
    expect(created.url).toMatch(new RegExp(`/interviews/${main.id}/review\\?share=[A-Za-z0-9_-]{32}$`));
    expect(created).toMatchObject({ scope: FULL, revokedAt: null, opens: [] });
    const expires = Date.parse(created.expiresAt) - Date.parse(created.createdAt);
    expect(Math.abs(expires - 7 * DAY_MS)).toBeLessThan(5_000);
    expect(Date.parse(created.createdAt)).toBeGreaterThanOrEqual(before - 1_000);
    // Only the token's hash is stored.
    const row = await fixture.prisma.reviewShare.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row)).not.toContain(tokenOf(created));
  });

  it('takes 1 to 30 days, and names the field when the expiry is anything else (422)', async () => {
    for (const days of [1, 30]) {
      const created = await share(main.interviewer, main.id, { expiresInDays: days });
      expect(Math.abs(Date.parse(created.expiresAt) - Date.parse(created.createdAt) - days * DAY_MS)).toBeLessThan(5_000);
    }
    const cases: [unknown, string][] = [
      [0, 'expiresInDays: a link lasts at least 1 day'],
      [31, 'expiresInDays: a link lasts at most 30 days'],
      ['x', 'expiresInDays: expiresInDays must be a number of days'],
      [1.5, 'expiresInDays: expiresInDays must be a whole number of days'],
    ];
    for (const [expiresInDays, message] of cases) {
      const reply = await main.interviewer.api('POST', sharesUrl(main.id), { expiresInDays });
      expect(reply.status, String(expiresInDays)).toBe(422);
      expect(reply.body.error.message).toBe(message);
      expect(reply.body.error.fields).toHaveProperty('expiresInDays');
    }
    const extra = await main.interviewer.api('POST', sharesUrl(main.id), { scope: FULL });
    expect(extra.status).toBe(422);
  });

  it("gives the candidate a link with the candidate's scope", async () => {
    expect((await share(main.candidate, main.id)).scope).toEqual(CANDIDATE_SCOPE);
  });

  it('is refused before the end, to observers and to a candidate with nothing released (403)', async () => {
    // The share routes are gated by can('review.read'), which is ended-only, so before the end this is the
    // policy's 403, not the 409 the review itself answers (createShare's own 409 is never reached from the route).
    const policyWords = 'The review opens to the interviewers and the candidate once the interview has ended; observers need a share link.';
    const early = await live.interviewer.api('POST', sharesUrl(live.id), {});
    expect(early.status).toBe(403);
    expect(early.body.error.message).toBe(policyWords);
    expect((await live.interviewer.api('GET', `/api/interviews/${live.id}/review`)).status).toBe(409);
    const observer = await main.observer.api('POST', sharesUrl(main.id), {});
    expect(observer.status).toBe(403);
    expect(observer.body.error.message).toBe(policyWords);
    const unreleased = await other.candidate.api('POST', sharesUrl(other.id), {});
    expect(unreleased.status).toBe(403);
    expect(unreleased.body.error.message).toBe('Only someone who can see this review can share it.');
    expect(await fixture.prisma.reviewShare.count({ where: { interviewId: { in: [live.id, other.id] } } })).toBe(0);
  });
});

describe('opening a share link', () => {
  it("shows an outsider the creator's review, saying who shared it", async () => {
    const link = await share(main.interviewer, main.id);
    const response = await outsider.fetch(viaShare(main.id, tokenOf(link)));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const review = (await response.json()) as Review;
    expect(review.viewer).toEqual({ scope: FULL, via: 'share', sharedBy: 'Ines Interviewer' });
    // The interviewer shared everything they see, notes included.
    expect(review.markers.map((m) => m.kind).sort()).toEqual(['card', 'note', 'red_flag']);
    expect(review.panel.kind).toBe('interviewer');
    expect(review.board!.segments).toHaveLength(1);
    // And the replay's parts through the same link.
    const segment = await outsider.fetch(viaShare(main.id, tokenOf(link), '/board/0'));
    expect(segment.status).toBe(200);
    expect(decodeSegment(new Uint8Array(await segment.arrayBuffer())).updates.length).toBe(review.board!.updates);
    expect((await outsider.api('GET', viaShare(main.id, tokenOf(link), '/media/no-such-recording'))).status).toBe(404);
    // Without the link the outsider is still no one here.
    expect((await outsider.api('GET', `/api/interviews/${main.id}/review`)).status).toBe(403);
  });

  it("never shows more than the candidate's scope through the candidate's link, whoever opens it", async () => {
    const link = await share(main.candidate, main.id);
    for (const [who, reader] of [['outsider', outsider], ['observer', main.observer], ['interviewer', main.interviewer], ['co-interviewer', coInterviewer]] as const) {
      const response = await reader.fetch(viaShare(main.id, tokenOf(link)));
      expect(response.status, who).toBe(200);
      const raw = await response.text();
      const review = JSON.parse(raw) as Review;
      expect(review.viewer, who).toEqual({ scope: CANDIDATE_SCOPE, via: 'share', sharedBy: 'Cal Candidate' });
      expect(review.panel.kind, who).toBe('released');
      expect(review.board, who).toBeNull();
      expect(review.markers.map((m) => m.kind), who).toEqual(['card']);
      expect(raw, who).toContain(card.prompt);
      for (const secret of [NOTE, card.followUp, ...scenario.rubric.redFlags]) expect(raw.includes(secret), `${who}: ${secret}`).toBe(false);
    }
  });

  it("refuses the replay's segments and recordings through a link without the replay (403)", async () => {
    const token = tokenOf(await share(main.candidate, main.id));
    for (const suffix of ['/board/0', '/media/no-such-recording']) {
      const reply = await outsider.api('GET', viaShare(main.id, token, suffix));
      expect(reply.status, suffix).toBe(403);
      expect(reply.body.error.message).toBe(NOT_RELEASED);
    }
  });

  it('answers an unknown token (404), a token for another interview (404), an empty one (400) and an anonymous caller (401)', async () => {
    const token = tokenOf(await share(main.interviewer, main.id));
    const unknown = 'No such share link for this interview. Check that the link was copied whole.';
    for (const garbage of ['garbage', 'A'.repeat(32), `${token.slice(0, 31)}${token[31] === 'A' ? 'B' : 'A'}`]) {
      const reply = await outsider.api('GET', viaShare(main.id, garbage));
      expect(reply.status, garbage).toBe(404);
      expect(reply.body.error.message).toBe(unknown);
    }
    const elsewhere = await outsider.api('GET', viaShare(other.id, token));
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.message).toBe(unknown);
    // Even for the other interview's own interviewer, who could read it as a member.
    expect((await other.interviewer.api('GET', viaShare(other.id, token))).status).toBe(404);
    const empty = await outsider.api('GET', `/api/interviews/${main.id}/review?share=`);
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe('The share link is missing its token.');
    for (const suffix of ['', '/board/0']) expect((await anonymous.api('GET', viaShare(main.id, token, suffix))).status).toBe(401);
  });
});

describe("the creator's list", () => {
  it("lists the creator's own links only, each with its link and its opens", async () => {
    const mine = await share(coInterviewer, main.id);
    await ok(outsider.api('GET', viaShare(main.id, tokenOf(mine))));
    expect((await outsider.fetch(viaShare(main.id, tokenOf(mine), '/board/0'))).status).toBe(200);
    const { shares } = await ok<{ shares: ShareView[] }>(coInterviewer.api('GET', sharesUrl(main.id)));
    expect(shares).toEqual([mine]);
    // Only opening the review page counts as an open; the API reads above (and segments, media) do not.
    expect(shares[0]!.opens).toEqual([]);
    const page = await outsider.fetch(`/interviews/${main.id}/review?share=${encodeURIComponent(tokenOf(mine))}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('shared with you by');
    const after = await ok<{ shares: ShareView[] }>(coInterviewer.api('GET', sharesUrl(main.id)));
    expect(after.shares[0]!.opens).toEqual([{ name: 'Otto Outsider', openedAt: expect.any(String), count: 1 }]);
    // A second visit is counted on the same line, with its time.
    expect((await outsider.fetch(`/interviews/${main.id}/review?share=${encodeURIComponent(tokenOf(mine))}`)).status).toBe(200);
    const again = await ok<{ shares: ShareView[] }>(coInterviewer.api('GET', sharesUrl(main.id)));
    expect(again.shares[0]!.opens).toEqual([{ name: 'Otto Outsider', openedAt: expect.any(String), count: 2 }]);
    expect(again.shares[0]!.opens[0]!.openedAt >= after.shares[0]!.opens[0]!.openedAt).toBe(true);
    const theirs = await ok<{ shares: ShareView[] }>(main.interviewer.api('GET', sharesUrl(main.id)));
    expect(theirs.shares.length).toBeGreaterThan(0);
    expect(theirs.shares.map((s) => s.id)).not.toContain(mine.id);
    expect(theirs.shares.every((s) => s.scope.interviewerOnly)).toBe(true);
    const candidates = await ok<{ shares: ShareView[] }>(main.candidate.api('GET', sharesUrl(main.id)));
    expect(candidates.shares.map((s) => s.scope)).toEqual(candidates.shares.map(() => CANDIDATE_SCOPE));
    // Observers have no links to list.
    expect((await main.observer.api('GET', sharesUrl(main.id))).status).toBe(403);
  });
});

describe('revoking and expiry', () => {
  it('lets only the creator revoke a link; from then on it shows nothing (410, revoked)', async () => {
    const link = await share(main.interviewer, main.id);
    const token = tokenOf(link);
    await ok(outsider.api('GET', viaShare(main.id, token)));
    for (const who of [coInterviewer, main.candidate]) {
      const reply = await who.api('DELETE', sharesUrl(main.id, `/${link.id}`));
      expect(reply.status).toBe(404);
      expect(reply.body.error.message).toBe('You have no share link with that id for this interview.');
    }
    expect((await main.observer.api('DELETE', sharesUrl(main.id, `/${link.id}`))).status).toBe(403);
    expect((await anonymous.api('DELETE', sharesUrl(main.id, `/${link.id}`))).status).toBe(401);
    await ok(outsider.api('GET', viaShare(main.id, token)));

    const revoked = await ok<ShareView>(main.interviewer.api('DELETE', sharesUrl(main.id, `/${link.id}`)));
    expect(revoked).toMatchObject({ id: link.id, url: link.url, scope: FULL });
    expect(Date.parse(revoked.revokedAt!)).toBeGreaterThanOrEqual(Date.parse(link.createdAt));
    for (const suffix of ['', '/board/0', '/media/x']) {
      const reply = await outsider.api('GET', viaShare(main.id, token, suffix));
      expect(reply.status, suffix).toBe(410);
      expect(reply.body.error).toEqual({ code: 'gone', message: 'This share link was revoked by the person who made it.' });
    }
    // Revoking again keeps the first time; the list shows it revoked.
    expect((await ok<ShareView>(main.interviewer.api('DELETE', sharesUrl(main.id, `/${link.id}`)))).revokedAt).toBe(revoked.revokedAt);
    const { shares } = await ok<{ shares: ShareView[] }>(main.interviewer.api('GET', sharesUrl(main.id)));
    expect(shares.find((s) => s.id === link.id)!.revokedAt).toBe(revoked.revokedAt);
    // An id from another interview is as unknown as a made-up one.
    expect((await other.interviewer.api('DELETE', sharesUrl(other.id, `/${link.id}`))).status).toBe(404);
    expect((await main.interviewer.api('DELETE', sharesUrl(main.id, '/no-such-share'))).status).toBe(404);
  });

  it('shows nothing once expired (410, expired)', async () => {
    const link = await share(main.candidate, main.id);
    await ok(outsider.api('GET', viaShare(main.id, tokenOf(link))));
    await fixture.prisma.reviewShare.update({ where: { id: link.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const reply = await outsider.api('GET', viaShare(main.id, tokenOf(link)));
    expect(reply.status).toBe(410);
    expect(reply.body.error).toEqual({ code: 'gone', message: 'This share link has expired. Ask the person who shared it for a new one.' });
  });

  it('shows nothing once its creator can no longer see the review (403)', async () => {
    const link = await share(coInterviewer, main.id);
    await ok(outsider.api('GET', viaShare(main.id, tokenOf(link))));
    const me = await fixture.prisma.reviewShare.findUniqueOrThrow({ where: { id: link.id }, select: { createdById: true } });
    await fixture.prisma.participant.deleteMany({ where: { interviewId: main.id, userId: me.createdById } });
    const reply = await outsider.api('GET', viaShare(main.id, tokenOf(link)));
    expect(reply.status).toBe(403);
    expect(reply.body.error.message).toBe('The person who shared this review can no longer see it, so the link shows nothing.');
  });
});
