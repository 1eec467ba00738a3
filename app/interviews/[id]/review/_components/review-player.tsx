'use client';

/**
 * The review player: board, recordings, timeline and side panel on one
 * clock (use-playback.ts). Keyboard, anywhere on the page outside a text
 * field: Space plays or pauses, ←/→ seek 5 s, J/L 10 s, K pauses, Home/End
 * go to the start or the end.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Review } from '@/lib/api/review';
import { ReplayBoard } from './replay-board';
import { ReviewPanel } from './review-panel';
import { ReviewTimeline } from './review-timeline';
import { ReviewVideos } from './review-videos';
import { formatAxis, SPEEDS, usePlayback } from './use-playback';
import './review.css';

const STEP_MS = 5_000;
/** One empty list for reviews without a board, so the clock's effect does not restart on every render. */
const NO_IDLE: readonly { fromMs: number; toMs: number }[] = [];
const JUMP_MS = 10_000;

/** `share`: the share token this page was opened with, for the segment URLs (media URLs carry it already). */
export function ReviewPlayer({ review, share }: { review: Review; share: string | null }) {
  const { axis, board, recordings, markers, phases, panel, missing, interview } = review;
  const playback = usePlayback(axis.durationMs, board?.idle ?? NO_IDLE);
  const { at, playing, speed, skipIdle, seek, seekBy, toggle, pause, setSpeed, setSkipIdle } = playback;
  const [muted, setMuted] = useState(false);
  const [boardError, setBoardError] = useState<string | null>(null);
  const segmentUrl = useCallback(
    (index: number) => `/api/interviews/${encodeURIComponent(interview.id)}/review/board/${index}${share ? `?share=${encodeURIComponent(share)}` : ''}`,
    [interview.id, share],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented && event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target as HTMLElement | null;
      const scrubber = target?.dataset.testid === 'review-scrubber';
      if (!scrubber && target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      // Space on a focused button is that button's click.
      if (event.key === ' ' && target?.closest('button, summary, a')) return;
      const actions: Record<string, () => void> = {
        ' ': toggle,
        ArrowLeft: () => seekBy(-STEP_MS),
        ArrowRight: () => seekBy(STEP_MS),
        j: () => seekBy(-JUMP_MS),
        k: pause,
        l: () => seekBy(JUMP_MS),
        Home: () => seek(0),
        End: () => seek(axis.durationMs),
      };
      const action = actions[event.key.length === 1 ? event.key.toLowerCase() : event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle, seekBy, seek, pause, axis.durationMs]);

  const missingBoard = missing.find((m) => m.part === 'board');
  return (
    <div className="review-player" data-testid="review-player">
      <div className="review-stage">
        <div className="review-board-pane">
          {board && board.updates > 0 ? (
            <ReplayBoard track={board} segmentUrl={segmentUrl} at={at} playing={playing} onError={setBoardError} />
          ) : (
            <div className="review-empty" data-testid="review-board-empty">
              <p>{missingBoard?.reason ?? 'No one drew on the board in this session.'}</p>
            </div>
          )}
          {boardError && (
            <p className="alert alert-error review-board-error" role="alert">
              {boardError}
            </p>
          )}
        </div>
        <aside className="review-side" aria-label="Recordings and details">
          {recordings.length > 0 && <ReviewVideos recordings={recordings} at={at} playing={playing} speed={speed} muted={muted} />}
          {missing.length > 0 && (
            <ul className="review-missing" aria-label="Not in this review">
              {missing.map((m, i) => (
                <li key={i} data-testid="review-missing" data-part={m.part}>
                  {m.reason}
                </li>
              ))}
            </ul>
          )}
          <ReviewPanel panel={panel} onSeek={seek} axisStartMs={new Date(axis.startedAt).getTime()} durationMs={axis.durationMs} />
        </aside>
      </div>
      <div className="review-controls" role="group" aria-label="Playback">
        <button type="button" className="btn btn-primary review-play" data-testid="review-play" onClick={toggle} aria-keyshortcuts="Space" disabled={axis.durationMs === 0}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => seekBy(-STEP_MS)} aria-label="−5 s: back 5 seconds" aria-keyshortcuts="ArrowLeft">
          −5 s
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => seekBy(STEP_MS)} aria-label="+5 s: forward 5 seconds" aria-keyshortcuts="ArrowRight">
          +5 s
        </button>
        <span className="review-clock" data-testid="review-clock" aria-live="off">
          {formatAxis(at)} / {formatAxis(axis.durationMs)}
        </span>
        <span className="review-speeds" role="radiogroup" aria-label="Speed">
          {SPEEDS.map((s) => (
            <button key={s} type="button" role="radio" aria-checked={speed === s} className={`review-speed${speed === s ? ' on' : ''}`} onClick={() => setSpeed(s)} data-testid="review-speed">
              {s}×
            </button>
          ))}
        </span>
        <label className="review-toggle">
          <input type="checkbox" checked={skipIdle} onChange={(e) => setSkipIdle(e.currentTarget.checked)} data-testid="review-skip-idle" disabled={!board || board.idle.length === 0} />
          Skip idle stretches{board && board.idle.length > 0 ? ` (${board.idle.length})` : ''}
        </label>
        {recordings.length > 0 && (
          <label className="review-toggle">
            <input type="checkbox" checked={muted} onChange={(e) => setMuted(e.currentTarget.checked)} />
            Mute
          </label>
        )}
        <span className="review-keys muted small">Space play · ←/→ 5 s · J/K/L · Home/End</span>
      </div>
      <ReviewTimeline durationMs={axis.durationMs} at={at} phases={phases} markers={markers} activity={board?.activity ?? null} onSeek={seek} />
    </div>
  );
}
