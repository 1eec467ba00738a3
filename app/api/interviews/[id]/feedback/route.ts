import { requireSession } from '@/server/auth/session';
import { route } from '@/server/http/errors';
import { authorize } from '@/server/interviews/service';
import { listReleasedFeedback } from '@/server/rubric/feedback';

/** Released feedback only: exactly the documents frozen at release, for the candidate and the interviewers. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireSession(request.headers);
  const view = await authorize((await params).id, user.id, 'feedback.read');
  return Response.json({ released: await listReleasedFeedback(view.interview.id) }, { headers: { 'cache-control': 'private, no-store' } });
});
