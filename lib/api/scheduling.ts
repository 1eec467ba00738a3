/**
 * Scheduling an interview (issue 15): set or move its time, call it off, and
 * download its calendar file. Each change emails everyone in it an .ics (same
 * UID, rising SEQUENCE); reminders follow 24 h and 15 min before.
 */
import { z } from 'zod';
import { defineRoute } from './contract';

/** How far ahead a session may be booked. */
export const MAX_DAYS_AHEAD = 366;

export const scheduleRequestSchema = z.strictObject({
  scheduledAt: z.iso.datetime({ offset: true, message: 'Use an ISO date and time with its offset, e.g. 2026-12-01T15:00:00+01:00.' }),
});
export type ScheduleRequest = z.infer<typeof scheduleRequestSchema>;

export const scheduleViewSchema = z.object({
  scheduledAt: z.iso.datetime().nullable(),
  cancelledAt: z.iso.datetime().nullable(),
  /** The calendar event's SEQUENCE, raised by every reschedule and cancel. */
  calendarSequence: z.number().int().nonnegative(),
  /** Same-origin link to the current .ics. */
  calendarUrl: z.string(),
});
export type ScheduleView = z.infer<typeof scheduleViewSchema>;

/** Sets the time (the first time: an invitation to everyone; later: an update). 422 for a time past or over a year ahead; 409 once started, ended or cancelled. */
export const setSchedule = defineRoute({ method: 'PUT', path: '/api/interviews/:id/schedule', request: scheduleRequestSchema, response: scheduleViewSchema });

/** Calls the session off: everyone gets a METHOD:CANCEL update. 409 once started, ended or already cancelled. */
export const cancelSchedule = defineRoute({ method: 'DELETE', path: '/api/interviews/:id/schedule', response: scheduleViewSchema });

/** The current .ics (text/calendar) as a download, in the caller's zone. 404 for anyone not in the interview. */
export const downloadCalendar = defineRoute({ method: 'GET', path: '/api/interviews/:id/calendar.ics', response: null, status: 200 });
