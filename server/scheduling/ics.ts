/**
 * The calendar file of an interview (RFC 5545, via ical-generator).
 *
 * One event per interview, forever: the UID is `<interviewId>@mockroom`, and
 * SEQUENCE is Interview.calendarSequence, raised on every reschedule or
 * cancel, so a calendar replaces the event it holds instead of adding one.
 * Invitations and updates are METHOD:REQUEST; a cancel is METHOD:CANCEL with
 * STATUS:CANCELLED. Times are written in the recipient's zone with its
 * VTIMEZONE (from @touch4it/ical-timezones), so the event reads right in
 * calendars that show the zone it was written in.
 */
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { zoneOrFallback } from '../../lib/time/zones';

export type IcsMethod = 'REQUEST' | 'CANCEL';

export interface CalendarPerson {
  name: string;
  email: string;
}

export interface CalendarEventInput {
  interviewId: string;
  sequence: number;
  method: IcsMethod;
  start: Date;
  /** One round's length. */
  durationMinutes: number;
  /** A peer session is two rounds with swapped roles, so its event covers both. */
  rounds: 1 | 2;
  summary: string;
  description: string;
  roomUrl: string;
  organizer: CalendarPerson;
  attendees: CalendarPerson[];
  /** The recipient's IANA zone; UTC when they have none. */
  timeZone: string | null;
  /** DTSTAMP: when this version of the event was made. */
  stamp?: Date;
}

export const uidFor = (interviewId: string) => `${interviewId}@mockroom`;

/** The event's end: `rounds` rounds of `durationMinutes` after the start. */
export function eventEnd(start: Date, durationMinutes: number, rounds: 1 | 2): Date {
  return new Date(start.getTime() + rounds * durationMinutes * 60_000);
}

/**
 * The wall-clock time of `at` in `zone`, as "YYYY-MM-DDTHH:mm:ss" with no
 * offset. ical-generator writes a zoned DTSTART from a plain Date with the
 * process's own local getters, so it is handed the zone's wall clock instead
 * (parsed as local, its getters give back exactly these digits).
 */
export function wallClock(at: Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

export function buildIcs(input: CalendarEventInput): string {
  const resolved = zoneOrFallback(input.timeZone);
  // UTC needs no VTIMEZONE: its times are written with Z.
  const zone = resolved === 'UTC' || resolved === 'Etc/UTC' ? null : resolved;
  const at = (date: Date) => (zone ? wallClock(date, zone) : date);
  const calendar = ical({
    prodId: { company: 'Mockroom', product: 'Mockroom', language: 'EN' },
    method: input.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    // No calendar-wide zone (DTSTAMP stays UTC); the generator adds the VTIMEZONE of the event's zone.
    timezone: { name: null, generator: getVtimezoneComponent },
  });
  calendar.createEvent({
    id: uidFor(input.interviewId),
    sequence: input.sequence,
    stamp: input.stamp ?? new Date(),
    start: at(input.start),
    end: at(eventEnd(input.start, input.durationMinutes, input.rounds)),
    timezone: zone,
    summary: input.summary,
    description: input.description,
    url: input.roomUrl,
    location: input.roomUrl,
    status: input.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: input.organizer.name, email: input.organizer.email },
    attendees: input.attendees.map((person) => ({
      name: person.name,
      email: person.email,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: input.method === 'REQUEST',
    })),
  });
  return calendar.toString();
}
