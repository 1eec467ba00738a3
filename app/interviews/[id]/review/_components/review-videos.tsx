'use client';

/**
 * One tile per recorded person, kept on the review's clock: each file starts
 * at its own offset on the axis, is seeked exactly when the player seeks, and
 * is nudged back when playback drifts. Every tile plays its own sound, so the
 * voices are mixed by the browser, as they were in the call.
 */
import { useEffect, useRef, useState } from 'react';
import type { ReviewRecording } from '@/lib/api/review';
import type { Speed } from './use-playback';

/** While playing, a tile more than this far from the clock is put back on it. */
const DRIFT_S = 0.3;

interface Props {
  recordings: ReviewRecording[];
  at: number;
  playing: boolean;
  speed: Speed;
  muted: boolean;
}

export function ReviewVideos({ recordings, at, playing, speed, muted }: Props) {
  return (
    <div className="review-videos" data-count={recordings.length}>
      {recordings.map((r) => (
        <VideoTile key={r.id} recording={r} at={at} playing={playing} speed={speed} muted={muted} />
      ))}
    </div>
  );
}

function VideoTile({ recording, at, playing, speed, muted }: { recording: ReviewRecording } & Omit<Props, 'recordings'>) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [fileSeconds, setFileSeconds] = useState<number | null>(recording.durationMs === null ? null : recording.durationMs / 1000);
  const local = (at - recording.offsetMs) / 1000;
  const inRange = local >= 0 && (fileSeconds === null || local <= fileSeconds);

  useEffect(() => {
    const v = video.current;
    if (!v || state === 'failed') return;
    if (!inRange) {
      if (!v.paused) v.pause();
      return;
    }
    if (!playing) {
      if (!v.paused) v.pause();
      if (Math.abs(v.currentTime - local) > 0.01) v.currentTime = local;
      return;
    }
    v.playbackRate = speed;
    if (Math.abs(v.currentTime - local) > DRIFT_S) v.currentTime = local;
    // A refused play (no user gesture yet) leaves the tile paused on the right frame.
    if (v.paused) void v.play().catch(() => {});
  }, [local, inRange, playing, speed, state]);

  return (
    <figure className="review-video" data-state={state}>
      <video
        ref={video}
        data-testid="review-video"
        data-recording-id={recording.id}
        data-offset-ms={recording.offsetMs}
        src={recording.mediaUrl}
        preload="auto"
        playsInline
        // Above 4× the words are noise; the picture still follows.
        muted={muted || speed > 4}
        onLoadedMetadata={(e) => {
          const d = e.currentTarget.duration;
          if (Number.isFinite(d)) setFileSeconds(d);
          setState('ready');
        }}
        onError={() => setState('failed')}
      />
      <figcaption>
        <span>{recording.person.name}</span>
        {state === 'failed' && <span className="review-video-note">could not be played</span>}
        {state !== 'failed' && !inRange && <span className="review-video-note">{local < 0 ? 'recording starts later' : 'recording ended'}</span>}
      </figcaption>
    </figure>
  );
}
