/**
 * How the two rounds of a peer session point at each other, for the room,
 * the feedback and review pages. Ids, statuses and the interviewers' names
 * only: each round's content is read through that round's own membership.
 */
import { displayName } from '../../lib/auth/display-name';
import type { InterviewStatus } from '../../lib/interviews/roles';
import { db } from '../db/client';
import { canCreateInterviewOn } from '../interviews/policy';
import { openCandidacies } from '../interviews/service';
import { scenarioLibrary } from '../scenarios/library';

export interface RoomRound {
  number: 1 | 2;
  /** The other round, once there is one. */
  other: { id: string; status: InterviewStatus } | null;
  /** Round 2's interviewer (round 1's candidate): who interviews after the swap. */
  swapperName: string | null;
  /** This round's (first) interviewer: round 2's candidate, when this is round 1. */
  interviewerName: string | null;
}

/** Where this interview sits in a peer session; null for a coached session, which has one round. */
export async function roomRound(interviewId: string): Promise<RoomRound | null> {
  const row = await db().interview.findUnique({
    where: { id: interviewId },
    select: {
      mode: true,
      createdBy: { select: { name: true, email: true } },
      previousRound: { select: { id: true, status: true } },
      nextRound: { select: { id: true, status: true, createdBy: { select: { name: true, email: true } } } },
      participants: { where: { role: { in: ['candidate', 'interviewer'] } }, orderBy: { joinedAt: 'asc' }, select: { role: true, user: { select: { name: true, email: true } } } },
    },
  });
  if (!row) return null;
  const first = (role: 'candidate' | 'interviewer') => {
    const person = row.participants.find((p) => p.role === role)?.user;
    return person ? displayName(person) : null;
  };
  const interviewerName = first('interviewer');
  if (row.previousRound) return { number: 2, other: row.previousRound, swapperName: displayName(row.createdBy), interviewerName };
  if (row.nextRound) return { number: 1, other: { id: row.nextRound.id, status: row.nextRound.status }, swapperName: displayName(row.nextRound.createdBy), interviewerName };
  if (row.mode !== 'peer') return null;
  return { number: 1, other: null, swapperName: first('candidate'), interviewerName };
}

/** Scenarios round 2 may be on, for round 1's candidate: not round 1's, nor any they are about to be interviewed on. */
export async function swapChoices(round1Slug: string, userId: string): Promise<{ slug: string; title: string; domains: string[]; levels: string[] }[]> {
  const held = await openCandidacies(userId);
  return scenarioLibrary()
    .scenarios.filter((s) => s.slug !== round1Slug && canCreateInterviewOn(s.slug, held))
    .map((s) => ({ slug: s.slug, title: s.title, domains: [...s.domains], levels: [...s.levels] }));
}
