'use client';

/**
 * The call through LiveKit, used when the server has LiveKit configured. The
 * token comes from our policy-checked endpoint (observers get a
 * subscribe-only one); LiveKit's own components render tiles and controls.
 * A lost connection fetches a fresh token and reconnects, since the one we
 * hold may have expired.
 */
import '@livekit/components-styles';
import { ControlBar, GridLayout, LiveKitRoom, ParticipantTile, RoomAudioRenderer, useTracks } from '@livekit/components-react';
import { Track } from 'livekit-client';
import { useCallback, useEffect, useState } from 'react';

interface Grant {
  url: string;
  token: string;
}

function Tiles() {
  const tracks = useTracks([{ source: Track.Source.Camera, withPlaceholder: true }], { onlySubscribed: false });
  return (
    <GridLayout tracks={tracks} className="livekit-grid">
      <ParticipantTile />
    </GridLayout>
  );
}

export function LiveKitCall({ interviewId, publishes }: { interviewId: string; publishes: boolean }) {
  const [grant, setGrant] = useState<Grant | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [open, setOpen] = useState(true);

  const fetchGrant = useCallback(async () => {
    try {
      const response = await fetch(`/api/interviews/${interviewId}/media/token`, { method: 'POST' });
      const body = (await response.json().catch(() => null)) as (Grant & { error?: { message?: string } }) | null;
      if (!response.ok || !body?.token) return setProblem(body?.error?.message ?? `Could not join the call (HTTP ${response.status}).`);
      setProblem(null);
      setGrant({ url: body.url, token: body.token });
    } catch {
      setProblem('Could not reach the server to join the call. It will retry.');
    }
  }, [interviewId]);

  useEffect(() => {
    void fetchGrant();
  }, [fetchGrant]);

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
        {grant && (
          <LiveKitRoom
            serverUrl={grant.url}
            token={grant.token}
            connect
            video={publishes}
            audio={publishes}
            data-lk-theme="default"
            onConnected={() => setProblem(null)}
            onError={() => setProblem('Could not connect to the video server. The board and timer keep working; the call retries.')}
            onMediaDeviceFailure={() => setProblem('Your camera or microphone is unavailable. You can still see and hear the others.')}
            onDisconnected={() => {
              // A fresh token, in case the old one has lapsed, then LiveKit reconnects with it.
              setTimeout(() => void fetchGrant(), 3000);
            }}
          >
            <Tiles />
            <RoomAudioRenderer />
            {publishes && <ControlBar variation="minimal" controls={{ microphone: true, camera: true, screenShare: false, chat: false, leave: false, settings: false }} />}
          </LiveKitRoom>
        )}
        {!publishes && <p className="muted tiny">Observers watch and listen; your camera and microphone stay off.</p>}
      </div>
    </section>
  );
}
