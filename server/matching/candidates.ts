/**
 * Who could practise with a given open request, best first. One SQL query
 * narrows 10,000 open requests to those with a window near one of mine (a
 * bounded range on the slots' (startsAt, endsAt) index: windows are at most
 * 12 h, so a slot ending late enough starts no earlier than 12 h before), an
 * open status, a level at most one apart, a shared domain and (for the
 * matcher) a first-role wish that fits, keeping the 200 whose overlap comes
 * soonest. Then, in memory: the exact earliest half-hour start that fits
 * both and neither person's other sessions, and the preference score.
 */
import { byPreference, levelsFit, nearLevels, reliabilityScore, rolesFit, sharedDomains, type FirstRole, type PartnerFacts } from '../../lib/matching/compatibility';
import { earliestStart, firstFreeStart, MAX_WINDOW_MS, SESSION_MS, type Window } from '../../lib/matching/slots';
import type { Level } from '../../lib/scenarios/levels';
import { db } from '../db/client';

/** "Met recently": shared an interview in this many days. */
const MET_RECENTLY_DAYS = 30;

export interface OpenRequest {
  id: string;
  userId: string;
  level: Level;
  /** Empty: any domain. */
  domains: string[];
  firstRole: FirstRole;
  createdAt: Date;
  windows: Window[];
}

export interface Candidate {
  request: OpenRequest;
  facts: PartnerFacts;
  /** Whether both first-role wishes can be met; openings also list those whose cannot (the booker yields). */
  rolesFit: boolean;
}

/** Postgres `timestamp(3)` literals in UTC, as Prisma stores DateTime. */
const pgTime = (ms: number) => new Date(ms).toISOString().slice(0, 23);

interface RequestRow {
  id: string;
  userId: string;
  level: string;
  domains: string[];
  firstRole: FirstRole;
  createdAt: Date;
}

/**
 * The prefilter keeps at most this many requests, those whose first usable
 * overlap with mine comes soonest; preference (new partner, reliability) is
 * then decided among them. Bounds the work per match whatever the backlog.
 */
export const CANDIDATE_LIMIT = 200;

export async function findCandidates(mine: OpenRequest, now: number, { requireRoleFit }: { requireRoleFit: boolean }): Promise<Candidate[]> {
  const notBefore = earliestStart(now);
  const usable = mine.windows.filter((w) => w.end - Math.max(w.start, notBefore) >= SESSION_MS);
  if (!usable.length) return [];
  const starts = usable.map((w) => pgTime(Math.max(w.start, notBefore)));
  const ends = usable.map((w) => pgTime(w.end));
  const session = `${SESSION_MS / 60_000} minutes`;
  const lookBack = `${(MAX_WINDOW_MS - SESSION_MS) / 60_000} minutes`;
  const anyDomain = mine.domains.length === 0;
  const anyRole = !requireRoleFit || mine.firstRole === 'either';
  // A slot near one of my windows (a bounded range on the startsAt index), overlapping it by a session's length.
  const rows = await db().$queryRaw<RequestRow[]>`
    WITH mine AS (SELECT * FROM unnest(${starts}::timestamp(3)[], ${ends}::timestamp(3)[]) AS m(s, e)),
    near AS (
      SELECT s."requestId", min(GREATEST(s."startsAt", m.s)) AS first FROM mine m JOIN "AvailabilitySlot" s
        ON s."startsAt" >= m.s - ${lookBack}::interval
       AND s."startsAt" <= m.e - ${session}::interval
       AND LEAST(s."endsAt", m.e) - GREATEST(s."startsAt", m.s) >= ${session}::interval
      GROUP BY s."requestId"
    )
    SELECT r.id, r."userId", r.level, r.domains, r."firstRole"::text AS "firstRole", r."createdAt"
    FROM near JOIN "AvailabilityRequest" r ON r.id = near."requestId"
    WHERE r.status = 'open' AND r."userId" <> ${mine.userId}
      AND r.level = ANY(${nearLevels(mine.level)}::text[])
      AND (${anyDomain} OR cardinality(r.domains) = 0 OR r.domains && ${mine.domains}::text[])
      AND (${anyRole} OR r."firstRole" = 'either' OR r."firstRole"::text <> ${mine.firstRole})
    ORDER BY near.first, r."createdAt"
    LIMIT ${CANDIDATE_LIMIT}`;
  if (!rows.length) return [];
  const slots = await db().availabilitySlot.findMany({ where: { requestId: { in: rows.map((r) => r.id) } }, select: { requestId: true, startsAt: true, endsAt: true } });
  const requests = new Map<string, OpenRequest>(rows.map((row) => [row.id, { ...row, level: row.level as Level, windows: [] }]));
  for (const slot of slots) requests.get(slot.requestId)!.windows.push({ start: slot.startsAt.getTime(), end: slot.endsAt.getTime() });
  const plausible = [...requests.values()].filter(
    (r) => levelsFit(mine.level, r.level) && sharedDomains(mine.domains, r.domains) !== null && (!requireRoleFit || rolesFit(mine.firstRole, r.firstRole)),
  );
  if (!plausible.length) return [];

  const userIds = [...new Set(plausible.map((r) => r.userId))];
  const [busy, met, reliability] = await Promise.all([busyStarts([mine.userId, ...userIds], now), metRecently(mine.userId, userIds, now), reliabilityCounts(userIds)]);
  const myBusy = busy.get(mine.userId) ?? [];
  const candidates: Candidate[] = [];
  for (const request of plausible) {
    const start = firstFreeStart(mine.windows, request.windows, notBefore, [...myBusy, ...(busy.get(request.userId) ?? [])]);
    if (start === null) continue;
    const counts = reliability.get(request.userId) ?? { attended: 0, missed: 0 };
    candidates.push({
      request,
      rolesFit: rolesFit(mine.firstRole, request.firstRole),
      facts: {
        start,
        metRecently: met.has(request.userId),
        reliability: reliabilityScore(counts.attended, counts.missed),
        rolesExact: mine.firstRole !== request.firstRole && mine.firstRole !== 'either' && request.firstRole !== 'either',
        sameLevel: mine.level === request.level,
      },
    });
  }
  // Role clashes last: an opening the booker would have to yield on.
  return candidates.sort((a, b) => Number(b.rolesFit) - Number(a.rolesFit) || byPreference(a.facts, b.facts));
}

/**
 * Start times of each person's sessions that are still ahead (or under way):
 * scheduled, not cancelled, not ended. A new session may not overlap them.
 */
export async function busyStarts(userIds: string[], now: number): Promise<Map<string, number[]>> {
  const rows = await db().$queryRaw<{ userId: string; scheduledAt: Date }[]>`
    SELECT p."userId", i."scheduledAt" FROM "Participant" p JOIN "Interview" i ON i.id = p."interviewId"
    WHERE p."userId" = ANY(${userIds}::text[]) AND i."scheduledAt" IS NOT NULL AND i."cancelledAt" IS NULL
      AND i.status <> 'ended' AND i."scheduledAt" > ${pgTime(now - SESSION_MS)}::timestamp(3)`;
  const busy = new Map<string, number[]>();
  for (const row of rows) busy.set(row.userId, [...(busy.get(row.userId) ?? []), row.scheduledAt.getTime()]);
  return busy;
}

/** Which of `userIds` shared an interview with `userId` in the last 30 days. */
async function metRecently(userId: string, userIds: string[], now: number): Promise<Set<string>> {
  const since = pgTime(now - MET_RECENTLY_DAYS * 86_400_000);
  const rows = await db().$queryRaw<{ userId: string }[]>`
    SELECT DISTINCT other."userId" FROM "Participant" me
    JOIN "Interview" i ON i.id = me."interviewId"
    JOIN "Participant" other ON other."interviewId" = me."interviewId" AND other."userId" <> me."userId"
    WHERE me."userId" = ${userId} AND COALESCE(i."scheduledAt", i."createdAt") >= ${since}::timestamp(3)
      AND other."userId" = ANY(${userIds}::text[])`;
  return new Set(rows.map((r) => r.userId));
}

async function reliabilityCounts(userIds: string[]): Promise<Map<string, { attended: number; missed: number }>> {
  const rows = await db().$queryRaw<{ userId: string; kind: string; n: number }[]>`
    SELECT "userId", kind::text AS kind, count(*)::int AS n FROM "ReliabilityEvent"
    WHERE "userId" = ANY(${userIds}::text[]) GROUP BY 1, 2`;
  const counts = new Map<string, { attended: number; missed: number }>();
  for (const row of rows) {
    const c = counts.get(row.userId) ?? { attended: 0, missed: 0 };
    if (row.kind === 'attended') c.attended += row.n;
    else c.missed += row.n;
    counts.set(row.userId, c);
  }
  return counts;
}
