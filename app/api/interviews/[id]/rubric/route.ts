import { requireSession } from '@/server/auth/session';
import { route } from '@/server/http/errors';
import { authorize } from '@/server/interviews/service';
import { rubricView } from '@/server/rubric/evaluations';

type Ctx = { params: Promise<{ id: string }> };

/** The rubric of this interview's snapshot: dimensions with anchors and signals, red flags, level expectations. */
export const GET = route(async (request: Request, { params }: Ctx) => {
  const user = await requireSession(request.headers);
  const view = await authorize((await params).id, user.id, 'rubric.read');
  return Response.json(rubricView(view.snapshot), { headers: { 'cache-control': 'private, no-store' } });
});
