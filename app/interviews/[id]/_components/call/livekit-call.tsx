'use client';

/**
 * The call through LiveKit, used when the server has LiveKit configured. The
 * token comes from our policy-checked endpoint (observers get a
 * subscribe-only one); LiveKit's own components render tiles and controls.
 * A lost connection fetches a fresh token and reconnects, since the one we
 * hold may have expired.
 */
import '@livekit/components-styles';
import { ControlBar, GridLayout, LiveKitRoom, ParticipantTile, RoomAudioRenderer, useLocalParticipant, useTracks } from '@livekit/components-react';
import { Track } from 'livekit-client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { apiFetch, serverMessage } from '@/lib/api/client';
import { ApiError } from '@/lib/api/errors';
import { mediaToken } from '@/lib/api/media';
import { reconnectDelay } from '@/lib/realtime/backoff';
import { stopStream, type CallEntry } from './local-media';
import { useReportLocalMedia, type LocalMediaListener } from './local-media-report';

interface Grant {
  url: string;
  token: string;
  /** Bumped per grant: a new grant mounts a new LiveKitRoom, so a failed connection starts clean. */
  serial: number;
}

const RETRY_BASE_MS = 1000;
const RETRY_CAP_MS = 15_000;

/**
 * LiveKit opens its own camera and microphone; the recording (when the browser
 * records) gets them as one stream that lives as long as the room, with a key
 * that changes when LiveKit swaps a track.
 */
function ReportLocalMedia({ onLocalMedia }: { onLocalMedia?: LocalMediaListener }) {
  const { cameraTrack, microphoneTrack } = useLocalParticipant();
  const stream = useRef<MediaStream | null>(null);
  const tracks = [microphoneTrack?.track?.mediaStreamTrack, cameraTrack?.track?.mediaStreamTrack].filter((t): t is MediaStreamTrack => Boolean(t));
  if (typeof MediaStream !== 'undefined' && tracks.length) {
    stream.current ??= new MediaStream();
    for (const t of stream.current.getTracks()) if (!tracks.includes(t)) stream.current.removeTrack(t);
    for (const t of tracks) if (!stream.current.getTracks().includes(t)) stream.current.addTrack(t);
  }
  useReportLocalMedia(onLocalMedia, tracks.length ? stream.current : null);
  return null;
}

function Tiles() {
  const tracks = useTracks([{ source: Track.Source.Camera, withPlaceholder: true }], { onlySubscribed: false });
  return (
    <GridLayout tracks={tracks} className="livekit-grid">
      <ParticipantTile />
    </GridLayout>
  );
}

/**
 * The lobby's choice carried into LiveKit: the same devices as capture defaults (so the control bar's
 * toggles reopen the same ones), the mic and camera on or off as chosen, and the chosen speaker.
 * LiveKit opens its own tracks, so the lobby's preview stream is stopped first (some cameras open once).
 */
function liveKitMedia(entry: CallEntry, publishes: boolean) {
  const { choice } = entry;
  const usable = publishes && entry.problem === null;
  const audioCapture = choice.audioInput ? { deviceId: choice.audioInput } : {};
  const videoCapture = choice.videoInput ? { deviceId: choice.videoInput } : {};
  return {
    audio: usable && choice.audio && Boolean(entry.stream?.getAudioTracks().length) ? audioCapture : false,
    video: usable && choice.video && Boolean(entry.stream?.getVideoTracks().length) ? videoCapture : false,
    options: {
      audioCaptureDefaults: audioCapture,
      videoCaptureDefaults: videoCapture,
      ...(choice.audioOutput && { audioOutput: { deviceId: choice.audioOutput } }),
    },
  };
}

export function LiveKitCall({ interviewId, publishes, entry, closed = false, onLocalMedia }: { interviewId: string; publishes: boolean; entry: CallEntry | null; closed?: boolean; onLocalMedia?: LocalMediaListener }) {
  const [grant, setGrant] = useState<Grant | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [open, setOpen] = useState(true);

  const attempt = useRef(0);
  const retry = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // LiveKit reports its own disconnect after we unmount; no retry may be scheduled then.
  const mounted = useRef(true);

  // A refusal (401/403/404) is final and shown as is. Anything else (network, 5xx, a LiveKit
  // server that is down or drops us) fetches a fresh token after a backoff and connects again;
  // the delay resets only once LiveKit reports a connection, so a dead server is not hammered.
  const fetchGrant = useCallback(async () => {
    clearTimeout(retry.current);
    try {
      const body = await apiFetch(mediaToken, { params: { id: interviewId } });
      if (!mounted.current) return;
      setGrant((previous) => ({ url: body.url, token: body.token, serial: (previous?.serial ?? 0) + 1 }));
    } catch (error) {
      if (!mounted.current) return;
      if (error instanceof ApiError && error.status !== 0) {
        setProblem(serverMessage(error) ?? `Could not join the call (HTTP ${error.status}).`);
        if (error.status >= 500) scheduleRefresh();
        return;
      }
      setProblem('Could not reach the server to join the call. Retrying…');
      scheduleRefresh();
    }
  }, [interviewId]);

  function scheduleRefresh() {
    if (!mounted.current) return;
    clearTimeout(retry.current);
    retry.current = setTimeout(() => void fetchGrant(), reconnectDelay(attempt.current++, Math.random, RETRY_BASE_MS, RETRY_CAP_MS));
  }

  // Nothing is fetched or connected until the lobby's Join.
  const joined = entry !== null;
  useEffect(() => {
    mounted.current = true;
    if (joined) void fetchGrant();
    return () => {
      mounted.current = false;
      clearTimeout(retry.current);
    };
  }, [fetchGrant, joined]);

  const media = useMemo(() => {
    if (!entry) return null;
    stopStream(entry.stream);
    return liveKitMedia(entry, publishes);
  }, [entry, publishes]);

  return (
    <section className="panel video-panel" aria-labelledby="video-h" data-testid="video-panel" data-mode="livekit">
      <div className="panel-head">
        <h2 id="video-h">Video</h2>
        <button type="button" className="btn btn-ghost btn-small" aria-expanded={open} aria-controls="video-body" onClick={() => setOpen((o) => !o)}>
          {open ? 'Hide' : 'Show'}
        </button>
      </div>
      <div id="video-body" hidden={!open}>
        {problem && (
          <p className="field-error" role="alert" data-testid="video-problem">
            {problem}
          </p>
        )}
        {!entry && <p className="muted small">{closed ? 'This interview has ended, so the call is closed.' : 'You join the call from the lobby.'}</p>}
        {grant && media && (
          <LiveKitRoom
            key={grant.serial}
            serverUrl={grant.url}
            token={grant.token}
            connect
            video={media.video}
            audio={media.audio}
            options={media.options}
            data-lk-theme="default"
            onConnected={() => {
              attempt.current = 0;
              setProblem(null);
            }}
            onError={() => {
              setProblem('Could not connect to the video server. The board and timer keep working; the call retries.');
              scheduleRefresh();
            }}
            onMediaDeviceFailure={() => setProblem('Your camera or microphone is unavailable. You can still see and hear the others.')}
            // LiveKit has given up on its own reconnects; a fresh token (the old one may have lapsed) starts over.
            onDisconnected={scheduleRefresh}
          >
            <Tiles />
            <RoomAudioRenderer />
            {publishes && <ReportLocalMedia onLocalMedia={onLocalMedia} />}
            {publishes && <ControlBar variation="minimal" controls={{ microphone: true, camera: true, screenShare: false, chat: false, leave: false, settings: false }} />}
          </LiveKitRoom>
        )}
        {!publishes && <p className="muted tiny">Observers watch and listen; your camera and microphone stay off.</p>}
      </div>
    </section>
  );
}
