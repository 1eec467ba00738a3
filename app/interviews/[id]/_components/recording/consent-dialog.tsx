'use client';

import { useEffect, useId, useRef } from 'react';
import type { RecordingStatus } from '@/lib/api/recording';

const PART_WORDS: Record<string, string> = { camera: 'your camera', microphone: 'your microphone', board: 'the board’s history' };

interface Props {
  open: boolean;
  status: RecordingStatus;
  userId: string;
  busy: boolean;
  error: string | null;
  onAllow: () => void;
  onDecline: () => void;
  /** Escape or "Decide later": the question stays open under the REC indicator. */
  onLater: () => void;
}

/**
 * The consent question, asked of every person who publishes media, the one
 * who pressed Record included. Nothing of theirs is captured until they press
 * Allow. Escape does not decide anything: it only puts the question away.
 */
export function ConsentDialog({ open, status, userId, busy, error, onAllow, onDecline, onLater }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const allowRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const wanted = useRef(open);

  useEffect(() => {
    wanted.current = open;
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      allowRef.current?.focus();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);

  const session = status.session;
  if (!session) return null;
  const asker = session.requestedBy.id === userId ? 'You' : session.requestedBy.name;
  const parts = session.parts.map((p) => PART_WORDS[p] ?? p);
  const others = status.people.filter((p) => p.userId !== userId);

  return (
    <dialog
      ref={ref}
      className="confirm-dialog consent-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid="consent-dialog"
      onClose={() => {
        if (wanted.current) onLater();
      }}
    >
      <h2 id={titleId}>
        <span className="rec-dot" aria-hidden /> {asker} {asker === 'You' ? 'asked' : 'asks'} to record this session
      </h2>
      <div id={bodyId} className="confirm-dialog-body">
        <p>
          If you allow, this browser records {parts.join(', ').replace(/, ([^,]*)$/, ' and $1')} from now until you or an interviewer stops it. Nothing is
          recorded before you allow, and if you decline, nothing of yours is recorded at all.
        </p>
        <ul className="consent-facts">
          <li>Everyone in the room sees a red REC while anything is recorded, and whose streams it covers.</li>
          <li>The interviewers can watch the recording afterwards. You can always watch your own.</li>
          <li>You can stop your own recording at any moment from the REC indicator, and withdraw it later.</li>
        </ul>
        {others.length > 0 && (
          <p className="muted small">
            So far:{' '}
            {others.map((p, i) => (
              <span key={p.userId}>
                {i > 0 && ' · '}
                {p.name} {p.decision === 'allowed' ? 'allowed' : p.decision === 'declined' ? 'declined' : 'has not answered'}
              </span>
            ))}
          </p>
        )}
        {error && (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="confirm-dialog-actions">
        <button type="button" className="btn btn-ghost" onClick={onLater} disabled={busy}>
          Decide later
        </button>
        <button type="button" className="btn btn-secondary" onClick={onDecline} disabled={busy}>
          Decline
        </button>
        <button ref={allowRef} type="button" className="btn btn-primary" onClick={onAllow} disabled={busy}>
          Allow recording
        </button>
      </div>
    </dialog>
  );
}
