/**
 * The calendar file builder and the reminder planning math, on their own.
 * Files are read back with ical.js, a real iCalendar parser.
 */
import { describe, expect, it } from 'vitest';
import { buildIcs, eventEnd, uidFor, wallClock, type CalendarEventInput } from '../../server/scheduling/ics';
import { REMINDER_OFFSETS, reminderKey, reminderTimes } from '../../server/scheduling/reminders';
import { parseCalendar } from '../helpers/mail';

const base: CalendarEventInput = {
  interviewId: 'abcDEF123_-xyz',
  sequence: 3,
  method: 'REQUEST',
  start: new Date('2027-03-28T00:30:00Z'),
  durationMinutes: 45,
  rounds: 2,
  summary: 'Mockroom: Fraud, screening; "quotes" (staff)',
  description: 'Line one\nRoom: https://mock.example/interviews/abcDEF123_-xyz',
  roomUrl: 'https://mock.example/interviews/abcDEF123_-xyz',
  organizer: { name: 'Ines, Interviewer', email: 'ines@example.test' },
  attendees: [
    { name: 'Ines, Interviewer', email: 'ines@example.test' },
    { name: 'Cal Candidate', email: 'cal@example.test' },
  ],
  timeZone: 'Europe/Berlin',
  stamp: new Date('2027-03-01T10:00:00Z'),
};

describe('buildIcs', () => {
  it('writes one stable event: UID, SEQUENCE, METHOD, organizer, attendees, room URL', () => {
    const ics = buildIcs(base);
    const event = parseCalendar(ics);
    expect(event).toMatchObject({
      method: 'REQUEST', uid: uidFor(base.interviewId), sequence: 3, status: 'CONFIRMED',
      url: base.roomUrl, location: base.roomUrl, organizer: 'mailto:ines@example.test', attendees: ['ines@example.test', 'cal@example.test'],
    });
    expect(uidFor('x')).toBe('x@mockroom');
    expect(ics).toMatch(/\r\nDTSTAMP:20270301T100000Z\r\n/);
    expect(ics).toContain('SUMMARY:Mockroom: Fraud\\, screening\\; "quotes" (staff)');
  });

  it('writes the time in the recipient’s zone with its VTIMEZONE, across a DST change', () => {
    // 00:30 UTC on the night Berlin moves to summer time is 01:30 CET; the end (+90 min, 02:00 UTC) is 04:00 CEST.
    const ics = buildIcs(base);
    expect(ics).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin');
    expect(ics).toContain('DTSTART;TZID=Europe/Berlin:20270328T013000');
    expect(ics).toContain('DTEND;TZID=Europe/Berlin:20270328T040000');
    const event = parseCalendar(ics);
    expect(event.tzid).toBe('Europe/Berlin');
    expect(event.start.toISOString()).toBe('2027-03-28T00:30:00.000Z');
    expect(event.end.toISOString()).toBe('2027-03-28T02:00:00.000Z');
  });

  it('writes UTC (no zone, or an unknown one) as Z times without a VTIMEZONE', () => {
    for (const timeZone of [null, 'Not/AZone']) {
      const ics = buildIcs({ ...base, timeZone });
      expect(ics).not.toContain('VTIMEZONE');
      expect(ics).toContain('DTSTART:20270328T003000Z');
      expect(parseCalendar(ics).tzid).toBe('UTC');
    }
  });

  it('covers one round or two', () => {
    expect(eventEnd(base.start, 45, 1).toISOString()).toBe('2027-03-28T01:15:00.000Z');
    const one = parseCalendar(buildIcs({ ...base, rounds: 1, durationMinutes: 60, timeZone: 'America/New_York' }));
    expect(one.end.getTime() - one.start.getTime()).toBe(60 * 60_000);
    expect(one.tzid).toBe('America/New_York');
  });

  it('cancels with METHOD:CANCEL and STATUS:CANCELLED, same UID', () => {
    const event = parseCalendar(buildIcs({ ...base, method: 'CANCEL', sequence: 4 }));
    expect(event).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', uid: uidFor(base.interviewId), sequence: 4 });
  });

  it('gives the zone’s wall clock whatever the process zone', () => {
    expect(wallClock(new Date('2026-12-10T15:00:00Z'), 'Asia/Kolkata')).toBe('2026-12-10T20:30:00');
    expect(wallClock(new Date('2026-07-01T00:00:00Z'), 'America/Los_Angeles')).toBe('2026-06-30T17:00:00');
  });
});

describe('reminderTimes', () => {
  const at = new Date('2027-01-10T15:00:00Z');
  const h = 3600_000;

  it('plans 24 h and 15 min before, in that order', () => {
    expect(reminderTimes(at, new Date(at.getTime() - 72 * h))).toEqual([
      { kind: '24h', at: new Date('2027-01-09T15:00:00Z') },
      { kind: '15m', at: new Date('2027-01-10T14:45:00Z') },
    ]);
    expect(REMINDER_OFFSETS).toEqual({ '24h': 24 * h, '15m': 15 * 60_000 });
  });

  it('skips a reminder whose moment has passed', () => {
    // Booked 2 h ahead: no 24 h reminder.
    expect(reminderTimes(at, new Date(at.getTime() - 2 * h)).map((r) => r.kind)).toEqual(['15m']);
    // Exactly at the 24 h mark: that one is due now, so it is no longer "to come".
    expect(reminderTimes(at, new Date(at.getTime() - 24 * h)).map((r) => r.kind)).toEqual(['15m']);
    expect(reminderTimes(at, new Date(at.getTime() - 10 * 60_000))).toEqual([]);
    expect(reminderTimes(at, new Date(at.getTime() + h))).toEqual([]);
  });

  it('keys each reminder email by kind, interview, person and the exact time', () => {
    expect(reminderKey('24h', 'i1', 'u1', at.toISOString())).toBe('reminder:24h:i1:u1:2027-01-10T15:00:00.000Z');
    expect(reminderKey('15m', 'i1', 'u1', at.toISOString())).not.toBe(reminderKey('15m', 'i1', 'u1', new Date(at.getTime() + 60_000).toISOString()));
  });
});
