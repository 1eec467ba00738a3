/**
 * A peer session's two rounds (issue 15): when round 1 has ended, its
 * candidate swaps roles and starts round 2 as its interviewer, with the same
 * people and no new invite.
 */
import { z } from 'zod';
import { LEVELS } from '../scenarios/levels';
import { safeText } from '../validation/text';
import { defineRoute } from './contract';

export const swapRolesSchema = z.object({
  scenarioSlug: safeText().trim().min(1, { message: "Choose round 2's scenario." }),
  /** Round 1's level unless given. */
  level: z.enum(LEVELS, { message: 'Choose senior, staff or principal.' }).optional(),
});
export type SwapRolesInput = z.infer<typeof swapRolesSchema>;

export const swapRoles = defineRoute({
  method: 'POST',
  path: '/api/interviews/:id/swap',
  request: swapRolesSchema,
  response: z.object({ id: z.string(), roomUrl: z.string() }),
  status: 201,
});

/** Where an interview sits in a two-round peer session, for links between the rounds. Ids and a name only. */
export interface RoundLink {
  /** 1 or 2. */
  number: 1 | 2;
  /** The other round's id. */
  otherId: string;
}

/** An interview row's place in a two-round session, from its link columns; null when it is not linked to another round. */
export function roundLinkOf(row: { previousRoundId: string | null; nextRound: { id: string } | null }): RoundLink | null {
  if (row.previousRoundId) return { number: 2, otherId: row.previousRoundId };
  if (row.nextRound) return { number: 1, otherId: row.nextRound.id };
  return null;
}
