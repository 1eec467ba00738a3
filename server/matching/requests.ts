/**
 * A person's availability request: posting it (and matching it at once),
 * reading it back with their matches and reliability, withdrawing it.
 */
import type { AvailabilityView, MatchView, PostAvailabilityInput, Reliability } from '../../lib/api/matching';
import { ANY_DOMAIN } from '../../lib/matching/compatibility';
import { earliestStart, SESSION_MS } from '../../lib/matching/slots';
import { zoneOrFallback } from '../../lib/time/zones';
import { db } from '../db/client';
import { ConflictError, invalidField, NotFoundError } from '../http/errors';
import { ownsAvailabilityRequest } from '../interviews/policy';
import { scenarioLibrary } from '../scenarios/library';
import { matchRequest } from './matcher';
import { reliabilityOf } from './reliability';
import { matchesOf, requestView } from './views';

const ALREADY_OPEN = 'You already have an open request. Withdraw it first to post a new one.';

/** ["any"] → [] (stored as "any domain"); otherwise every id must be one of the library's domains. */
function storedDomains(domains: string[]): string[] {
  if (domains.includes(ANY_DOMAIN)) return [];
  const known = scenarioLibrary().shared.domains;
  domains.forEach((d, i) => {
    if (!known.includes(d)) throw invalidField(['domains', i], `No domain "${d}". Pick from ${known.join(', ')}, or "${ANY_DOMAIN}".`);
  });
  return [...new Set(domains)];
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === 'P2002';
}

/**
 * An open request none of whose windows can still hold a session is closed
 * (as withdrawn): it could never be matched, and it would otherwise block its
 * owner from posting new times.
 */
async function closeLapsed(userId: string, now = Date.now()): Promise<void> {
  const latestStart = new Date(earliestStart(now) + SESSION_MS);
  await db().availabilityRequest.updateMany({
    where: { userId, status: 'open', slots: { none: { endsAt: { gte: latestStart } } } },
    data: { status: 'cancelled' },
  });
}

export async function postAvailability(
  userId: string,
  input: PostAvailabilityInput,
): Promise<{ status: 'matched' | 'open'; request: AvailabilityView; match: MatchView | null }> {
  const domains = storedDomains(input.domains);
  const user = await db().user.findUnique({ where: { id: userId }, select: { timeZone: true } });
  if (!user) throw new NotFoundError('Your account no longer exists. Sign in again.');
  await closeLapsed(userId);
  if (await db().availabilityRequest.findFirst({ where: { userId, status: 'open' }, select: { id: true } })) throw new ConflictError(ALREADY_OPEN);
  let created;
  try {
    created = await db().availabilityRequest.create({
      data: {
        userId,
        level: input.level,
        domains,
        firstRole: input.firstRole,
        timeZone: zoneOrFallback(user.timeZone),
        slots: { create: input.slots.map((s) => ({ startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) })) },
      },
      include: { slots: true },
    });
  } catch (error) {
    // Two posts at once: the partial unique index lets one open request per person through.
    if (isUniqueViolation(error)) throw new ConflictError(ALREADY_OPEN);
    throw error;
  }
  const booked = await matchRequest(created.id);
  const match = booked ? ((await matchesOf(userId, { interviewId: booked.interviewId }))[0] ?? null) : null;
  return { status: match ? 'matched' : 'open', request: requestView(created), match };
}

export async function readMatching(userId: string): Promise<{ open: AvailabilityView | null; matches: MatchView[]; reliability: Reliability }> {
  await closeLapsed(userId);
  const open = await db().availabilityRequest.findFirst({ where: { userId, status: 'open' }, include: { slots: true } });
  const [matches, reliability] = await Promise.all([matchesOf(userId), reliabilityOf(userId)]);
  return { open: open ? requestView(open) : null, matches, reliability };
}

/** Withdraws the caller's own open request; in one statement, so it cannot cross a booking of it. */
export async function withdrawAvailability(userId: string, requestId: string): Promise<void> {
  const { count } = await db().availabilityRequest.updateMany({ where: { id: requestId, userId, status: 'open' }, data: { status: 'cancelled' } });
  if (count === 1) return;
  const request = await db().availabilityRequest.findUnique({ where: { id: requestId }, select: { userId: true, status: true } });
  if (!request || !ownsAvailabilityRequest(userId, request)) throw new NotFoundError('You have no request with that id.');
  throw new ConflictError(
    request.status === 'matched' ? 'This request is already matched. Cancel the session instead.' : 'This request was already withdrawn.',
  );
}
