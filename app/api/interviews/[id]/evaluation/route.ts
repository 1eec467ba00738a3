import { requireSession } from '@/server/auth/session';
import { readJson, route } from '@/server/http/errors';
import { authorize } from '@/server/interviews/service';
import { evaluationPatchSchema } from '@/lib/rubric/evaluation';
import { patchEvaluation, readEvaluation } from '@/server/rubric/evaluations';

type Ctx = { params: Promise<{ id: string }> };
const PRIVATE = { 'cache-control': 'private, no-store' };

/** The caller's own evaluation; co-interviewers' scores are never returned. */
export const GET = route(async (request: Request, { params }: Ctx) => {
  const user = await requireSession(request.headers);
  const view = await authorize((await params).id, user.id, 'rubric.read');
  return Response.json(await readEvaluation(view), { headers: PRIVATE });
});

/** Autosave: a partial update of scores, summaries and the wrap-up. */
export const PATCH = route(async (request: Request, { params }: Ctx) => {
  const user = await requireSession(request.headers);
  const view = await authorize((await params).id, user.id, 'rubric.score');
  const patch = evaluationPatchSchema.parse(await readJson(request));
  return Response.json(await patchEvaluation(view, patch), { headers: PRIVATE });
});
