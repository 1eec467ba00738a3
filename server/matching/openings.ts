/**
 * Openings: other people's open requests that fit mine (level at most one
 * apart, a shared domain, a common time), by first name only, and booking
 * one at a chosen start. Unlike the matcher, openings include people whose
 * first-role wish clashes with mine: booking one means I take the other role.
 */
import type { MatchView, Opening } from '../../lib/api/matching';
import { levelsFit, sharedDomains } from '../../lib/matching/compatibility';
import { commonStarts, earliestStart, fitsIn, sessionsOverlap, START_STEP_MS } from '../../lib/matching/slots';
import { db } from '../db/client';
import { ConflictError, invalidField, NotFoundError } from '../http/errors';
import { canBookOpening } from '../interviews/policy';
import { bookPair } from './booking';
import { busyStarts, findCandidates } from './candidates';
import { loadOpenRequest } from './matcher';
import { domainsView, firstName, matchesOf } from './views';

const MAX_OPENINGS = 20;
const MAX_START_TIMES = 24;

const iso = (ms: number) => new Date(ms).toISOString();

export async function listOpenings(userId: string, now = Date.now()): Promise<{ hasOpenRequest: boolean; openings: Opening[] }> {
  const mineRow = await db().availabilityRequest.findFirst({ where: { userId, status: 'open' }, select: { id: true } });
  const mine = mineRow ? await loadOpenRequest(mineRow.id) : null;
  if (!mine) return { hasOpenRequest: false, openings: [] };
  const candidates = (await findCandidates(mine, now, { requireRoleFit: false })).slice(0, MAX_OPENINGS);
  const ids = candidates.map((c) => c.request.userId);
  const [users, busy] = await Promise.all([
    db().user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
    busyStarts([userId, ...ids], now),
  ]);
  return {
    hasOpenRequest: true,
    openings: candidates.map(({ request }) => {
      const taken = [...(busy.get(userId) ?? []), ...(busy.get(request.userId) ?? [])];
      const starts = commonStarts(mine.windows, request.windows, earliestStart(now), Number.MAX_SAFE_INTEGER).filter((s) => !taken.some((b) => sessionsOverlap(s, b)));
      return {
        requestId: request.id,
        firstName: firstName(users.find((u) => u.id === request.userId)?.name),
        level: request.level,
        domains: domainsView(request.domains),
        firstRole: request.firstRole,
        slots: request.windows.map((w) => ({ startsAt: iso(w.start), endsAt: iso(w.end) })),
        startTimes: starts.slice(0, MAX_START_TIMES).map(iso),
      };
    }),
  };
}

/** Books the opening `requestId` with my open request at `startsAt`: 404 unknown, 409 taken or clashing, 422 a start outside both windows. */
export async function bookOpening(userId: string, requestId: string, startsAt: string, now = Date.now()): Promise<MatchView> {
  const target = await db().availabilityRequest.findUnique({ where: { id: requestId }, include: { slots: true } });
  if (!target) throw new NotFoundError('No opening with that id.');
  if (!canBookOpening(userId, target)) throw new ConflictError('That is your own request.');
  if (target.status !== 'open') throw new ConflictError('That request is no longer open: someone else booked it, or it was withdrawn.');
  const mineRow = await db().availabilityRequest.findFirst({ where: { userId, status: 'open' }, select: { id: true } });
  const mine = mineRow ? await loadOpenRequest(mineRow.id) : null;
  if (!mine) throw new ConflictError('Post your own availability first: a booking pairs your request with theirs.');
  if (!levelsFit(mine.level, target.level) || sharedDomains(mine.domains, target.domains) === null) {
    throw new ConflictError('Your request and this one no longer fit (level or domains).');
  }
  const start = Date.parse(startsAt);
  const theirs = target.slots.map((s) => ({ start: s.startsAt.getTime(), end: s.endsAt.getTime() }));
  if (start % START_STEP_MS !== 0) throw invalidField(['startsAt'], 'Sessions start on the hour or half hour.');
  if (start < earliestStart(now)) throw invalidField(['startsAt'], 'That start is too soon: pick one at least 30 minutes ahead.');
  if (!fitsIn(start, mine.windows) || !fitsIn(start, theirs)) throw invalidField(['startsAt'], 'A 90-minute session from then does not fit inside both your window and theirs.');
  const booked = await bookPair({ own: mine.id, partner: target.id, start: new Date(start), preferFirst: 'partner' });
  const [view] = await matchesOf(userId, { interviewId: booked.interviewId });
  return view!;
}
