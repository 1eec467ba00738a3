/**
 * Finding a practice partner (issue 15): posting availability, the matches
 * it led to, other people's open requests ("openings") and booking one, and
 * reporting a partner who never came.
 *
 * Other people appear by first name only: no email, no surname, and never
 * their reliability (each person sees only their own).
 */
import { z } from 'zod';
import { ANY_DOMAIN, FIRST_ROLES } from '../matching/compatibility';
import { firstOverlap, HORIZON_DAYS, HORIZON_MS, MAX_WINDOW_HOURS, MAX_WINDOW_MS, MAX_WINDOWS, SESSION_MINUTES, SESSION_MS } from '../matching/slots';
import { LEVELS } from '../scenarios/levels';
import { safeText } from '../validation/text';
import { defineRoute } from './contract';

const isoTime = z.iso.datetime({ offset: true, message: 'Use an ISO date and time, e.g. 2026-12-01T15:00:00Z.' });

const slotSchema = z.object({ startsAt: isoTime, endsAt: isoTime });

/** Checked against the clock when parsed: a window is judged at the moment it is posted. */
export const postAvailabilitySchema = z.strictObject({
  slots: z
    .array(slotSchema)
    .min(1, { message: 'Add at least one window of time.' })
    .max(MAX_WINDOWS, { message: `Add at most ${MAX_WINDOWS} windows.` })
    .superRefine((slots, ctx) => {
      const now = Date.now();
      const windows = slots.map((s) => ({ start: Date.parse(s.startsAt), end: Date.parse(s.endsAt) }));
      windows.forEach((w, i) => {
        const issue = (field: 'startsAt' | 'endsAt', message: string) => ctx.addIssue({ code: 'custom', path: [i, field], message });
        if (w.start < now) issue('startsAt', 'This window starts in the past.');
        else if (w.start > now + HORIZON_MS) issue('startsAt', `Pick a time within the next ${HORIZON_DAYS} days.`);
        // Within 14 days and at most 12 h long, a window ends in time by construction.
        if (w.end <= w.start) issue('endsAt', 'The window must end after it starts.');
        else if (w.end - w.start < SESSION_MS) issue('endsAt', `A window must be at least ${SESSION_MINUTES} minutes: two rounds of 45.`);
        else if (w.end - w.start > MAX_WINDOW_MS) issue('endsAt', `A window can be at most ${MAX_WINDOW_HOURS} hours.`);
      });
      const overlapping = firstOverlap(windows);
      if (overlapping >= 0) ctx.addIssue({ code: 'custom', path: [overlapping, 'startsAt'], message: 'This window overlaps another one.' });
    }),
  level: z.enum(LEVELS, { message: 'Choose senior, staff or principal.' }),
  /** Domain ids from the scenario library, or ["any"]; checked against the library by the server. */
  domains: z
    .array(safeText().min(1).max(64))
    .min(1, { message: `Pick at least one domain, or "${ANY_DOMAIN}".` })
    .max(32),
  firstRole: z.enum(FIRST_ROLES, { message: 'Choose interviewer, candidate or either.' }),
});
export type PostAvailabilityInput = z.infer<typeof postAvailabilitySchema>;

const windowView = z.object({ startsAt: isoTime, endsAt: isoTime });

export const availabilityViewSchema = z.object({
  id: z.string(),
  level: z.enum(LEVELS),
  /** ["any"] for any domain. */
  domains: z.array(z.string()),
  firstRole: z.enum(FIRST_ROLES),
  /** The zone the windows were picked in. */
  timeZone: z.string(),
  createdAt: isoTime,
  slots: z.array(windowView),
});
export type AvailabilityView = z.infer<typeof availabilityViewSchema>;

export const matchViewSchema = z.object({
  interviewId: z.string(),
  title: z.string(),
  scheduledAt: isoTime,
  matchedAt: isoTime,
  /** My role in round 1 (round 2 swaps them). */
  role: z.enum(['interviewer', 'candidate']),
  partnerFirstName: z.string(),
  status: z.enum(['scheduled', 'live', 'ended', 'cancelled']),
});
export type MatchView = z.infer<typeof matchViewSchema>;

export const reliabilitySchema = z.object({
  sessions: z.number().int().nonnegative(),
  attended: z.number().int().nonnegative(),
  lateCancels: z.number().int().nonnegative(),
  noShows: z.number().int().nonnegative(),
  /** Attended over all sessions, rounded; null before the first session. */
  percent: z.number().int().min(0).max(100).nullable(),
  /** "96% — 1 late cancel in 25 sessions". */
  summary: z.string(),
});
export type Reliability = z.infer<typeof reliabilitySchema>;

export const postAvailability = defineRoute({
  method: 'POST',
  path: '/api/matching/requests',
  request: postAvailabilitySchema,
  response: z.object({ status: z.enum(['matched', 'open']), request: availabilityViewSchema, match: matchViewSchema.nullable() }),
  status: 201,
});

export const readMatching = defineRoute({
  method: 'GET',
  path: '/api/matching/requests',
  response: z.object({ open: availabilityViewSchema.nullable(), matches: z.array(matchViewSchema), reliability: reliabilitySchema }),
});

/** Withdraws my open request; 404 for anyone else's, 409 once it is matched. */
export const withdrawAvailability = defineRoute({ method: 'DELETE', path: '/api/matching/requests/:id', response: null });

export const openingSchema = z.object({
  requestId: z.string(),
  firstName: z.string(),
  level: z.enum(LEVELS),
  domains: z.array(z.string()),
  firstRole: z.enum(FIRST_ROLES),
  slots: z.array(windowView),
  /** Starts (on the half hour) at which a session fits in both their windows and mine. */
  startTimes: z.array(isoTime),
});
export type Opening = z.infer<typeof openingSchema>;

export const listOpenings = defineRoute({
  method: 'GET',
  path: '/api/matching/openings',
  response: z.object({ hasOpenRequest: z.boolean(), openings: z.array(openingSchema) }),
});

export const bookOpening = defineRoute({
  method: 'POST',
  path: '/api/matching/openings/:requestId/book',
  request: z.strictObject({ startsAt: isoTime }),
  response: matchViewSchema,
  status: 201,
});

// ---------------------------------------------------------------- reliability

export const reportNoShow = defineRoute({
  method: 'POST',
  path: '/api/interviews/:id/no-show',
  request: z.strictObject({ userId: safeText().min(1, { message: 'Say who did not come.' }).max(64) }),
  response: z.object({ interviewId: z.string(), userId: z.string(), kind: z.literal('no_show'), recordedAt: isoTime }),
  status: 201,
});
