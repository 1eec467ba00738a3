import { requireSession } from '@/server/auth/session';
import { readJson, route } from '@/server/http/errors';
import { authorize } from '@/server/interviews/service';
import { markSchema } from '@/lib/rubric/evaluation';
import { setMark } from '@/server/rubric/evaluations';

/** Ticks or unticks a signal or red flag; a tick is stamped on the session clock by the server. */
export const PUT = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireSession(request.headers);
  const view = await authorize((await params).id, user.id, 'rubric.score');
  const mark = markSchema.parse(await readJson(request));
  return Response.json(await setMark(view, mark), { headers: { 'cache-control': 'private, no-store' } });
});
