import { readGuide } from '@/lib/api/guide';
import { interviewRoute } from '@/server/routes/interview-route';
import { phasesOf } from '@/server/timer/phases';

/**
 * The interviewer's guide for this interview's scenario snapshot. The only
 * path the guide takes to a browser, and only for roles the policy allows.
 */
export const GET = interviewRoute(readGuide, 'guide.read', async ({ view }) => {
  const { snapshot } = view;
  return {
    context: snapshot.guide.context,
    phases: phasesOf(view).map((p) => ({ id: p.id, title: p.title, goal: p.goal, probes: snapshot.guide.probes[p.id] ?? [] })),
    clarifyingFacts: snapshot.guide.clarifyingFacts,
    constraintCards: snapshot.guide.constraintCards,
  };
});
