'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiFetch, failureMessage } from '@/lib/api/client';
import { cancelRepractice, remindRepractice, type ReminderView } from '@/lib/api/progress';
import { formatDate } from '@/lib/time/format';

interface Props {
  interviewId: string;
  reminders: ReminderView[];
  /** False once day 14 after the session has passed. */
  canRemind: boolean;
  timeZone: string;
}

/**
 * "Remind me to re-practise" for one released session: day 4, 7 and 14 after
 * it, by email. Setting them twice changes nothing; cancelling drops the ones
 * not sent yet. Used on /progress and on the candidate's feedback page.
 */
export function RepracticeControl({ interviewId, reminders: initial, canRemind, timeZone }: Props) {
  const router = useRouter();
  const [reminders, setReminders] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pending = reminders.filter((r) => r.sentAt === null);
  const sent = reminders.filter((r) => r.sentAt !== null);

  async function act(contract: typeof remindRepractice | typeof cancelRepractice) {
    setBusy(true);
    setError(null);
    try {
      const reply = await apiFetch(contract, { params: { id: interviewId } });
      setReminders(reply.reminders);
      router.refresh();
    } catch (e) {
      setError(failureMessage(e, { offline: 'No connection: nothing changed.', refused: (status) => `Could not change the reminders (HTTP ${status}).` }));
    } finally {
      setBusy(false);
    }
  }

  const days = (list: ReminderView[]) => list.map((r) => `day ${r.dayOffset} (${formatDate(r.dueAt, timeZone)})`).join(', ');
  return (
    <div className="repractice" data-testid="repractice">
      {pending.length > 0 ? (
        <>
          <p className="small" data-testid="repractice-set">
            Re-practice reminders set: {days(pending)}.
          </p>
          <button type="button" className="btn btn-secondary btn-small" disabled={busy} onClick={() => void act(cancelRepractice)}>
            {busy ? 'Cancelling…' : 'Cancel reminders'}
          </button>
        </>
      ) : canRemind ? (
        <button type="button" className="btn btn-secondary btn-small" disabled={busy} onClick={() => void act(remindRepractice)}>
          {busy ? 'Setting…' : 'Remind me to re-practise'}
        </button>
      ) : null}
      {sent.length > 0 && <p className="muted small">Sent: {days(sent)}.</p>}
      {pending.length === 0 && !canRemind && sent.length === 0 && <p className="muted small">The re-practice days (4, 7 and 14 after the session) have passed.</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
