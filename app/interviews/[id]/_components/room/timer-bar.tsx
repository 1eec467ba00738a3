'use client';

import { useEffect, useState, type ReactNode } from 'react';
import type { Role } from '@/lib/interviews/roles';
import type { PresenceEntry } from '@/lib/realtime/protocol';
import { formatClock, sessionElapsedMs, timerView, type TimerCommand, type TimerState } from '@/lib/timer/timer';
import { HereNow } from './presence-list';

interface Props {
  timer: TimerState | null;
  offsetMs: number;
  canControl: boolean;
  sendTimer: (command: TimerCommand) => Promise<string | null>;
  /** The interview has ended: the clock shows where it stopped. */
  ended: boolean;
  role: Role;
  userId: string;
  presence: PresenceEntry[];
  /** Placed after the timer controls (the "End interview" button), so Tab reaches Start first. */
  children?: ReactNode;
}

/** Re-renders a few times a second against the server's clock (local clock + measured offset). */
function useServerNow(offsetMs: number, ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now() + offsetMs);
  useEffect(() => {
    setNow(Date.now() + offsetMs);
    if (!ticking) return;
    const tick = setInterval(() => setNow(Date.now() + offsetMs), 250);
    return () => clearInterval(tick);
  }, [offsetMs, ticking]);
  return now;
}

function Agenda({ timer, index, finished }: { timer: TimerState; index: number; finished: boolean }) {
  return (
    <ol className="timer-agenda" aria-label="Agenda">
      {timer.phases.map((phase, i) => (
        <li key={phase.id} data-done={i < index || finished} data-current={i === index} title={`${phase.title} · ${Math.round(phase.plannedMs / 60000)} min`}>
          <span className="sr-only">{phase.title}</span>
        </li>
      ))}
    </ol>
  );
}

export function TimerBar({ timer, offsetMs, canControl, sendTimer, ended, role, userId, presence, children }: Props) {
  // The end reaches the room before the server's pause of a running clock (two events): until that
  // pause arrives the bar says 'ending' and keeps estimating; then the clock shows the server's stop
  // and never moves again, so it stops re-rendering too.
  const settled = ended && timer?.status !== 'running';
  const now = useServerNow(offsetMs, !settled);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!timer) {
    return (
      <div className="timer-bar" data-state="loading">
        <span className="muted small">Loading the agenda…</span>
        {children && <div className="timer-end">{children}</div>}
      </div>
    );
  }
  const view = timerView(timer, now);

  if (ended) {
    const started = timer.status !== 'idle';
    return (
      <div className="timer-bar" data-state={settled ? 'ended' : 'ending'} data-testid="timer-bar">
        <div className="timer-main">
          <div>
            <div className="timer-label">Interview ended</div>
            <div className="timer-phase" data-testid="timer-phase">
              {started ? `Stopped in ${view.phase.title}` : 'The clock was never started'}
            </div>
          </div>
          <div className="timer-clock">
            <span className="timer-remaining timer-stopped" data-testid="timer-ended">
              {started ? `Ended at ${formatClock(sessionElapsedMs(timer, now))}` : 'Ended'}
            </span>
          </div>
        </div>
        <Agenda timer={timer} index={view.index} finished={view.status === 'finished'} />
        {children && <div className="timer-end">{children}</div>}
      </div>
    );
  }

  // Before the clock starts, the people who cannot start it are told who they are waiting for, and who is here.
  if (view.status === 'idle' && !canControl) {
    return (
      <div className="timer-bar" data-state="idle" data-testid="timer-bar">
        <div className="timer-waiting" role="status" data-testid="waiting">
          <p className="timer-waiting-title">{role === 'candidate' ? 'Waiting for your interviewer to start the clock' : 'Waiting for the interviewer to start the clock'}</p>
          <div className="timer-waiting-people">
            <span className="muted tiny">Here now:</span>
            <HereNow presence={presence} userId={userId} />
          </div>
        </div>
        <Agenda timer={timer} index={0} finished={false} />
      </div>
    );
  }

  const run = async (command: TimerCommand) => {
    setBusy(true);
    setError(await sendTimer(command));
    setBusy(false);
  };
  const state = view.overrun ? 'overrun' : view.warning ? 'warning' : view.status;

  return (
    <div className="timer-bar" data-state={state} data-testid="timer-bar">
      <div className="timer-main">
        <div>
          <div className="timer-label">
            Phase {view.index + 1} of {timer.phases.length}
            {view.status === 'paused' && ' · paused'}
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
      <Agenda timer={timer} index={view.index} finished={view.status === 'finished'} />
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
      {children && <div className="timer-end">{children}</div>}
    </div>
  );
}
