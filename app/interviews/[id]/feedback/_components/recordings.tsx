'use client';

/**
 * The session's recordings on the feedback page: a player per recording the
 * reader may watch (the list comes from the server, already narrowed by the
 * policy), with its state while it is still being uploaded or finished.
 */
import type { RecordingList, WatchableRecording } from '@/lib/api/recording';
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

export function Recordings({ list, zone }: { list: RecordingList; zone: string }) {
  return (
    <section className="card recordings" aria-labelledby="recordings-h" data-testid="recordings">
      <h2 id="recordings-h">Recordings</h2>
      {list.recordings.length === 0 && list.heldBack === 0 && <p className="muted small">Nothing was recorded in this interview.</p>}
      <ul className="recording-list">
        {list.recordings.map((r) => (
          <li key={r.id} data-testid="recording-item">
            <p className="small">
              <strong>{r.mine ? 'Your recording' : r.person.name}</strong>
              <span className="muted"> · {formatDateTime(r.startedAt, zone)}{r.durationMs !== null && ` · ${length(r.durationMs)}`}</span>
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
          {list.heldBack === 1 ? 'One more recording' : `${list.heldBack} more recordings`} of this session become yours to watch if your interviewer
          releases the recording with the feedback.
        </p>
      )}
    </section>
  );
}
