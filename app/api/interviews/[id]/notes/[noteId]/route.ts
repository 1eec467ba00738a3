import { deleteNote } from '@/lib/api/notes';
import { interviewRoute } from '@/server/routes/interview-route';
import { deleteNote as remove } from '@/server/rubric/notes';

/** The wrapper asks whether this role may delete notes at all; `deleteNote` asks again for this note's author. */
export const DELETE = interviewRoute(deleteNote, 'notes.delete', async ({ view, params }) => {
  await remove(view, params.noteId);
  return null;
});
