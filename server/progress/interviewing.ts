/**
 * The user's own interviewing, as their candidates rated it: the other half
 * of a peer session (round 1 as candidate, round 2 as interviewer, or the
 * reverse), so /progress shows both rounds. Reads only ratings about this
 * user (InterviewerRating.interviewerId), which the policy gives to nobody else.
 */
import type { InterviewingSession } from '../../lib/api/progress';
import { db } from '../db/client';

const mean = (values: number[]) => Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;

export async function interviewingRatings(userId: string): Promise<InterviewingSession[]> {
  const rows = await db().interviewerRating.findMany({
    where: { interviewerId: userId },
    select: { clarity: true, hints: true, feedback: true, createdAt: true, interview: { select: { id: true, title: true, endedAt: true } } },
  });
  const byInterview = new Map<string, typeof rows>();
  for (const row of rows) byInterview.set(row.interview.id, [...(byInterview.get(row.interview.id) ?? []), row]);
  return [...byInterview.values()]
    .map((group) => {
      const { interview } = group[0]!;
      const heldAt = interview.endedAt ?? group[0]!.createdAt;
      return {
        interviewId: interview.id,
        title: interview.title,
        heldAt: heldAt.toISOString(),
        clarity: mean(group.map((r) => r.clarity)),
        hints: mean(group.map((r) => r.hints)),
        feedback: mean(group.map((r) => r.feedback)),
        ratings: group.length,
      };
    })
    .sort((a, b) => a.heldAt.localeCompare(b.heldAt) || a.interviewId.localeCompare(b.interviewId));
}
