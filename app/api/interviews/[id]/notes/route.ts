import { addNote, listNotes } from '@/lib/api/notes';
import { interviewRoute } from '@/server/routes/interview-route';
import { addNote as add, listNotes as list } from '@/server/rubric/notes';

/** Every interviewer's notes for this interview, oldest first. */
export const GET = interviewRoute(listNotes, 'notes.read', async ({ view }) => ({ notes: await list(view) }));

/** A quick note; the server stamps it with the session clock and the phase. */
export const POST = interviewRoute(addNote, 'notes.write', ({ view, body: { text } }) => add(view, text));
