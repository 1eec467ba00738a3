import { requireSession } from '@/server/auth/session';
import { route } from '@/server/http/errors';
import { authorize } from '@/server/interviews/service';
import { deleteNote } from '@/server/rubric/notes';

export const DELETE = route(async (request: Request, { params }: { params: Promise<{ id: string; noteId: string }> }) => {
  const user = await requireSession(request.headers);
  const { id, noteId } = await params;
  const view = await authorize(id, user.id, 'notes.write');
  await deleteNote(view, noteId);
  return new Response(null, { status: 204 });
});
