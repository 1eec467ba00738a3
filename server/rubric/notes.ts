/**
 * Private interviewer notes, stamped with the session clock and the phase.
 * Every interviewer of the interview reads every note (co-interviewers follow
 * each other live); new and deleted notes go out on the bus to the
 * interviewers' socket.io room only.
 */
import type { NoteView } from '../../lib/rubric/evaluation';
import { displayName } from '../../lib/auth/display-name';
import { db } from '../db/client';
import { NotFoundError } from '../http/errors';
import { assertCan } from '../interviews/policy';
import type { LoadedInterview as Loaded } from '../interviews/service';
import { eventBus } from '../events/bus';
import { phaseTitler } from '../timer/phases';
import { stampNow } from '../timer/session-clock';

type NoteRow = { id: string; interviewId: string; authorId: string; text: string; sessionMs: number; phaseId: string; createdAt: Date; author: { name: string | null; email: string } };

function toView(row: NoteRow, title: (phaseId: string) => string): NoteView {
  return {
    id: row.id, interviewId: row.interviewId, authorId: row.authorId, authorName: displayName(row.author),
    text: row.text, sessionMs: row.sessionMs, phaseId: row.phaseId, phaseTitle: title(row.phaseId), createdAt: row.createdAt.toISOString(),
  };
}

const author = { select: { name: true, email: true } } as const;

export async function listNotes(view: Loaded): Promise<NoteView[]> {
  const rows = await db().note.findMany({ where: { interviewId: view.interview.id }, include: { author }, orderBy: { createdAt: 'asc' }, take: 2000 });
  const title = phaseTitler(view);
  return rows.map((r) => toView(r, title));
}

export async function addNote(view: Loaded, text: string): Promise<NoteView> {
  const stamp = await stampNow(view);
  const row = await db().note.create({ data: { interviewId: view.interview.id, authorId: view.actor.userId, text, ...stamp }, include: { author } });
  const note = toView(row, phaseTitler(view));
  eventBus().publish('note-added', { note });
  return note;
}

/** Deletes a note if the policy lets this caller delete this note (only its author may). */
export async function deleteNote(view: Loaded, noteId: string): Promise<void> {
  const row = await db().note.findFirst({ where: { id: noteId, interviewId: view.interview.id }, select: { authorId: true } });
  if (!row) throw new NotFoundError('No note with that id in this interview.');
  assertCan(view.actor, 'notes.delete', view.interview, { authorId: row.authorId });
  await db().note.delete({ where: { id: noteId } });
  eventBus().publish('note-deleted', { interviewId: view.interview.id, noteId });
}
