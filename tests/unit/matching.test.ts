/** Slot arithmetic and partner rules of matching (lib/matching), and the reliability line people read. */
import { describe, expect, it } from 'vitest';
import { postAvailabilitySchema } from '../../lib/api/matching';
import {
  byPreference, firstInterviewer, levelsFit, nearLevels, partnerScore, reliabilityScore, rolesFit, sharedDomains, type PartnerFacts,
} from '../../lib/matching/compatibility';
import {
  alignUp, commonStart, commonStarts, earliestCommonStart, earliestStart, firstFreeStart, firstOverlap, fitsIn, sessionsOverlap, SESSION_MS,
} from '../../lib/matching/slots';
import { describeReliability } from '../../server/matching/reliability';

const H = 3_600_000;
const M = 60_000;
const T0 = Date.UTC(2026, 11, 1, 9, 0); // 09:00 UTC, on the half hour
const w = (fromH: number, toH: number) => ({ start: T0 + fromH * H, end: T0 + toH * H });

describe('slot overlap math', () => {
  it('aligns starts up to the half hour', () => {
    expect(alignUp(T0)).toBe(T0);
    expect(alignUp(T0 + 1)).toBe(T0 + 30 * M);
    expect(alignUp(T0 + 31 * M)).toBe(T0 + H);
  });

  it('finds the earliest half-hour start where 90 minutes fit in both windows', () => {
    expect(commonStart(w(0, 3), w(1, 4), 0)).toBe(T0 + H);
    // 10:10–11:40 overlaps by exactly 90 min, but the first half-hour start (10:30) leaves only 70.
    expect(commonStart({ start: T0 + 70 * M, end: T0 + 4 * H }, { start: T0, end: T0 + 160 * M }, 0)).toBeNull();
    // Exactly 90 minutes, aligned: fits.
    expect(commonStart(w(0, 1.5), w(0, 5), 0)).toBe(T0);
    expect(commonStart(w(0, 1.49), w(0, 5), 0)).toBeNull();
    // Disjoint windows, and touching ones.
    expect(commonStart(w(0, 2), w(2, 4), 0)).toBeNull();
    // notBefore pushes the start later (and can push it out).
    expect(commonStart(w(0, 4), w(0, 4), T0 + 61 * M)).toBe(T0 + 90 * M);
    expect(commonStart(w(0, 4), w(0, 4), T0 + 2.6 * H)).toBeNull();
  });

  it('picks the earliest start over every pair of windows, and lists each possible start once', () => {
    expect(earliestCommonStart([w(10, 14), w(0, 2)], [w(1, 3), w(11, 20)], 0)).toBe(T0 + 11 * H);
    expect(earliestCommonStart([w(0, 2)], [w(1, 3)], 0)).toBeNull();
    expect(commonStarts([w(0, 3)], [w(0.5, 3)], 0).map((s) => (s - T0) / M)).toEqual([30, 60, 90]);
    expect(commonStarts([w(0, 3), w(0, 3)], [w(0, 3)], 0)).toHaveLength(4);
  });

  it('avoids starts that overlap a session either person already has', () => {
    expect(firstFreeStart([w(0, 6)], [w(0, 6)], 0, [T0])).toBe(T0 + 1.5 * H);
    expect(firstFreeStart([w(0, 6)], [w(0, 6)], 0, [T0 + H])).toBe(T0 + 2.5 * H);
    expect(firstFreeStart([w(0, 3)], [w(0, 3)], 0, [T0 + H])).toBeNull();
    expect(sessionsOverlap(T0, T0 + SESSION_MS - 1)).toBe(true);
    expect(sessionsOverlap(T0, T0 + SESSION_MS)).toBe(false);
  });

  it('checks that a start fits a window, and finds overlapping windows by index', () => {
    expect(fitsIn(T0 + H, [w(0, 2.5)])).toBe(true);
    expect(fitsIn(T0 + H, [w(0, 2.4)])).toBe(false);
    expect(firstOverlap([w(5, 7), w(0, 2), w(1, 3)])).toBe(2);
    expect(firstOverlap([w(0, 2), w(2, 4)])).toBe(-1);
    expect(firstOverlap([w(3, 6), w(0, 4)])).toBe(1);
  });

  it('never books a session sooner than 30 minutes ahead', () => {
    expect(earliestStart(T0)).toBe(T0 + 30 * M);
    expect(earliestStart(T0 + 1)).toBe(T0 + H);
  });
});

describe('who may practise with whom', () => {
  it('keeps target levels at most one apart', () => {
    expect(nearLevels('senior')).toEqual(['senior', 'staff']);
    expect(nearLevels('staff')).toEqual(['staff', 'senior', 'principal']);
    expect(levelsFit('senior', 'staff')).toBe(true);
    expect(levelsFit('senior', 'principal')).toBe(false);
    expect(levelsFit('senior', 'junior')).toBe(false);
  });

  it('needs a shared domain, where "any" (empty) shares everything', () => {
    expect(sharedDomains(['search', 'ads'], ['ads', 'nlp'])).toEqual(['ads']);
    expect(sharedDomains(['search'], ['nlp'])).toBeNull();
    expect(sharedDomains([], ['nlp'])).toEqual(['nlp']);
    expect(sharedDomains(['nlp'], [])).toEqual(['nlp']);
    expect(sharedDomains([], [])).toEqual([]);
  });

  it('refuses two people who both want the same first role, unless one says either', () => {
    expect(rolesFit('interviewer', 'interviewer')).toBe(false);
    expect(rolesFit('candidate', 'candidate')).toBe(false);
    expect(rolesFit('interviewer', 'candidate')).toBe(true);
    expect(rolesFit('either', 'candidate')).toBe(true);
    expect(rolesFit('either', 'either')).toBe(true);
  });

  it('gives round 1 to whoever asked to interview first; with both "either", the earlier poster is interviewed first', () => {
    expect(firstInterviewer({ firstRole: 'interviewer', createdAt: 2 }, { firstRole: 'either', createdAt: 1 })).toBe('a');
    expect(firstInterviewer({ firstRole: 'either', createdAt: 1 }, { firstRole: 'candidate', createdAt: 2 })).toBe('a');
    expect(firstInterviewer({ firstRole: 'candidate', createdAt: 1 }, { firstRole: 'either', createdAt: 2 })).toBe('b');
    expect(firstInterviewer({ firstRole: 'either', createdAt: 1 }, { firstRole: 'either', createdAt: 2 })).toBe('b');
    expect(firstInterviewer({ firstRole: 'either', createdAt: 3 }, { firstRole: 'either', createdAt: 2 })).toBe('a');
  });
});

describe('partner preference', () => {
  const base: PartnerFacts = { start: T0, metRecently: false, reliability: reliabilityScore(0, 0), rolesExact: false, sameLevel: true };

  it('prefers someone new over someone met recently, even an earlier or more reliable one', () => {
    const met = { ...base, metRecently: true, start: T0 - H, reliability: 1 };
    const fresh = { ...base, reliability: reliabilityScore(3, 2) };
    expect([met, fresh].sort(byPreference)[0]).toBe(fresh);
  });

  it('prefers the more reliable partner, then the earliest start', () => {
    const flaky = { ...base, reliability: reliabilityScore(2, 3), start: T0 };
    const solid = { ...base, reliability: reliabilityScore(20, 0), start: T0 + 5 * H };
    expect([flaky, solid].sort(byPreference)[0]).toBe(solid);
    const later = { ...base, start: T0 + H };
    expect([later, base].sort(byPreference)[0]).toBe(base);
    expect(partnerScore({ ...base, rolesExact: true })).toBeGreaterThan(partnerScore(base));
  });

  it('smooths reliability so a newcomer sits between a proven partner and a flaky one', () => {
    expect(reliabilityScore(0, 0)).toBe(1);
    expect(reliabilityScore(0, 1)).toBeCloseTo(2 / 3);
    expect(reliabilityScore(24, 1)).toBeGreaterThan(reliabilityScore(1, 1));
  });
});

describe('the reliability line a person sees', () => {
  it('reads as percent, misses and sessions', () => {
    expect(describeReliability(0, 0, 0)).toMatchObject({ percent: null, summary: 'No matched sessions yet.' });
    expect(describeReliability(24, 1, 0).summary).toBe('96% — 1 late cancel in 25 sessions');
    expect(describeReliability(3, 1, 2).summary).toBe('50% — 1 late cancel and 2 no-shows in 6 sessions');
    expect(describeReliability(4, 0, 0).summary).toBe('100% — attended all 4 sessions');
    expect(describeReliability(1, 0, 0).summary).toBe('100% — attended your 1 session');
  });
});

describe('posting availability: 422s name the field', () => {
  const now = Date.now();
  const at = (ms: number) => new Date(now + ms).toISOString();
  const body = (slots: { startsAt: string; endsAt: string }[]) => ({ slots, level: 'staff', domains: ['any'], firstRole: 'either' });
  const fields = (input: unknown) => {
    const parsed = postAvailabilitySchema.safeParse(input);
    return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
  };

  it('accepts windows of 90 minutes to 12 hours within 14 days', () => {
    expect(fields(body([{ startsAt: at(H), endsAt: at(2.5 * H) }, { startsAt: at(13 * 24 * H), endsAt: at(13 * 24 * H + 12 * H) }]))).toEqual([]);
  });

  it('names each bad slot by index', () => {
    expect(fields(body([{ startsAt: at(H), endsAt: at(3 * H) }, { startsAt: at(-3 * H), endsAt: at(-H) }]))).toEqual(['slots.1.startsAt']);
    expect(fields(body([{ startsAt: at(15 * 24 * H), endsAt: at(15 * 24 * H + 2 * H) }]))).toEqual(['slots.0.startsAt']);
    expect(fields(body([{ startsAt: at(3 * H), endsAt: at(2 * H) }]))).toEqual(['slots.0.endsAt']);
    expect(fields(body([{ startsAt: at(H), endsAt: at(2 * H) }]))).toEqual(['slots.0.endsAt']);
    expect(fields(body([{ startsAt: at(H), endsAt: at(14 * H) }]))).toEqual(['slots.0.endsAt']);
    expect(fields(body([{ startsAt: at(H), endsAt: at(4 * H) }, { startsAt: at(5 * H), endsAt: at(7 * H) }, { startsAt: at(3 * H), endsAt: at(5 * H) }]))).toEqual(['slots.2.startsAt']);
  });

  it('names the level, domains and first role', () => {
    const ok = body([{ startsAt: at(H), endsAt: at(3 * H) }]);
    expect(fields({ ...ok, level: 'junior' })).toEqual(['level']);
    expect(fields({ ...ok, domains: [] })).toEqual(['domains']);
    expect(fields({ ...ok, firstRole: 'observer' })).toEqual(['firstRole']);
    expect(fields({ ...ok, slots: [] })).toEqual(['slots']);
  });
});

describe('wall-clock times in the user\'s zone', () => {
  it('reads a date and time in the named zone, across a DST change', async () => {
    const { zonedToUtc, utcToZoned } = await import('../../lib/time/zoned');
    expect(new Date(zonedToUtc('2026-12-03', '18:30', 'Europe/Berlin')).toISOString()).toBe('2026-12-03T17:30:00.000Z');
    expect(new Date(zonedToUtc('2026-07-03', '18:30', 'Europe/Berlin')).toISOString()).toBe('2026-07-03T16:30:00.000Z');
    expect(new Date(zonedToUtc('2026-03-29', '03:30', 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(new Date(zonedToUtc('2026-12-03', '09:00', 'America/New_York')).toISOString()).toBe('2026-12-03T14:00:00.000Z');
    expect(new Date(zonedToUtc('2026-12-03', '09:00', 'Asia/Kolkata')).toISOString()).toBe('2026-12-03T03:30:00.000Z');
    expect(zonedToUtc('2026-12-3', '9:00', 'UTC')).toBeNaN();
    expect(utcToZoned(Date.parse('2026-12-03T17:30:00Z'), 'Europe/Berlin')).toEqual({ date: '2026-12-03', time: '18:30' });
    expect(utcToZoned(Date.parse('2026-12-03T23:30:00Z'), 'Asia/Tokyo')).toEqual({ date: '2026-12-04', time: '08:30' });
  });
});
