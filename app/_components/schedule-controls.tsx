'use client';

/**
 * An interview's time, where its people see it (dashboard row, room lobby):
 * "Add to calendar" (the .ics download), and for those who may manage it a
 * way to set or move the time and to call the session off, each through the
 * in-app dialog. Times are read and written in the viewer's zone.
 */
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { apiFetch, failureMessage } from '@/lib/api/client';
import { cancelSchedule, setSchedule } from '@/lib/api/scheduling';
import { fromZonedInput, toZonedInput } from '@/lib/time/zoned-input';
import { ConfirmDialog } from './confirm-dialog';

export interface ScheduleControlsProps {
  interviewId: string;
  scheduledAt: string | null;
  cancelledAt: string | null;
  /** The policy's 'schedule.manage' answer for the viewer, and the session not started or over. */
  canManage: boolean;
  zone: string;
}

const words = (what: string) => ({
  offline: `Could not reach Mockroom to ${what}. Check your connection and try again.`,
  refused: (status: number) => `Could not ${what} (HTTP ${status}).`,
});

/** A whole hour tomorrow: a reasonable first guess for a new time. */
const suggestion = () => new Date(Math.ceil((Date.now() + 24 * 3600_000) / 3600_000) * 3600_000);

export function ScheduleControls({ interviewId, scheduledAt, cancelledAt, canManage, zone }: ScheduleControlsProps) {
  const router = useRouter();
  const [dialog, setDialog] = useState<'time' | 'cancel' | null>(null);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const errorId = useId();

  function openTime() {
    setValue(toZonedInput(scheduledAt ?? suggestion(), zone));
    setError(null);
    setDialog('time');
  }

  async function run(what: string, call: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await call();
      setDialog(null);
      router.refresh();
    } catch (failure) {
      setError(failureMessage(failure, words(what)));
    } finally {
      setBusy(false);
    }
  }

  function saveTime() {
    const at = fromZonedInput(value, zone);
    if (!at) return setError('Pick a date and a time.');
    void run(scheduledAt ? 'move the session' : 'set the time', () => apiFetch(setSchedule, { params: { id: interviewId }, body: { scheduledAt: at.toISOString() } }));
  }

  if (cancelledAt) {
    return (
      <div className="schedule-line" data-testid="schedule-controls">
        <span className="chip chip-cancelled" data-testid="cancelled-chip">
          Cancelled
        </span>
      </div>
    );
  }

  return (
    <div className="schedule-line" data-testid="schedule-controls">
      {scheduledAt && (
        <a className="btn btn-secondary" href={`/api/interviews/${interviewId}/calendar.ics`} download data-testid="add-to-calendar">
          Add to calendar
        </a>
      )}
      {canManage && (
        <button type="button" className="btn btn-secondary" onClick={openTime} data-testid="schedule-button">
          {scheduledAt ? 'Reschedule' : 'Set a time'}
        </button>
      )}
      {canManage && scheduledAt && (
        <button type="button" className="btn btn-secondary" onClick={() => (setError(null), setDialog('cancel'))} data-testid="cancel-session-button">
          Cancel session
        </button>
      )}
      <ConfirmDialog
        open={dialog === 'time'}
        title={scheduledAt ? 'Move the session' : 'Set a time'}
        action={scheduledAt ? 'Move it' : 'Set the time'}
        busy={busy}
        onConfirm={saveTime}
        onCancel={() => setDialog(null)}
      >
        <p>Everyone in the interview gets {scheduledAt ? 'the new time' : 'an invitation'} by email, with a calendar file.</p>
        <div className="schedule-field">
          <label htmlFor={inputId}>When ({zone})</label>
          <input
            id={inputId}
            className="input"
            type="datetime-local"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            data-testid="schedule-input"
          />
          {error && (
            <p id={errorId} className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'cancel'}
        title="Cancel this session?"
        action="Cancel session"
        dismiss="Keep it"
        busy={busy}
        onConfirm={() => void run('cancel the session', () => apiFetch(cancelSchedule, { params: { id: interviewId } }))}
        onCancel={() => setDialog(null)}
      >
        <p>Everyone in it gets a cancellation email, and the event leaves their calendars. This cannot be undone.</p>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
