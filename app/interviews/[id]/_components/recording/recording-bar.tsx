'use client';

/**
 * The recording indicator, in the room's header for every role: a red REC
 * with the elapsed time and whose streams are recorded while anything is, and
 * a disclosure with each person's answer, this browser's upload state, and
 * the controls (Allow, Stop my recording, Stop for everyone). For an
 * interviewer with nothing recorded it is the Record button.
 */
import { formatElapsed } from '@/lib/time/format';
import { useEffect, useId, useRef, useState } from 'react';
import type { RecordingPerson } from '@/lib/api/recording';
import type { UploadState } from './uploader';
import { isActive, type RecordingView } from './use-recording';
import './recording.css';

interface Props {
  recording: RecordingView;
  userId: string;
  /** Interviewer (may start and stop everything) or not. */
  canControl: boolean;
  /** The interview has ended: no new recording, but the upload state still shows. */
  ended: boolean;
  /** Add to Date.now() to read the server's clock. */
  offsetMs: number;
  onAnswer: () => void;
}


export function uploadText(upload: UploadState): string | null {
  switch (upload.kind) {
    case 'uploading':
      return `Uploading ${upload.pendingChunks} chunk${upload.pendingChunks === 1 ? '' : 's'}…`;
    case 'saved':
      return 'All saved';
    case 'offline':
      return `Offline, will retry${upload.pendingChunks ? ` (${upload.pendingChunks} waiting)` : ''}`;
    case 'error':
      return upload.message ?? 'Upload failed, will retry';
    default:
      return null;
  }
}

function who(person: RecordingPerson, userId: string): string {
  return person.userId === userId ? 'You' : person.name;
}

function answer(person: RecordingPerson, active: boolean): string {
  if (person.recording) return 'recording';
  if (person.decision === 'declined') return 'declined, not recorded';
  if (person.decision === 'withdrawn') return 'withdrew, not recorded';
  if (person.decision === 'allowed') return 'stopped';
  return active ? 'not answered yet' : 'not recorded';
}

function useElapsed(startedAt: string | undefined, running: boolean, offsetMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return startedAt ? now + offsetMs - Date.parse(startedAt) : 0;
}

export function RecordingBar({ recording, userId, canControl, ended, offsetMs, onAnswer }: Props) {
  const { status, upload, busy, error } = recording;
  const active = isActive(status);
  const elapsed = useElapsed(status?.session?.startedAt, active, offsetMs);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrap = useRef<HTMLDivElement>(null);

  // The disclosure closes on Escape and on a click elsewhere, like a menu.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onDown = (e: PointerEvent) => !wrap.current?.contains(e.target as Node) && setOpen(false);
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onDown);
    };
  }, [open]);

  if (!status) return null;
  const people = status.people;
  const recorded = people.filter((p) => p.recording);
  const me = people.find((p) => p.userId === userId);
  const saving = uploadText(upload);
  const showSaving = saving && (recording.capturing || upload.kind !== 'idle');

  if (!active) {
    if (!canControl || ended) {
      return showSaving ? (
        <span className="rec-upload" data-state={upload.kind} data-testid="recording-upload" role="status">
          Recording: {saving}
        </span>
      ) : null;
    }
    return (
      <div className="rec-wrap">
        <button type="button" className="btn btn-secondary btn-small rec-start" onClick={() => void recording.start()} disabled={busy} data-testid="record-button">
          <span className="rec-dot" aria-hidden /> Record
        </button>
        {showSaving && (
          <span className="rec-upload" data-state={upload.kind} data-testid="recording-upload" role="status">
            Recording: {saving}
          </span>
        )}
        {error && <span className="rec-error" role="alert">{error}</span>}
      </div>
    );
  }

  const summary = recorded.length ? recorded.map((p) => who(p, userId)).join(', ') : 'nobody yet';
  // Said in the header itself, not only in the disclosure: everyone must see who is not recorded.
  const left = people.filter((p) => !p.recording && p.decision !== null);
  const missing = left.length ? ` · not recorded: ${left.map((p) => who(p, userId)).join(', ')}` : '';
  return (
    <div className="rec-wrap" ref={wrap}>
      <button
        type="button"
        className="rec-indicator"
        data-testid="rec-indicator"
        data-recording={recorded.length > 0}
        aria-expanded={open}
        aria-controls={panelId}
        title={`Recording ${summary}${missing}`}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="rec-dot" aria-hidden />
        <span className="rec-label">REC</span>
        <span className="rec-time" data-testid="rec-elapsed">{formatElapsed(elapsed)}</span>
        <span className="rec-who" data-testid="rec-who">
          {summary}
          {missing && <span className="rec-missing">{missing}</span>}
        </span>
      </button>
      {showSaving && (
        <span className="rec-upload" data-state={upload.kind} data-testid="recording-upload" role="status">
          {saving}
        </span>
      )}
      {open && (
        <div className="rec-panel" id={panelId} data-testid="rec-panel">
          <p className="small">
            Asked by {status.session!.requestedBy.id === userId ? 'you' : status.session!.requestedBy.name}: camera, microphone and the board’s history of
            each person who allows.
          </p>
          <ul className="rec-people">
            {people.map((p) => (
              <li key={p.userId} data-testid={`rec-person-${p.role}`} data-recording={p.recording}>
                <span className={`rec-state ${p.recording ? 'on' : ''}`} aria-hidden />
                <strong>{who(p, userId)}</strong> <span className="muted small">{p.role}</span>
                <span className="rec-answer">{answer(p, active)}</span>
              </li>
            ))}
          </ul>
          {recording.volatile && <p className="alert alert-info tiny">{recording.volatile} A reload loses what is not uploaded yet.</p>}
          {error && <p className="alert alert-error tiny" role="alert">{error}</p>}
          <div className="rec-actions">
            {me && me.decision !== 'allowed' && (
              <button type="button" className="btn btn-secondary btn-small" onClick={onAnswer} disabled={busy}>
                {me.decision === null ? 'Answer the request' : 'Allow after all'}
              </button>
            )}
            {me?.recording && (
              <button type="button" className="btn btn-secondary btn-small" onClick={() => void recording.stopMine()} disabled={busy}>
                Stop my recording
              </button>
            )}
            {canControl && (
              <button type="button" className="btn btn-secondary btn-small" onClick={() => void recording.stopAll()} disabled={busy}>
                Stop recording for everyone
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
