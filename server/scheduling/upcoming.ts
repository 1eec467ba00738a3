/**
 * What the "starting soon" banner needs for one person: their sessions that
 * are under way, or booked to start within the next day (the page decides,
 * minute by minute, which are within 15 minutes). Titles and times only.
 */
import { db } from '../db/client';

export const SOON_MS = 15 * 60_000;
const LOOKAHEAD_MS = 24 * 60 * 60_000;

export interface SoonItem {
  id: string;
  title: string;
  /** ISO; null for a live session nobody booked a time for. */
  startsAt: string | null;
  /** When a booked session that has not begun stops counting as "starting" (its planned end). */
  until: string | null;
  live: boolean;
}

export async function sessionsStartingSoon(userId: string, now = new Date()): Promise<SoonItem[]> {
  const rows = await db().interview.findMany({
    where: {
      participants: { some: { userId } },
      cancelledAt: null,
      OR: [
        { status: 'live' },
        // Booked and not begun: from a day ahead until its planned end (a peer session's two rounds, at most 2 × 60 min).
        { status: 'scheduled', scheduledAt: { gt: new Date(now.getTime() - 2 * 60 * 60_000), lt: new Date(now.getTime() + LOOKAHEAD_MS) } },
      ],
    },
    select: { id: true, title: true, status: true, scheduledAt: true, durationMinutes: true, mode: true, previousRoundId: true },
    orderBy: { scheduledAt: 'asc' },
    take: 10,
  });
  return rows
    .map((r) => {
      const rounds = r.mode === 'peer' && !r.previousRoundId ? 2 : 1;
      const until = r.scheduledAt ? new Date(r.scheduledAt.getTime() + rounds * r.durationMinutes * 60_000) : null;
      return { id: r.id, title: r.title, startsAt: r.scheduledAt?.toISOString() ?? null, until: until?.toISOString() ?? null, live: r.status === 'live' };
    })
    .filter((r) => r.live || (r.until !== null && new Date(r.until) > now));
}

/** The time as its pages show it, and whether this person may change it. */
export async function scheduleFor(interviewId: string): Promise<{ scheduledAt: Date | null; cancelledAt: Date | null }> {
  const row = await db().interview.findUnique({ where: { id: interviewId }, select: { scheduledAt: true, cancelledAt: true } });
  return { scheduledAt: row?.scheduledAt ?? null, cancelledAt: row?.cancelledAt ?? null };
}
