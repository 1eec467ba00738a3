'use client';

/**
 * The session's recordings on the feedback page: a player per recording the
 * reader may watch (the list comes from the server, already narrowed by the
 * policy), its state while it is still uploading or being finished, and the
 * two ways a recording goes away: the interview's creator deletes one, and a
 * participant withdraws their consent, which deletes their own.
 */
import { useState } from 'react';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { apiFetch, failureMessage } from '@/lib/api/client';
import { deleteRecording, withdrawRecording, type RecordingList, type WatchableRecording } from '@/lib/api/recording';
import { formatDateTime } from '@/lib/time/format';

const STATE: Record<WatchableRecording['status'], string> = {
  recording: 'Still recording',
  stopped: 'Uploading and finishing: it plays once every piece has arrived',
  finished: '',
  failed: 'Could not be made seekable; it plays from the start',
};

function length(ms: number | null): string {
  if (ms === null) return '';
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

type Pending = { kind: 'delete' | 'withdraw'; recording: WatchableRecording };

export function Recordings({ interviewId, list, zone }: { interviewId: string; list: RecordingList; zone: string }) {
  const [items, setItems] = useState(list.recordings);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function proceed() {
    if (!pending) return;
    const { kind, recording } = pending;
    setPending(null);
    setBusy(true);
    setMessage(null);
    try {
      if (kind === 'delete') await apiFetch(deleteRecording, { params: { id: interviewId, recordingId: recording.id } });
      else await apiFetch(withdrawRecording, { params: { id: interviewId }, body: { sessionId: recording.sessionId } });
      setItems((all) => all.filter((r) => r.id !== recording.id));
      setMessage({ ok: true, text: kind === 'delete' ? 'The recording is deleted, from storage too.' : 'You withdrew your consent; your recording is deleted, from storage too.' });
    } catch (error) {
      setMessage({ ok: false, text: failureMessage(error, { offline: 'No connection: nothing was deleted. Try again.', refused: (status) => `Nothing was deleted (HTTP ${status}).` }) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card recordings" aria-labelledby="recordings-h" data-testid="recordings">
      <h2 id="recordings-h">Recordings</h2>
      {message && (
        <p className={`alert ${message.ok ? 'alert-success' : 'alert-error'}`} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      {items.length === 0 && list.heldBack === 0 && <p className="muted small">No recording of this interview is left.</p>}
      <ul className="recording-list">
        {items.map((r) => (
          <li key={r.id} data-testid="recording-item">
            <p className="small recording-head">
              <span>
                <strong>{r.mine ? 'Your recording' : r.person.name}</strong>
                <span className="muted"> · {formatDateTime(r.startedAt, zone)}{r.durationMs !== null && ` · ${length(r.durationMs)}`}</span>
              </span>
              <span className="recording-actions">
                {r.mine && (
                  <button type="button" className="btn btn-ghost btn-small" disabled={busy} onClick={() => setPending({ kind: 'withdraw', recording: r })}>
                    Withdraw consent
                  </button>
                )}
                {list.canDelete && (
                  <button type="button" className="btn btn-secondary btn-small" disabled={busy} onClick={() => setPending({ kind: 'delete', recording: r })}>
                    Delete
                  </button>
                )}
              </span>
            </p>
            {r.status === 'finished' || r.status === 'failed' ? (
              <video controls preload="metadata" src={r.mediaUrl} className="recording-video" aria-label={`Recording of ${r.mine ? 'you' : r.person.name}`} />
            ) : null}
            {STATE[r.status] && <p className="muted tiny">{STATE[r.status]}</p>}
          </li>
        ))}
      </ul>
      {list.heldBack > 0 && (
        <p className="muted small" data-testid="recordings-held-back">
          {list.heldBack === 1 ? 'One more recording of this session becomes' : `${list.heldBack} more recordings of this session become`} yours to watch if your
          interviewer releases the recording with the feedback.
        </p>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={pending?.kind === 'withdraw' ? 'Withdraw your consent?' : 'Delete this recording?'}
        action={pending?.kind === 'withdraw' ? 'Withdraw and delete' : 'Delete recording'}
        onConfirm={() => void proceed()}
        onCancel={() => setPending(null)}
      >
        <p>
          {pending?.kind === 'withdraw'
            ? 'Your recording of this session is deleted for everyone, from storage too, and your withdrawal is kept on record. This cannot be undone.'
            : `${pending?.recording.mine ? 'Your' : `${pending?.recording.person.name}’s`} recording is deleted for everyone, from storage too. This cannot be undone.`}
        </p>
      </ConfirmDialog>
    </section>
  );
}
