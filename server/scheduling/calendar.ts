/**
 * An interview as its calendar event and its scheduling emails see it: who
 * is in it (with their zones), the organizer, the room link, the .ics for one
 * recipient, and the emails for a set of recipients.
 */
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import { getEnv, getRuntime } from '../env';
import type { OutgoingEmail } from '../email/outbox';
import { buildIcs, type CalendarPerson, type IcsMethod } from './ics';
import { scheduleMessage, type EmailKind } from './messages';

export type Db = Prisma.TransactionClient | PrismaClient;

const CALENDAR_SELECT = {
  id: true, title: true, level: true, durationMinutes: true, mode: true, status: true, scheduledAt: true, cancelledAt: true,
  calendarSequence: true, previousRoundId: true,
  createdBy: { select: { name: true, email: true } },
  participants: { select: { role: true, joinedAt: true, user: { select: { id: true, name: true, email: true, timeZone: true } } }, orderBy: { joinedAt: 'asc' } },
  _count: { select: { matchedRequests: true } },
} as const satisfies Prisma.InterviewSelect;

export type CalendarInterview = Prisma.InterviewGetPayload<{ select: typeof CALENDAR_SELECT }>;
export type Member = CalendarInterview['participants'][number];

export async function loadCalendarInterview(client: Db, interviewId: string): Promise<CalendarInterview | null> {
  return client.interview.findUnique({ where: { id: interviewId }, select: CALENDAR_SELECT });
}

export const roomUrlFor = (interviewId: string) => `${getRuntime().appUrl}/interviews/${interviewId}`;

/** A peer session is two rounds with roles swapped (round 2 is made at the swap, so only round 1 is booked). */
export const roundsOf = (interview: Pick<CalendarInterview, 'mode' | 'previousRoundId'>): 1 | 2 => (interview.mode === 'peer' && !interview.previousRoundId ? 2 : 1);

const personOf = (m: Member): CalendarPerson => ({ name: m.user.name?.trim() || m.user.email, email: m.user.email });

/** "Mockroom <no-reply@x>" → its parts; a bare address is both. */
function mailbox(from: string): CalendarPerson {
  const match = from.match(/^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/);
  return match ? { name: match[1]!.trim() || 'Mockroom', email: match[2]!.trim() } : { name: 'Mockroom', email: from.trim() };
}

/** The creator; for a session matching booked, Mockroom itself (nobody in it arranged it). */
function organizerOf(interview: CalendarInterview): CalendarPerson {
  if (interview._count.matchedRequests > 0) return mailbox(getEnv().EMAIL_FROM);
  return { name: interview.createdBy.name?.trim() || interview.createdBy.email, email: interview.createdBy.email };
}

/** The interview's calendar file as `recipient` should get it (their zone). */
export function icsFor(interview: CalendarInterview, at: Date, recipientZone: string | null, method: IcsMethod): string {
  return buildIcs({
    interviewId: interview.id,
    sequence: interview.calendarSequence,
    method,
    start: at,
    durationMinutes: interview.durationMinutes,
    rounds: roundsOf(interview),
    summary: `Mockroom: ${interview.title} (${interview.level})`,
    description: `ML system design mock interview on Mockroom.\nRoom: ${roomUrlFor(interview.id)}`,
    roomUrl: roomUrlFor(interview.id),
    organizer: organizerOf(interview),
    attendees: interview.participants.map(personOf),
    timeZone: recipientZone,
  });
}

/** One email per recipient of `kind` about `interview` at `at`, deduped by `key(member)`. */
export function emailsFor(interview: CalendarInterview, kind: EmailKind, at: Date, recipients: Member[], key: (m: Member) => string): OutgoingEmail[] {
  const minutes = interview.durationMinutes * roundsOf(interview);
  const method: IcsMethod | null = kind === 'cancellation' ? 'CANCEL' : kind === 'invitation' || kind === 'update' ? 'REQUEST' : null;
  return recipients.map((member) => {
    const others = interview.participants.filter((p) => p.user.id !== member.user.id).map((p) => `${personOf(p).name} (${p.role})`);
    const message = scheduleMessage({
      kind, title: interview.title, level: interview.level, at, minutes, roomUrl: roomUrlFor(interview.id),
      recipient: { name: member.user.name, timeZone: member.user.timeZone, role: member.role }, others,
    });
    return {
      dedupeKey: key(member),
      userId: member.user.id,
      toEmail: member.user.email,
      kind,
      ...message,
      ...(method && { ics: icsFor(interview, at, member.user.timeZone, method), icsMethod: method }),
      interviewId: interview.id,
    };
  });
}

