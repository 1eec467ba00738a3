/** Private interviewer notes, stamped by the server with the session clock and the phase. */
import { z } from 'zod';
import { noteCreateSchema, noteViewSchema } from '../rubric/evaluation';
import { defineRoute } from './contract';

export const listNotes = defineRoute({ method: 'GET', path: '/api/interviews/:id/notes', response: z.object({ notes: z.array(noteViewSchema) }) });

export const addNote = defineRoute({ method: 'POST', path: '/api/interviews/:id/notes', request: noteCreateSchema, response: noteViewSchema, status: 201 });

/** Authors delete their own notes only. */
export const deleteNote = defineRoute({ method: 'DELETE', path: '/api/interviews/:id/notes/:noteId', response: null });
