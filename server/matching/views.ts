/** What matching shows its user: their request, their matches, and other people by first name only. */
import type { AvailabilityView, MatchView } from '../../lib/api/matching';
import { ANY_DOMAIN, type FirstRole } from '../../lib/matching/compatibility';
import type { Level } from '../../lib/scenarios/levels';
import { db } from '../db/client';

/** A first name, never an email or a surname; "Your partner" for someone who gave no name. */
export function firstName(name: string | null | undefined): string {
  return name?.trim().split(/\s+/)[0] || 'Your partner';
}

export const domainsView = (domains: string[]) => (domains.length ? domains : [ANY_DOMAIN]);

export function requestView(r: {
  id: string;
  level: string;
  domains: string[];
  firstRole: FirstRole;
  timeZone: string;
  createdAt: Date;
  slots: { startsAt: Date; endsAt: Date }[];
}): AvailabilityView {
  return {
    id: r.id,
    level: r.level as Level,
    domains: domainsView(r.domains),
    firstRole: r.firstRole,
    timeZone: r.timeZone,
    createdAt: r.createdAt.toISOString(),
    slots: [...r.slots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()).map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })),
  };
}

/** My matched sessions (round 1 of each), newest match first. */
export async function matchesOf(userId: string, only?: { interviewId: string }): Promise<MatchView[]> {
  const rows = await db().availabilityRequest.findMany({
    where: { userId, status: 'matched', interviewId: only?.interviewId ?? { not: null } },
    orderBy: { matchedAt: 'desc' },
    take: 50,
    select: {
      matchedAt: true,
      interview: {
        select: {
          id: true, title: true, scheduledAt: true, status: true, cancelledAt: true,
          participants: { select: { userId: true, role: true, user: { select: { name: true } } } },
        },
      },
    },
  });
  const views: MatchView[] = [];
  for (const { matchedAt, interview } of rows) {
    if (!interview?.scheduledAt || !matchedAt) continue;
    const me = interview.participants.find((p) => p.userId === userId);
    const partner = interview.participants.find((p) => p.userId !== userId && p.role !== 'observer');
    if (!me || (me.role !== 'interviewer' && me.role !== 'candidate')) continue;
    views.push({
      interviewId: interview.id,
      title: interview.title,
      scheduledAt: interview.scheduledAt.toISOString(),
      matchedAt: matchedAt.toISOString(),
      role: me.role,
      partnerFirstName: firstName(partner?.user.name),
      status: interview.cancelledAt ? 'cancelled' : interview.status,
    });
  }
  return views;
}
