import { requireSession } from '@/server/auth/session';
import { route } from '@/server/http/errors';
import { authorize } from '@/server/interviews/service';
import { phasesOf } from '@/server/timer/phases';

/**
 * The interviewer's guide for this interview's scenario snapshot. The only
 * path the guide takes to a browser, and only for roles the policy allows.
 */
export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireSession(request.headers);
  const view = await authorize((await params).id, user.id, 'guide.read');
  const { snapshot } = view;
  return Response.json(
    {
      context: snapshot.guide.context,
      phases: phasesOf(view).map((p) => ({ id: p.id, title: p.title, goal: p.goal, probes: snapshot.guide.probes[p.id] ?? [] })),
      clarifyingFacts: snapshot.guide.clarifyingFacts,
      constraintCards: snapshot.guide.constraintCards,
    },
    { headers: { 'cache-control': 'private, no-store' } },
  );
});
