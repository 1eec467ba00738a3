/** Creating an interview, ending it and deleting it. (Managing its invite links: ./invites.ts.) */
import { z } from 'zod';
import { ROLES } from '../interviews/roles';
import { LEVELS } from '../scenarios/levels';
import { safeText } from '../validation/text';
import { defineRoute } from './contract';

export const createInterviewSchema = z
  .object({
    scenarioSlug: safeText().min(1, { message: 'Choose a scenario.' }),
    level: z.enum(LEVELS, { message: 'Choose senior, staff or principal.' }),
    durationMinutes: z.union([z.literal(45), z.literal(60)], { message: 'Choose 45 or 60 minutes.' }),
    mode: z.enum(['peer', 'coach'], { message: 'Choose peer practice or a coached session.' }),
    scheduledAt: z.iso.datetime({ offset: true, message: 'Use an ISO date and time, e.g. 2026-12-01T15:00:00Z.' }).optional(),
    priceCents: z.number().int().min(0).max(1_000_000).optional(),
  })
  .refine((v) => v.mode === 'coach' || v.priceCents === undefined, { path: ['priceCents'], message: 'Only coached sessions have a price.' });
export type CreateInterviewInput = z.infer<typeof createInterviewSchema>;

export const createdInterviewSchema = z.object({
  id: z.string(),
  roomUrl: z.string(),
  invites: z.object({ candidate: z.string(), interviewer: z.string(), observer: z.string() }),
});
export type CreatedInterview = z.infer<typeof createdInterviewSchema>;

export const createInterview = defineRoute({
  method: 'POST',
  path: '/api/interviews',
  request: createInterviewSchema,
  response: createdInterviewSchema,
  status: 201,
});

/** Ends the interview for everyone: the board freezes and the timer stops. */
export const endInterview = defineRoute({
  method: 'POST',
  path: '/api/interviews/:id/end',
  response: z.object({ status: z.literal('ended'), endedAt: z.iso.datetime() }),
});

/**
 * Deletes the interview for good: its recordings (bytes in storage first),
 * then the interview and everything recorded about it. Only its creator; 409
 * while it is live (end it first).
 */
export const deleteInterview = defineRoute({ method: 'DELETE', path: '/api/interviews/:id', response: null });
