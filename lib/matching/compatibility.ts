/**
 * Who may practise with whom, and who is the better partner: pure rules the
 * matcher (server/matching) and the tests share.
 */
import { LEVELS, type Level } from '../scenarios/levels';

export const FIRST_ROLES = ['interviewer', 'candidate', 'either'] as const;
export type FirstRole = (typeof FIRST_ROLES)[number];

/** The domain list's word for "any domain"; stored as an empty list. */
export const ANY_DOMAIN = 'any';

/** Levels at most one step from `level` (senior, staff, principal), the level itself first. */
export function nearLevels(level: Level): Level[] {
  const i = LEVELS.indexOf(level);
  return [level, ...LEVELS.filter((_, j) => Math.abs(j - i) === 1)];
}

export function levelsFit(a: string, b: string): boolean {
  const i = LEVELS.indexOf(a as Level);
  const j = LEVELS.indexOf(b as Level);
  return i >= 0 && j >= 0 && Math.abs(i - j) <= 1;
}

/** Both wanting to interview first (or both to be interviewed first) cannot work; "either" fits anyone. */
export function rolesFit(a: FirstRole, b: FirstRole): boolean {
  return a === 'either' || b === 'either' || a !== b;
}

/**
 * The domains a session between the two may draw its scenario from: the
 * shared ones, or the other's when one says "any" (an empty list). Null when
 * they share none. An empty answer means "any domain" for both.
 */
export function sharedDomains(a: readonly string[], b: readonly string[]): string[] | null {
  if (!a.length) return [...b];
  if (!b.length) return [...a];
  const shared = a.filter((d) => b.includes(d));
  return shared.length ? shared : null;
}

/**
 * Who interviews in round 1: `a` when a wants to interview first or b wants
 * to be interviewed first; `b` in the mirror case; when both say "either",
 * whoever asked first is interviewed first (they have waited longer).
 */
export function firstInterviewer(a: { firstRole: FirstRole; createdAt: number }, b: { firstRole: FirstRole; createdAt: number }): 'a' | 'b' {
  if (a.firstRole === 'interviewer' || b.firstRole === 'candidate') return 'a';
  if (b.firstRole === 'interviewer' || a.firstRole === 'candidate') return 'b';
  return a.createdAt <= b.createdAt ? 'b' : 'a';
}

export interface PartnerFacts {
  /** The earliest start both can make (ms). */
  start: number;
  /** Met in an interview in the last 30 days. */
  metRecently: boolean;
  /** 0..1, smoothed (see reliabilityScore). */
  reliability: number;
  /** Both first-role wishes are met as asked (not merely compatible through "either"). */
  rolesExact: boolean;
  /** Their level is the same as mine. */
  sameLevel: boolean;
}

/**
 * Higher is better. Having met recently outweighs everything else (people
 * learn more from someone new); then reliability (a whole point of it is worth
 * more than the rest); then an exact level and role fit. The earliest start
 * breaks ties (compare with `byPreference`).
 */
export function partnerScore(f: PartnerFacts): number {
  return (f.metRecently ? 0 : 100) + 20 * f.reliability + (f.sameLevel ? 2 : 0) + (f.rolesExact ? 1 : 0);
}

export function byPreference(a: PartnerFacts, b: PartnerFacts): number {
  return partnerScore(b) - partnerScore(a) || a.start - b.start;
}

/**
 * Reliability as the matcher weighs it: attended sessions over all sessions,
 * smoothed with two attended "sessions" so one bad start does not sink a
 * newcomer, and a newcomer is not ranked above a proven partner.
 */
export function reliabilityScore(attended: number, missed: number): number {
  return (attended + 2) / (attended + missed + 2);
}
