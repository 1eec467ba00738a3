/**
 * Progress (issue 15): the signed-in user's scores, level estimates and red
 * flags as a candidate, built only from released feedback, with the weakest
 * dimensions, the scenarios that exercise them, and re-practice reminders.
 */
import { z } from 'zod';
import { LEVEL_ESTIMATES } from '../rubric/evaluation';
import { defineRoute } from './contract';

const isoTime = z.iso.datetime();

/** Days after a session's end on which re-practice is suggested (the prep guides' spaced schedule). */
export const REPRACTICE_DAYS = [4, 7, 14] as const;
/** How many of the latest released sessions the weakest dimensions are averaged over. */
export const WEAKEST_WINDOW = 5;

export const reminderSchema = z.object({
  interviewId: z.string(),
  dayOffset: z.number().int(),
  dueAt: isoTime,
  sentAt: isoTime.nullable(),
});
export type ReminderView = z.infer<typeof reminderSchema>;

export const progressSessionSchema = z.object({
  interviewId: z.string(),
  title: z.string(),
  scenarioSlug: z.string(),
  /** When the session ended (or, failing that, its first release). */
  heldAt: isoTime,
  /** How many interviewers released feedback for it. */
  releases: z.number().int().positive(),
  /** Mean released score per dimension id; a dimension absent here had no released score. */
  scores: z.record(z.string(), z.number()),
  /** Released level estimates, one per interviewer who released one. */
  levelEstimates: z.array(z.enum(LEVEL_ESTIMATES)),
  /** Titles of the red flags released for it (only where an interviewer chose to release them). */
  redFlags: z.array(z.string()),
  /** Whether any release of this session carried its red flags (an empty list then means "none ticked"). */
  redFlagsReleased: z.boolean(),
  /** This session's re-practice reminders (sent or not). */
  reminders: z.array(reminderSchema),
  /** False once the last re-practice day has passed: there is nothing left to remind about. */
  canRemind: z.boolean(),
});
export type ProgressSession = z.infer<typeof progressSessionSchema>;

/**
 * One session the user interviewed in, as their candidates rated it (the
 * two-way feedback of peer rounds). Only the rated interviewer ever gets these.
 */
export const interviewingSessionSchema = z.object({
  interviewId: z.string(),
  title: z.string(),
  heldAt: isoTime,
  /** Means over the candidates who rated it, 1–5. */
  clarity: z.number(),
  hints: z.number(),
  feedback: z.number(),
  ratings: z.number().int().positive(),
});
export type InterviewingSession = z.infer<typeof interviewingSessionSchema>;

export const progressSchema = z.object({
  /** Oldest first. */
  sessions: z.array(progressSessionSchema),
  /** Sessions the user interviewed in and was rated for, oldest first. */
  interviewing: z.array(interviewingSessionSchema),
  /** Every dimension with a released score, in the rubric's order. */
  dimensions: z.array(z.object({ id: z.string(), title: z.string() })),
  weakest: z.array(z.object({ id: z.string(), title: z.string(), average: z.number(), sessions: z.number().int().positive() })),
  /** Red flags released in more than one session, most frequent first. */
  repeatedRedFlags: z.array(z.object({ title: z.string(), sessions: z.number().int(), lastSeen: isoTime })),
  suggestions: z.array(
    z.object({
      slug: z.string(),
      title: z.string(),
      summary: z.string(),
      domains: z.array(z.string()),
      /** The weak dimensions this scenario's rubric works on hardest. */
      exercises: z.array(z.object({ id: z.string(), title: z.string() })),
    }),
  ),
  /** Reminders not sent yet, soonest first. */
  upcoming: z.array(reminderSchema.extend({ title: z.string() })),
});
export type Progress = z.infer<typeof progressSchema>;

export const readProgress = defineRoute({ method: 'GET', path: '/api/progress', response: progressSchema });

const remindersReply = z.object({ reminders: z.array(reminderSchema) });

/** Idempotent: the 4-, 7- and 14-day reminders still ahead are created once, however often this is called. */
export const remindRepractice = defineRoute({ method: 'PUT', path: '/api/interviews/:id/repractice', response: remindersReply });

/** Cancels the reminders not sent yet; the ones already sent stay listed. */
export const cancelRepractice = defineRoute({ method: 'DELETE', path: '/api/interviews/:id/repractice', response: remindersReply });
