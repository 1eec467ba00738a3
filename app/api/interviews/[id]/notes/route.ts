import { requireSession } from '@/server/auth/session';
import { readJson, route } from '@/server/http/errors';
import { authorize } from '@/server/interviews/service';
import { noteCreateSchema } from '@/lib/rubric/evaluation';
import { addNote, listNotes } from '@/server/rubric/notes';

type Ctx = { params: Promise<{ id: string }> };
const PRIVATE = { 'cache-control': 'private, no-store' };

/** Every interviewer's notes for this interview, oldest first. */
export const GET = route(async (request: Request, { params }: Ctx) => {
  const user = await requireSession(request.headers);
  const view = await authorize((await params).id, user.id, 'notes.read');
  return Response.json({ notes: await listNotes(view) }, { headers: PRIVATE });
});

/** A quick note; the server stamps it with the session clock and the phase. */
export const POST = route(async (request: Request, { params }: Ctx) => {
  const user = await requireSession(request.headers);
  const view = await authorize((await params).id, user.id, 'notes.write');
  const { text } = noteCreateSchema.parse(await readJson(request));
  return Response.json(await addNote(view, text), { status: 201, headers: PRIVATE });
});
