/**
 * Swapping roles in a peer session: round 1's candidate starts round 2 as
 * its interviewer. Round 2 is a new interview (its own board, timer,
 * evaluation and notes, so nothing of round 1's interviewer-only data is in
 * it), linked to round 1 by `previousRoundId`, with the same people in
 * swapped roles and no new invite. The room is told, and everyone in it
 * moves to round 2.
 */
import { z } from 'zod';
import type { SwapRolesInput } from '../../lib/api/rounds';
import type { Role } from '../../lib/interviews/roles';
import { db } from '../db/client';
import { getRuntime } from '../env';
import { eventBus } from '../events/bus';
import { ConflictError } from '../http/errors';
import { newInterviewId } from '../interviews/ids';
import { assertCanCreateInterviewOn, assertCanSwapRoles } from '../interviews/policy';
import { openCandidacies, scenarioFields, type LoadedInterview } from '../interviews/service';
import { scenarioLibrary } from '../scenarios/library';

const ALREADY_SWAPPED = 'Round 2 of this session has already started. Go to round 2.';

/** Round 1's interviewers are interviewed in round 2 and its candidate interviews; observers keep watching. */
const SWAPPED: Record<Role, Role> = { interviewer: 'candidate', candidate: 'interviewer', observer: 'observer' };

/** A 422 naming one field, worded for the person who filled it in (the same shape a schema refusal has). */
function invalid(field: string, message: string, input: unknown): z.ZodError {
  return new z.ZodError([{ code: 'custom', path: [field], message, input }]);
}

export async function swapRoles(round1: LoadedInterview, input: SwapRolesInput): Promise<{ id: string; roomUrl: string }> {
  assertCanSwapRoles(round1.actor, round1.interview);
  const links = await db().interview.findUniqueOrThrow({ where: { id: round1.interview.id }, select: { previousRoundId: true, nextRound: { select: { id: true } } } });
  if (links.previousRoundId) throw new ConflictError('This is round 2: a peer session has two rounds, and both of you have interviewed.');
  if (round1.interview.status !== 'ended') throw new ConflictError('Round 1 has not ended yet. Swap roles once the interviewer ends it.');
  if (links.nextRound) throw new ConflictError(ALREADY_SWAPPED);

  const scenario = scenarioLibrary().get(input.scenarioSlug);
  if (!scenario) throw invalid('scenarioSlug', `No scenario "${input.scenarioSlug}". Pick one from the list.`, input.scenarioSlug);
  // Round 2's candidate read this scenario's guide while interviewing round 1.
  if (scenario.slug === round1.snapshot.slug) {
    throw invalid('scenarioSlug', `Round 1 was "${scenario.title}", and your new candidate has seen its guide. Pick another scenario.`, input.scenarioSlug);
  }
  const level = input.level ?? round1.interview.level;
  if (!(scenario.levels as readonly string[]).includes(level)) {
    throw invalid('level', `"${scenario.title}" is not written for the ${level} level (it covers ${scenario.levels.join(', ')}).`, level);
  }
  const userId = round1.actor.userId;
  assertCanCreateInterviewOn(scenario.slug, await openCandidacies(userId));

  const people = await db().participant.findMany({ where: { interviewId: round1.interview.id }, select: { userId: true, role: true }, orderBy: { joinedAt: 'asc' } });
  const id = newInterviewId();
  try {
    await db().interview.create({
      data: {
        id,
        ...scenarioFields(scenario),
        level,
        durationMinutes: round1.interview.durationMinutes,
        mode: 'peer',
        previousRoundId: round1.interview.id,
        createdById: userId,
        participants: { create: people.map((p) => ({ userId: p.userId, role: SWAPPED[p.role] })) },
      },
    });
  } catch (error) {
    // Two presses at once: the unique index on previousRoundId lets exactly one round 2 exist.
    if ((error as { code?: string }).code === 'P2002') throw new ConflictError(ALREADY_SWAPPED);
    throw error;
  }
  eventBus().publish('round-swapped', { interviewId: round1.interview.id, nextInterviewId: id });
  return { id, roomUrl: `${getRuntime().appUrl}/interviews/${id}` };
}
