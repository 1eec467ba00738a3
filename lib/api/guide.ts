/** The interviewer's guide for an interview's scenario snapshot, for the interview's length. */
import { z } from 'zod';
import { defineRoute } from './contract';

export const guideSchema = z.object({
  context: z.string(),
  phases: z.array(z.object({ id: z.string(), title: z.string(), goal: z.string(), probes: z.array(z.string()) })),
  clarifyingFacts: z.array(z.object({ topic: z.string(), answer: z.string() })),
  /** `prompt` is what the candidate will see; `followUp` is for the interviewer only (empty on interviews made before it existed). */
  constraintCards: z.array(z.object({ id: z.string(), title: z.string(), prompt: z.string(), followUp: z.string(), phase: z.string() })),
});
export type Guide = z.infer<typeof guideSchema>;

export const readGuide = defineRoute({ method: 'GET', path: '/api/interviews/:id/guide', response: guideSchema });
