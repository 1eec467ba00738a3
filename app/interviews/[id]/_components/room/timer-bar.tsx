'use client';

import { useEffect, useState } from 'react';
import { formatClock, timerView, type TimerCommand, type TimerState } from '@/lib/timer/timer';

interface Props {
  timer: TimerState | null;
  offsetMs: number;
  canControl: boolean;
  sendTimer: (command: TimerCommand) => Promise<string | null>;
  /** The interview has ended: the clock shows where it stopped. */
  ended: boolean;
}

/** Re-renders a few times a second against the server's clock (local clock + measured offset). */
function useServerNow(offsetMs: number): number {
  const [now, setNow] = useState(() => Date.now() + offsetMs);
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now() + offsetMs), 250);
    return () => clearInterval(tick);
  }, [offsetMs]);
  return now;
}

export function TimerBar({ timer, offsetMs, canControl, sendTimer, ended }: Props) {
  const now = useServerNow(offsetMs);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!timer) return <div className="timer-bar muted">Loading the agenda…</div>;
  const view = timerView(timer, now);

  const run = async (command: TimerCommand) => {
    setBusy(true);
    setError(await sendTimer(command));
    setBusy(false);
  };
  const state = view.overrun ? 'overrun' : view.warning ? 'warning' : view.status;

  return (
    <div className="timer-bar" data-state={state}>
      <div className="timer-main">
        <div>
          <div className="timer-label">
            Phase {view.index + 1} of {timer.phases.length}
            {ended ? ' · interview ended' : view.status === 'paused' && ' · paused'}
            {view.status === 'idle' && ' · not started'}
            {view.status === 'finished' && ' · agenda finished'}
          </div>
          <div className="timer-phase" data-testid="timer-phase">
            {view.phase.title}
          </div>
        </div>
        <div className="timer-clock" aria-live="off">
          <span data-testid="timer-remaining" data-ms={view.phaseRemainingMs} className="timer-remaining">
            {view.overrun ? `+${formatClock(-view.phaseRemainingMs)}` : formatClock(view.phaseRemainingMs)}
          </span>
          <span className="timer-overall" data-testid="timer-overall" data-ms={view.overallRemainingMs}>
            {formatClock(Math.max(0, view.overallRemainingMs))} left overall
          </span>
        </div>
        {view.warning && <span className="timer-flag" role="status">Two minutes left in this phase</span>}
        {view.overrun && <span className="timer-flag timer-flag-over" role="status">Phase over time</span>}
      </div>
      <ol className="timer-agenda" aria-label="Agenda">
        {timer.phases.map((phase, i) => (
          <li key={phase.id} data-done={i < view.index || view.status === 'finished'} data-current={i === view.index} title={`${phase.title} · ${Math.round(phase.plannedMs / 60000)} min`}>
            <span className="sr-only">{phase.title}</span>
          </li>
        ))}
      </ol>
      {canControl && (
        <div className="timer-controls" role="group" aria-label="Timer controls">
          {view.status === 'idle' && (
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void run({ type: 'start' })}>
              Start
            </button>
          )}
          {view.status === 'running' && (
            <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void run({ type: 'pause' })}>
              Pause
            </button>
          )}
          {view.status === 'paused' && (
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void run({ type: 'resume' })}>
              Resume
            </button>
          )}
          <button type="button" className="btn btn-ghost" disabled={busy || view.index === 0 || view.status === 'idle'} onClick={() => void run({ type: 'previous' })}>
            ← Previous
          </button>
          <button type="button" className="btn btn-ghost" disabled={busy || view.status === 'idle' || view.status === 'finished'} onClick={() => void run({ type: 'next' })}>
            Next phase →
          </button>
          <button type="button" className="btn btn-ghost" disabled={busy || view.status === 'finished'} onClick={() => void run({ type: 'extend', minutes: 2 })}>
            +2 min
          </button>
          {error && (
            <span className="field-error" role="alert">
              {error}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
