/**
 * Turning two open requests into round 1 of a peer session, safely under
 * concurrency. One transaction:
 *   1. locks both AvailabilityRequest rows, always in id order (so two
 *      bookings can never deadlock on each other), waiting for a booking
 *      that holds either;
 *   2. re-checks that both are still open (the one that waited sees the
 *      winner's commit and loses with 409);
 *   3. re-checks that neither person has a session overlapping the start;
 *   4. creates the interview, both participants, marks both requests
 *      matched, and queues the invitations.
 * A person's only open request is locked for the whole booking, so no two
 * bookings of the same person can interleave.
 */
import { randomInt } from 'node:crypto';
import { firstInterviewer, sharedDomains, type FirstRole } from '../../lib/matching/compatibility';
import { fitsIn, SESSION_MS, ROUND_MINUTES } from '../../lib/matching/slots';
import type { Prisma } from '../../generated/prisma/client';
import { db } from '../db/client';
import { ConflictError } from '../http/errors';
import { newInterviewId } from '../interviews/ids';
import { snapshotOf } from '../interviews/service';
import { scenarioLibrary, type Scenario } from '../scenarios/library';
import { afterScheduleCommit, queueScheduleEmails } from '../scheduling/announce';

/** The booking's own request was matched by someone else meanwhile: not an error for the matcher, which reports that match. */
export class OwnRequestClosedError extends ConflictError {
  constructor() {
    super('Your request is no longer open: it was matched or withdrawn meanwhile.');
  }
}

export interface BookingInput {
  /** The request whose owner is acting (the matcher's new request, or the booker's). */
  own: string;
  partner: string;
  start: Date;
  /** Whose first-role wish wins when they clash (a booker yields to the opening they chose). */
  preferFirst: 'own' | 'partner';
}

export interface Booked {
  interviewId: string;
  scheduledAt: Date;
}

interface LockedRow {
  id: string;
  userId: string;
  status: string;
  level: string;
  domains: string[];
  firstRole: FirstRole;
  createdAt: Date;
}

const pgTime = (d: Date) => d.toISOString().slice(0, 23);

export async function bookPair(input: BookingInput): Promise<Booked> {
  const { interviewId, emailIds } = await db().$transaction(
    async (tx) => {
      // A stuck lock must not hold a request for ever: 409 after 10 s, and the caller can retry.
      await tx.$executeRaw`SET LOCAL lock_timeout = '10s'`;
      const rows = await tx.$queryRaw<LockedRow[]>`
        SELECT id, "userId", status::text AS status, level, domains, "firstRole"::text AS "firstRole", "createdAt"
        FROM "AvailabilityRequest" WHERE id IN (${input.own}, ${input.partner}) ORDER BY id FOR UPDATE`;
      const own = rows.find((r) => r.id === input.own);
      const partner = rows.find((r) => r.id === input.partner);
      if (!own || own.status !== 'open') throw new OwnRequestClosedError();
      if (!partner || partner.status !== 'open') throw new ConflictError('That request is no longer open: someone else booked it, or it was withdrawn.');
      const windows = await tx.availabilitySlot.findMany({ where: { requestId: { in: [own.id, partner.id] } } });
      const start = input.start.getTime();
      for (const r of [own, partner]) {
        const theirs = windows.filter((w) => w.requestId === r.id).map((w) => ({ start: w.startsAt.getTime(), end: w.endsAt.getTime() }));
        if (!fitsIn(start, theirs)) throw new ConflictError('That time no longer fits both windows.');
      }
      await assertFree(tx, [own.userId, partner.userId], input.start);

      const [first, second] = input.preferFirst === 'partner' ? [partner, own] : [own, partner];
      const interviewer = firstInterviewer({ firstRole: first.firstRole, createdAt: first.createdAt.getTime() }, { firstRole: second.firstRole, createdAt: second.createdAt.getTime() }) === 'a' ? first : second;
      const candidate = interviewer === own ? partner : own;
      const scenario = await pickScenario(tx, {
        level: candidate.level,
        domains: sharedDomains(own.domains, partner.domains) ?? [],
        candidateId: candidate.userId,
        interviewerId: interviewer.userId,
      });
      const id = newInterviewId();
      await tx.interview.create({
        data: {
          id,
          scenarioSlug: scenario.slug,
          scenarioVersion: scenario.version,
          scenarioSnapshot: snapshotOf(scenario),
          title: scenario.title,
          level: candidate.level,
          durationMinutes: ROUND_MINUTES,
          mode: 'peer',
          scheduledAt: input.start,
          createdById: interviewer.userId,
          participants: { create: [{ userId: interviewer.userId, role: 'interviewer' }, { userId: candidate.userId, role: 'candidate' }] },
        },
      });
      const matchedAt = new Date();
      await tx.availabilityRequest.updateMany({ where: { id: { in: [own.id, partner.id] } }, data: { status: 'matched', interviewId: id, matchedAt } });
      const emailIds = await queueScheduleEmails(tx, id, 'invitation');
      return { interviewId: id, emailIds };
    },
    // Bookings queue behind one another on the locks; 50 at once must not time out waiting for a connection.
    { maxWait: 20_000, timeout: 30_000 },
  );
  await afterScheduleCommit(interviewId, emailIds);
  return { interviewId, scheduledAt: input.start };
}

/** 409 when either person already has a session (not cancelled, not ended) overlapping the start. */
async function assertFree(tx: Prisma.TransactionClient, userIds: string[], start: Date): Promise<void> {
  const from = pgTime(new Date(start.getTime() - SESSION_MS));
  const to = pgTime(new Date(start.getTime() + SESSION_MS));
  const clash = await tx.$queryRaw<{ userId: string }[]>`
    SELECT p."userId" FROM "Participant" p JOIN "Interview" i ON i.id = p."interviewId"
    WHERE p."userId" = ANY(${userIds}::text[]) AND i."cancelledAt" IS NULL AND i.status <> 'ended'
      AND i."scheduledAt" > ${from}::timestamp(3) AND i."scheduledAt" < ${to}::timestamp(3)
    LIMIT 1`;
  if (clash.length) throw new ConflictError('That time is no longer free: one of you already has a session then.');
}

/**
 * A scenario at the candidate's level in a shared domain (any domain when
 * both said "any"), preferring one the candidate has not done. Never one the
 * interviewer is about to be interviewed on themselves: they would get its
 * guide (the policy's hold-back).
 */
async function pickScenario(tx: Prisma.TransactionClient, p: { level: string; domains: string[]; candidateId: string; interviewerId: string }): Promise<Scenario> {
  const library = scenarioLibrary();
  const history = await tx.participant.findMany({
    where: {
      OR: [
        { userId: p.candidateId, role: 'candidate' },
        { userId: p.interviewerId, role: 'candidate', interview: { status: { in: ['scheduled', 'live'] }, cancelledAt: null } },
      ],
    },
    select: { userId: true, interview: { select: { scenarioSlug: true } } },
  });
  const done = new Set(history.filter((h) => h.userId === p.candidateId).map((h) => h.interview.scenarioSlug));
  const heldBack = new Set(history.filter((h) => h.userId === p.interviewerId).map((h) => h.interview.scenarioSlug));
  const atLevel = library.scenarios.filter((s) => s.levels.includes(p.level as Scenario['levels'][number]) && !heldBack.has(s.slug));
  const inDomain = p.domains.length ? atLevel.filter((s) => s.domains.some((d) => p.domains.includes(d))) : atLevel;
  const pool = inDomain.length ? inDomain : atLevel;
  const fresh = pool.filter((s) => !done.has(s.slug));
  const choice = fresh.length ? fresh : pool;
  if (!choice.length) throw new ConflictError('No scenario fits this pair at the moment.');
  return choice[randomInt(choice.length)]!;
}
