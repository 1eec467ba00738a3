import { readGuide } from '@/lib/api/guide';
import { interviewRoute } from '@/server/routes/interview-route';
import { DURATIONS } from '@/server/scenarios/schema';

/**
 * The interviewer's guide for this interview's scenario snapshot. The only
 * path the guide takes to a browser, and only for roles the policy allows.
 */
export const GET = interviewRoute(readGuide, 'guide.read', async ({ view: { snapshot, interview } }) => {
  const duration = DURATIONS.includes(interview.durationMinutes as 45 | 60) ? (interview.durationMinutes as 45 | 60) : 60;
  return {
    context: snapshot.guide.context,
    phases: snapshot.guide.phases[duration].map((p) => ({ id: p.id, title: p.title, goal: p.goal, probes: snapshot.guide.probes[p.id] ?? [] })),
    clarifyingFacts: snapshot.guide.clarifyingFacts,
    constraintCards: snapshot.guide.constraintCards,
  };
});
