/**
 * What a review share link shows (server/interviews/review-policy.ts):
 * nothing once revoked or expired, nothing when its creator lost the review,
 * and otherwise its own scope cut to the creator's current one, which can
 * only ever narrow it.
 */
import { describe, expect, it } from 'vitest';
import {
  FULL_REVIEW, narrowScope, reviewAccess, shareableScope, shareAccess, type ReviewAccess, type ReviewScope, type ShareLinkState,
} from '../../server/interviews/policy';

const KEYS = ['replay', 'phases', 'scores', 'interviewerOnly'] as const;
/** All 16 scopes: bit i of n says whether KEYS[i] is on. */
const ALL_SCOPES: ReviewScope[] = Array.from({ length: 16 }, (_, n) => Object.fromEntries(KEYS.map((k, i) => [k, Boolean(n & (1 << i))])) as ReviewScope);
const label = (s: ReviewScope) => KEYS.filter((k) => s[k]).join('+') || 'nothing';

const NOW = new Date('2026-12-20T12:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const link = (over: Partial<ShareLinkState> = {}): ShareLinkState => ({ scope: { ...FULL_REVIEW }, expiresAt: later(60_000), revokedAt: null, ...over });
const creatorSees = (scope: ReviewScope): ReviewAccess => ({ ok: true, scope });
const creatorLost: ReviewAccess = { ok: false, status: 403, reason: 'You are not a participant in this interview.' };

const REVOKED = { ok: false, status: 410, reason: 'This share link was revoked by the person who made it.' };
const EXPIRED = { ok: false, status: 410, reason: 'This share link has expired. Ask the person who shared it for a new one.' };
const LOST = { ok: false, status: 403, reason: 'The person who shared this review can no longer see it, so the link shows nothing.' };

describe('shareAccess', () => {
  it('shows nothing once revoked, saying so, whatever else holds', () => {
    expect(shareAccess(link({ revokedAt: later(-1) }), creatorSees(FULL_REVIEW), NOW)).toEqual(REVOKED);
    // Revoked wins over expired and over a creator who lost access: the creator's own act is the clearer reason.
    expect(shareAccess(link({ revokedAt: later(-1), expiresAt: later(-10) }), creatorLost, NOW)).toEqual(REVOKED);
  });

  it('expires at exactly its expiry time, not a millisecond later', () => {
    expect(shareAccess(link({ expiresAt: NOW }), creatorSees(FULL_REVIEW), NOW)).toEqual(EXPIRED);
    expect(shareAccess(link({ expiresAt: later(-1) }), creatorSees(FULL_REVIEW), NOW)).toEqual(EXPIRED);
    expect(shareAccess(link({ expiresAt: later(1) }), creatorSees(FULL_REVIEW), NOW)).toEqual({ ok: true, scope: FULL_REVIEW });
    // Expired wins over a creator who lost access.
    expect(shareAccess(link({ expiresAt: NOW }), creatorLost, NOW)).toEqual(EXPIRED);
  });

  it('shows nothing when its creator can no longer see the review, whatever the refusal was', () => {
    expect(shareAccess(link(), creatorLost, NOW)).toEqual(LOST);
    expect(shareAccess(link(), { ok: false, status: 409, reason: 'The review opens when the interview has ended.' }, NOW)).toEqual(LOST);
    // A candidate whose release is gone (no release now): the policy's own refusal, then the link's.
    const candidate = reviewAccess({ userId: 'c', role: 'candidate' }, { status: 'ended' }, []);
    expect(candidate.ok).toBe(false);
    expect(shareAccess(link(), candidate, NOW)).toEqual(LOST);
  });

  describe('cuts the link to what its creator sees now, and never widens it (every link scope × every creator scope)', () => {
    for (const linkScope of ALL_SCOPES) {
      it(`a link for ${label(linkScope)}`, () => {
        for (const creatorScope of ALL_SCOPES) {
          const access = shareAccess(link({ scope: linkScope }), creatorSees(creatorScope), NOW);
          expect(access.ok, label(creatorScope)).toBe(true);
          if (!access.ok) continue;
          for (const key of KEYS) expect(access.scope[key], `${key} with the creator seeing ${label(creatorScope)}`).toBe(linkScope[key] && creatorScope[key]);
          // The same as narrowScope, in either order, and never wider than either side.
          expect(access.scope).toEqual(narrowScope(linkScope, creatorScope));
          expect(narrowScope(creatorScope, linkScope)).toEqual(access.scope);
          expect(narrowScope(access.scope, linkScope)).toEqual(access.scope);
          expect(narrowScope(access.scope, creatorScope)).toEqual(access.scope);
        }
      });
    }
  });
});

describe('narrowScope', () => {
  it('keeps a scope as it is when narrowed by itself or by the full review, and empties it with nothing', () => {
    const nothing = ALL_SCOPES[0]!;
    expect(nothing).toEqual({ replay: false, phases: false, scores: false, interviewerOnly: false });
    for (const scope of ALL_SCOPES) {
      expect(narrowScope(scope, scope)).toEqual(scope);
      expect(narrowScope(scope, FULL_REVIEW)).toEqual(scope);
      expect(narrowScope(scope, nothing)).toEqual(nothing);
    }
    expect(new Set(ALL_SCOPES.map(label)).size).toBe(16);
  });
});

describe('shareableScope', () => {
  it('lets anyone share exactly what they see, keeps "not ended" as it is, and words any other refusal as a sharing one', () => {
    const seen = creatorSees({ replay: false, phases: true, scores: true, interviewerOnly: false });
    expect(shareableScope(seen)).toEqual(seen);
    const notEnded: ReviewAccess = { ok: false, status: 409, reason: 'The review opens when the interview has ended.' };
    expect(shareableScope(notEnded)).toEqual(notEnded);
    expect(shareableScope(creatorLost)).toEqual({ ok: false, status: 403, reason: 'Only someone who can see this review can share it.' });
  });
});
