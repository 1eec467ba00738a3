'use client';

/**
 * The review's one clock: the moment on the axis, playing or paused, at
 * 1×–8×, optionally jumping over idle stretches. The board and every video
 * follow it (the videos are corrected when they drift), so they cannot
 * disagree by more than the drift allowance.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatElapsed } from '@/lib/time/format';

export const SPEEDS = [1, 2, 4, 8] as const;
export type Speed = (typeof SPEEDS)[number];

/** The playhead moves the page at most this often while playing: enough for the board and the timeline, cheap for React. */
const FRAME_MS = 66;

export interface Playback {
  at: number;
  playing: boolean;
  speed: Speed;
  skipIdle: boolean;
  seek: (ms: number) => void;
  seekBy: (deltaMs: number) => void;
  play: () => void;
  pause: () => void;
  toggle: () => void;
  setSpeed: (speed: Speed) => void;
  setSkipIdle: (skip: boolean) => void;
}

export function usePlayback(durationMs: number, idle: readonly { fromMs: number; toMs: number }[]): Playback {
  const [at, setAt] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<Speed>(1);
  const [skipIdle, setSkipIdle] = useState(false);
  const atRef = useRef(0);
  const clamp = useCallback((ms: number) => Math.min(durationMs, Math.max(0, ms)), [durationMs]);
  const seek = useCallback(
    (ms: number) => {
      atRef.current = clamp(ms);
      setAt(atRef.current);
    },
    [clamp],
  );
  const seekBy = useCallback((delta: number) => seek(atRef.current + delta), [seek]);
  const play = useCallback(() => {
    // Playing from the very end starts over, as every player does.
    if (atRef.current >= durationMs) seek(0);
    setPlaying(durationMs > 0);
  }, [durationMs, seek]);
  const pause = useCallback(() => setPlaying(false), []);
  const toggle = useCallback(() => (playing ? pause() : play()), [playing, play, pause]);

  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let shown = last;
    let frame = requestAnimationFrame(function tick(now) {
      let next = atRef.current + (now - last) * speed;
      last = now;
      if (skipIdle) {
        const stretch = idle.find((s) => next >= s.fromMs && next < s.toMs);
        if (stretch) next = stretch.toMs;
      }
      atRef.current = Math.min(durationMs, next);
      if (atRef.current >= durationMs) {
        setAt(durationMs);
        setPlaying(false);
        return;
      }
      if (now - shown >= FRAME_MS) {
        shown = now;
        setAt(atRef.current);
      }
      frame = requestAnimationFrame(tick);
    });
    return () => {
      cancelAnimationFrame(frame);
      setAt(atRef.current);
    };
  }, [playing, speed, skipIdle, idle, durationMs]);

  return { at, playing, speed, skipIdle, seek, seekBy, play, pause, toggle, setSpeed, setSkipIdle };
}

/** 1:05:09, or 5:09 under an hour (the one elapsed-time format). */
export const formatAxis = formatElapsed;

export function minutes(ms: number): string {
  const value = ms / 60_000;
  return `${value >= 10 || Number.isInteger(value) ? Math.round(value) : value.toFixed(1)} min`;
}
