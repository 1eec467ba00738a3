import { requireSession } from '@/server/auth/session';
import { readJson, route } from '@/server/http/errors';
import { authorize } from '@/server/interviews/service';
import { releaseSchema } from '@/lib/rubric/evaluation';
import { releaseFeedback } from '@/server/rubric/feedback';

/** Releases the caller's feedback to the candidate: the written feedback plus exactly the parts chosen. */
export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireSession(request.headers);
  const view = await authorize((await params).id, user.id, 'feedback.release');
  const input = releaseSchema.parse(await readJson(request));
  return Response.json(await releaseFeedback(view, input), { status: 201 });
});
