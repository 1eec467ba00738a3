/**
 * The matcher: for one open request, book the best compatible partner it can
 * get. Candidates are tried best first; one that another booking took
 * meanwhile (409 from the booking's re-check) is skipped for the next. Safe
 * to run any number of times, concurrently: every decision is re-made under
 * the rows' locks (booking.ts).
 */
import type { FirstRole } from '../../lib/matching/compatibility';
import type { Level } from '../../lib/scenarios/levels';
import { db } from '../db/client';
import { ConflictError } from '../http/errors';
import { log } from '../log';
import { bookPair, OwnRequestClosedError, type Booked } from './booking';
import { findCandidates, type OpenRequest } from './candidates';

/** Enough to get past a burst of races; the rest is left for the next run. */
const MAX_ATTEMPTS = 8;

export async function loadOpenRequest(id: string): Promise<OpenRequest | null> {
  const r = await db().availabilityRequest.findUnique({ where: { id }, include: { slots: true } });
  if (!r || r.status !== 'open') return null;
  return {
    id: r.id, userId: r.userId, level: r.level as Level, domains: r.domains, firstRole: r.firstRole as FirstRole, createdAt: r.createdAt,
    windows: r.slots.map((s) => ({ start: s.startsAt.getTime(), end: s.endsAt.getTime() })),
  };
}

/**
 * Tries to match this request now. Answers the booking, or null when it
 * stays open; when someone else's run matched it first, that match.
 */
export async function matchRequest(requestId: string, now = Date.now()): Promise<(Booked & { byThisRun: boolean }) | null> {
  const mine = await loadOpenRequest(requestId);
  if (!mine) return matchedInto(requestId);
  const candidates = await findCandidates(mine, now, { requireRoleFit: true });
  for (const candidate of candidates.slice(0, MAX_ATTEMPTS)) {
    try {
      const booked = await bookPair({ own: mine.id, partner: candidate.request.id, start: new Date(candidate.facts.start), preferFirst: 'own' });
      return { ...booked, byThisRun: true };
    } catch (error) {
      if (error instanceof OwnRequestClosedError) return matchedInto(requestId);
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  // Someone else's run may have matched this request while this one looked: say so rather than "open".
  return matchedInto(requestId);
}

async function matchedInto(requestId: string): Promise<(Booked & { byThisRun: false }) | null> {
  const r = await db().availabilityRequest.findUnique({ where: { id: requestId }, select: { status: true, interview: { select: { id: true, scheduledAt: true } } } });
  return r?.status === 'matched' && r.interview?.scheduledAt ? { interviewId: r.interview.id, scheduledAt: r.interview.scheduledAt, byThisRun: false } : null;
}

/**
 * One pass over every open request, oldest first (a periodic job's work:
 * pairs a race left unmatched). Answers how many sessions it booked.
 */
export async function sweepOpenRequests(now = Date.now()): Promise<number> {
  const open = await db().availabilityRequest.findMany({ where: { status: 'open' }, orderBy: { createdAt: 'asc' }, select: { id: true } });
  let booked = 0;
  for (const { id } of open) {
    try {
      if ((await matchRequest(id, now))?.byThisRun) booked++;
    } catch (error) {
      log.error(`matching sweep: request ${id}`, error);
    }
  }
  return booked;
}
