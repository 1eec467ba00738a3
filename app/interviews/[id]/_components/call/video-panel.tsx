'use client';

import { useEffect, useRef, useState } from 'react';
import { routeOutput, type CallEntry } from './local-media';
import { useCanChooseOutput } from './lobby-audio';
import { watchSpeaking } from './speaking';
import { useCall, type CallLink } from './use-call';
import { useReportLocalMedia, type LocalMediaListener } from './local-media-report';

interface Props {
  interviewId: string;
  link: CallLink;
  publishes: boolean;
  /** What the lobby's Join handed over (stream, devices, on/off); null until then. */
  entry: CallEntry | null;
  /**
   * The person left the call (for a "Leave call" button): local tracks stop and every
   * peer connection closes. Setting it back to false rejoins, asking for the devices again.
   */
  left?: boolean;
  /** The interview had ended when the room opened: no call, and no camera or microphone. */
  closed?: boolean;
  /** Hands the call's own camera and microphone to the recording (null when not in the call). */
  onLocalMedia?: LocalMediaListener;
}

const CONNECTION_TEXT: Partial<Record<RTCPeerConnectionState, string>> = { new: 'connecting…', connecting: 'connecting…', disconnected: 'reconnecting…', failed: 'connection lost' };

function Tile({ stream, name, self, audio, video, connection, speaker }: { stream: MediaStream | null; name: string; self: boolean; audio: boolean; video: boolean; connection?: RTCPeerConnectionState; speaker?: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  const [speaking, setSpeaking] = useState(false);
  const [blocked, setBlocked] = useState(false);
  const trackCount = stream?.getTracks().length ?? 0;

  useEffect(() => {
    const el = ref.current;
    if (!el || !stream) return;
    // Re-assigning the same stream would restart loading and abort the play() already under way.
    if (el.srcObject !== stream) el.srcObject = stream;
    el.play().catch((error: unknown) => {
      // Only a refusal to autoplay sound needs the user; an AbortError means a newer load superseded this play().
      if (self || (error as { name?: string }).name !== 'NotAllowedError') return;
      // Offer the click instead of staying silent, and play the picture meanwhile.
      el.muted = true;
      el.play().catch(() => {});
      setBlocked(true);
    });
  }, [stream, self, trackCount]);

  // Any click or key press in the page counts as permission to play sound, so the first click on the
  // board unmutes the call too; the button stays for people who never touch the page.
  useEffect(() => {
    if (!blocked) return;
    const unmute = () => {
      const el = ref.current;
      if (!el) return;
      el.muted = false;
      void el.play().then(() => setBlocked(false), () => { el.muted = true; });
    };
    const options = { capture: true, once: true } as const;
    document.addEventListener('pointerdown', unmute, options);
    document.addEventListener('keydown', unmute, options);
    return () => {
      document.removeEventListener('pointerdown', unmute, options);
      document.removeEventListener('keydown', unmute, options);
    };
  }, [blocked]);

  // The speaker chosen in the lobby (or under Devices) plays the others' sound, where the browser allows.
  useEffect(() => {
    if (!self && ref.current) void routeOutput(ref.current, speaker);
  }, [self, speaker]);

  useEffect(() => (stream && audio ? watchSpeaking(stream, setSpeaking) : undefined), [stream, audio, trackCount]);

  const state = connection && CONNECTION_TEXT[connection];
  return (
    <figure className="video-tile" data-speaking={speaking && audio} data-self={self} data-testid={self ? 'video-self' : 'video-peer'} data-name={name} data-audio={audio} data-video={video} data-connection={connection ?? 'self'}>
      <video ref={ref} autoPlay playsInline muted={self} aria-label={self ? 'Your camera' : `${name}'s video`} />
      {!video && <div className="video-off" aria-hidden>{name.slice(0, 1).toUpperCase()}</div>}
      <figcaption>
        <span className="video-name">{self ? 'You' : name}</span>
        {!audio && <span className="video-badge" title="Microphone off">mic off</span>}
        {state && <span className="video-badge video-badge-warn">{state}</span>}
      </figcaption>
      {blocked && (
        <button
          type="button"
          className="btn btn-small video-unmute"
          aria-label={`Play ${name}'s audio (the browser blocked autoplay)`}
          onClick={() => {
            if (ref.current) ref.current.muted = false;
            setBlocked(false);
          }}
        >
          Enable sound
        </button>
      )}
    </figure>
  );
}

function DeviceSelect({ label, devices, current, onSelect }: { label: string; devices: MediaDeviceInfo[]; current?: string; onSelect: (deviceId: string) => void }) {
  return (
    <label>
      {label}
      <select className="input" onChange={(e) => onSelect(e.target.value)} value={current ?? devices[0]?.deviceId ?? ''}>
        {devices.map((d, i) => (
          <option key={d.deviceId || i} value={d.deviceId}>
            {d.label || `${label} ${i + 1}`}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The call: tiles, mic and camera toggles, device choice, and plain-words problems. Collapsible to free the side column. */
export function VideoPanel({ interviewId, link, publishes, entry, left = false, closed = false, onLocalMedia }: Props) {
  const call = useCall(interviewId, link, { publishes, entry: closed ? null : entry, left });
  useReportLocalMedia(onLocalMedia, publishes && !closed && call.status !== 'waiting' && call.status !== 'left' ? call.local : null);
  const [open, setOpen] = useState(true);
  const hasAudio = Boolean(call.local?.getAudioTracks().length);
  const hasVideo = Boolean(call.local?.getVideoTracks().length);
  // Observers send nothing, so they get a line rather than an empty tile.
  const senders = call.remotes.filter((peer) => peer.info.publishes);
  const watchers = call.remotes.filter((peer) => !peer.info.publishes);
  const outputs = useCanChooseOutput() ? call.devices.output : [];
  const inCall = !closed && call.status !== 'waiting' && call.status !== 'left';

  return (
    <section className="panel video-panel" aria-labelledby="video-h" data-testid="video-panel" data-status={closed ? 'closed' : call.status}>
      <div className="panel-head">
        <h2 id="video-h">
          Video {inCall && <span className="muted small">· {call.remotes.length + 1} in call</span>}
        </h2>
        <button type="button" className="btn btn-ghost btn-small" aria-expanded={open} aria-controls="video-body" onClick={() => setOpen((o) => !o)}>
          {open ? 'Hide' : 'Show'}
        </button>
      </div>
      <div id="video-body" hidden={!open}>
        {closed && (
          <p className="muted small" data-testid="video-closed">
            This interview has ended, so the call is closed. Your camera and microphone stay off.
          </p>
        )}
        {!closed && call.status === 'waiting' && <p className="muted small">You join the call from the lobby.</p>}
        {call.status === 'left' && (
          <p className="muted small" data-testid="video-left">
            You left the call. Your camera and microphone are off.
          </p>
        )}
        {call.problem && (
          <p className="field-error" role="alert" data-testid="video-problem">
            {call.problem}{' '}
            {publishes && (
              <button type="button" className="link-button" onClick={call.retry}>
                Retry
              </button>
            )}
          </p>
        )}
        {inCall && (
          <>
            {/* One other person: their tile full width with yours inset in its corner, so the side column keeps room
                for the interviewer panel at 1280×800. Three or four people: a two-column grid. */}
            <div className="video-grid" data-layout={publishes && senders.length === 1 ? 'inset' : 'grid'}>
              {senders.map((peer) => (
                <Tile
                  key={peer.info.socketId}
                  stream={peer.stream}
                  name={peer.info.name}
                  self={false}
                  audio={peer.info.audio}
                  video={peer.info.video}
                  connection={peer.connection}
                  speaker={call.speaker}
                />
              ))}
              {publishes && <Tile stream={call.local} name="You" self audio={call.audio && hasAudio} video={call.video && hasVideo} />}
            </div>
            {watchers.length > 0 && (
              <p className="muted tiny video-watchers" data-testid="video-watchers">
                Watching: {watchers.map((peer) => peer.info.name).join(', ')}
              </p>
            )}
            <div className="video-controls">
              {publishes && (
                <>
                  <button type="button" className="btn btn-secondary btn-small" aria-pressed={!call.audio} disabled={!hasAudio} onClick={call.toggleAudio}>
                    {call.audio ? 'Mute' : 'Unmute'}
                  </button>
                  <button type="button" className="btn btn-secondary btn-small" aria-pressed={!call.video} disabled={!hasVideo} onClick={call.toggleVideo}>
                    {call.video ? 'Stop camera' : 'Start camera'}
                  </button>
                </>
              )}
              {(call.devices.audio.length > 1 || call.devices.video.length > 1 || outputs.length > 1) && (
                <details className="video-devices">
                  <summary>Devices</summary>
                  {publishes && (
                    <>
                      <DeviceSelect label="Microphone" devices={call.devices.audio} current={call.local?.getAudioTracks()[0]?.getSettings().deviceId} onSelect={(id) => void call.selectDevice('audio', id)} />
                      <DeviceSelect label="Camera" devices={call.devices.video} current={call.local?.getVideoTracks()[0]?.getSettings().deviceId} onSelect={(id) => void call.selectDevice('video', id)} />
                    </>
                  )}
                  {outputs.length > 1 && (
                    <DeviceSelect label="Speaker" devices={outputs} current={call.speaker} onSelect={call.selectSpeaker} />
                  )}
                </details>
              )}
            </div>
            {!publishes && <p className="muted tiny">Observers watch and listen; your camera and microphone stay off.</p>}
          </>
        )}
      </div>
    </section>
  );
}
