'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { apiFetch, failureMessage } from '@/lib/api/client';
import { ApiError } from '@/lib/api/errors';
import { addNote, deleteNote, listNotes } from '@/lib/api/notes';
import { formatClock } from '@/lib/timer/timer';
import { MAX_NOTE_CHARS, type NoteView } from '@/lib/rubric/evaluation';
import type { RoomFeed } from '../room/use-room';

interface Props {
  interviewId: string;
  userId: string;
  subscribe: (fn: (event: RoomFeed) => void) => () => void;
}

/**
 * Quick notes, stamped by the server with the session clock and phase.
 * Co-interviewers' notes arrive live over the interviewers' channel; after a
 * reconnect the list is read again so nothing said meanwhile is missed.
 */
export function NotesPanel({ interviewId, userId, subscribe }: Props) {
  const [notes, setNotes] = useState<NoteView[]>([]);
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);

  const upsert = useCallback((incoming: NoteView[]) => {
    setNotes((known) => {
      const byId = new Map(known.map((n) => [n.id, n]));
      for (const n of incoming) byId.set(n.id, n);
      return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    });
  }, []);

  const load = useCallback(async () => {
    try {
      const { notes: listed } = await apiFetch(listNotes, { params: { id: interviewId } });
      setError(null);
      setNotes(listed);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setError('Could not load notes. They are safe on the server; reconnecting will retry.');
    }
  }, [interviewId]);

  useEffect(() => {
    void load();
    return subscribe((event) => {
      if (event.type === 'note-added') upsert([event.note]);
      else if (event.type === 'note-deleted') setNotes((n) => n.filter((x) => x.id !== event.noteId));
      else void load();
    });
  }, [load, subscribe, upsert]);

  useEffect(() => {
    listRef.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [notes.length]);

  async function add(event: React.FormEvent) {
    event.preventDefault();
    const text = draft.trim();
    if (!text || sending) return;
    setSending(true);
    try {
      upsert([await apiFetch(addNote, { params: { id: interviewId }, body: { text } })]);
      setDraft('');
      setError(null);
    } catch (error) {
      setError(failureMessage(error, { offline: 'Could not save the note: no connection. Your text is still in the box.', refused: (status) => `Could not save the note (HTTP ${status}).` }));
    } finally {
      setSending(false);
    }
  }

  async function remove(note: NoteView) {
    try {
      await apiFetch(deleteNote, { params: { id: interviewId, noteId: note.id } });
      setNotes((n) => n.filter((x) => x.id !== note.id));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setError('Could not delete the note. Try again.');
    }
  }

  return (
    <div className="notes-panel" data-testid="notes">
      <ol className="note-list" ref={listRef} aria-label="Notes">
        {notes.length === 0 && <li className="muted small">No notes yet. Each note is stamped with the session clock and the phase.</li>}
        {notes.map((note) => (
          <li key={note.id} className="note" data-author={note.authorId === userId ? 'me' : 'other'}>
            <p className="note-meta tiny">
              <span className="mono">{formatClock(note.sessionMs)}</span> · {note.phaseTitle}
              {note.authorId !== userId && <> · {note.authorName}</>}
            </p>
            <p className="note-text small">{note.text}</p>
            {note.authorId === userId && (
              <button type="button" className="link-button tiny" onClick={() => void remove(note)} aria-label={`Delete note: ${note.text.slice(0, 40)}`}>
                Delete
              </button>
            )}
          </li>
        ))}
      </ol>
      {error && <p className="field-error" role="alert">{error}</p>}
      <form onSubmit={(e) => void add(e)} className="note-form">
        <label htmlFor="note-draft" className="sr-only">
          New note
        </label>
        <input
          id="note-draft"
          className="input"
          value={draft}
          maxLength={MAX_NOTE_CHARS}
          placeholder="Quick note, Enter to save"
          onChange={(e) => setDraft(e.target.value)}
          autoComplete="off"
        />
        <button type="submit" className="btn btn-small" disabled={sending || !draft.trim()}>
          Add
        </button>
      </form>
    </div>
  );
}
