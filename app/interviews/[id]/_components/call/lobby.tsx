'use client';

/**
 * The pre-join lobby, a modal layer over a live room: the room, the board and
 * the room socket load and connect behind it. People who send media see their
 * camera preview and microphone level, choose devices (remembered for next
 * time) and start with the camera or mic off; everyone can test the speaker.
 * Join is a user gesture, so it also lets the browser play the others' sound.
 * Blocked, missing or busy devices are explained with a way forward, and
 * joining without camera and microphone is always possible.
 */
import './lobby.css';
import Link from 'next/link';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { Role } from '@/lib/interviews/roles';
import { saveChoice, type CallEntry } from './local-media';
import { MicLevel, SpeakerTest } from './lobby-audio';
import { unlockAudio } from './speaking';
import { useLobbyMedia } from './use-lobby-media';

interface Props {
  title: string;
  name: string;
  role: Role;
  /** Observers receive the call but send nothing: a lighter lobby without camera or mic. */
  publishes: boolean;
  onJoin: (entry: CallEntry) => void;
  /** The session's time and its controls (server/scheduling), when it has one. */
  schedule?: ReactNode;
}

/** The lobby's own headline per problem (the call's texts mention its Retry link, which the lobby does not have). */
const HEADLINE: Record<string, string> = {
  blocked: 'Your browser is blocking the camera and microphone for this site.',
  missing: 'No camera or microphone was found.',
  busy: 'Your camera or microphone is busy in another app.',
  insecure: 'Video needs a secure page (https, or localhost).',
  other: 'Your camera or microphone could not start.',
};

const HELP: Record<string, string> = {
  blocked: 'To allow them, click the camera icon (or the padlock) in the address bar, choose Allow, then press Try again.',
  missing: 'Plug in a camera or headset and press Try again.',
  busy: 'Another app (often a different video call) is using them. Close it, then press Try again.',
  insecure: 'Open this room over https (or on localhost) to use them.',
  other: 'Press Try again, or reload the page.',
};

function DeviceSelect({ label, devices, current, onSelect }: { label: string; devices: MediaDeviceInfo[]; current: string | undefined; onSelect: (id: string) => void }) {
  if (devices.length === 0) return null;
  return (
    <label>
      {label}
      <select className="input" value={current ?? ''} onChange={(e) => onSelect(e.target.value)}>
        {devices.map((d, i) => (
          <option key={d.deviceId || i} value={d.deviceId}>
            {d.label || `${label} ${i + 1}`}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Lobby({ title, name, role, publishes, onJoin, schedule }: Props) {
  const media = useLobbyMedia(publishes);
  const dialog = useRef<HTMLDialogElement>(null);
  const joinButton = useRef<HTMLButtonElement>(null);
  const [joining, setJoining] = useState(false);
  const titleId = useId();
  const preview = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    joinButton.current?.focus();
    return () => el?.close();
  }, []);

  useEffect(() => {
    const el = preview.current;
    if (el && el.srcObject !== media.stream) el.srcObject = media.stream;
  }, [media.stream]);

  // Joining while the browser is still asking for the camera waits for its answer, then goes in.
  const joined = useRef(false);
  useEffect(() => {
    if (!joining || joined.current || (publishes && (media.status === 'asking' || media.status === 'idle'))) return;
    joined.current = true;
    const stream = media.handOver();
    saveChoice(media.choice);
    onJoin({ stream, problem: stream ? null : media.problem, choice: media.choice });
  }, [joining, media, onJoin, publishes]);

  function join() {
    // This click is the gesture that lets the call's audio play and be analysed.
    unlockAudio();
    setJoining(true);
  }

  const camera = media.stream?.getVideoTracks()[0];
  const mic = media.stream?.getAudioTracks()[0];
  const noDevices = publishes && media.status === 'problem';
  const selected = (track: MediaStreamTrack | undefined, remembered: string | undefined) => track?.getSettings().deviceId ?? remembered;

  return (
    <dialog
      ref={dialog}
      className="lobby"
      aria-labelledby={titleId}
      data-testid="lobby"
      data-state={media.status}
      // The lobby is left by joining (or the link back), not by Escape.
      onCancel={(e) => e.preventDefault()}
    >
      <div className="lobby-head">
        <p className="eyebrow">Ready to join?</p>
        <h2 id={titleId}>{title}</h2>
        <p className="muted small" data-testid="lobby-name">
          Joining as <strong>{name}</strong> <span className={`chip role-${role}`}>{role}</span>
        </p>
        {schedule}
      </div>
      <div className="lobby-body" data-publishes={publishes}>
        {publishes && (
          <div className="lobby-preview-col">
            <div className="lobby-preview" data-video={Boolean(camera) && media.choice.video}>
              <video ref={preview} autoPlay playsInline muted aria-label="Your camera preview" data-testid="lobby-preview" />
              {(!camera || !media.choice.video) && (
                <div className="lobby-preview-off" aria-hidden>
                  {media.status === 'asking' || media.status === 'idle' ? 'Starting camera…' : camera ? 'Camera off' : 'No camera'}
                </div>
              )}
            </div>
            <div className="lobby-toggles">
              <button type="button" className="btn btn-secondary btn-small" aria-pressed={!media.choice.audio} disabled={!mic} onClick={() => media.toggle('audio')}>
                {media.choice.audio ? 'Mute' : 'Unmute'}
              </button>
              <button type="button" className="btn btn-secondary btn-small" aria-pressed={!media.choice.video} disabled={!camera} onClick={() => media.toggle('video')}>
                {media.choice.video ? 'Stop camera' : 'Start camera'}
              </button>
            </div>
          </div>
        )}
        <div className="lobby-settings">
          {!publishes && <p className="small">Observers watch and listen. Your camera and microphone stay off, and nobody sees a tile for you.</p>}
          {publishes && media.status === 'asking' && <p className="muted small">Your browser may ask to use the camera and microphone. Choose Allow.</p>}
          {publishes && media.problem && (
            <div className="alert alert-error lobby-problem" role="alert" data-testid="lobby-problem" data-kind={media.kind}>
              <p>
                <strong>{HEADLINE[media.kind ?? 'other']}</strong> {HELP[media.kind ?? 'other']}
              </p>
              <p>You can also join without them: you will still see and hear everyone, and use the board and timer.</p>
              <button type="button" className="btn btn-secondary btn-small" onClick={media.retry}>
                Try again
              </button>
            </div>
          )}
          {publishes && media.devices.audio.length + media.devices.video.length > 0 && (
            <div className="lobby-devices">
              <DeviceSelect label="Camera" devices={media.devices.video} current={selected(camera, media.choice.videoInput)} onSelect={(id) => void media.selectDevice('video', id)} />
              <DeviceSelect label="Microphone" devices={media.devices.audio} current={selected(mic, media.choice.audioInput)} onSelect={(id) => void media.selectDevice('audio', id)} />
            </div>
          )}
          {publishes && <MicLevel stream={media.stream} on={media.choice.audio} />}
          <SpeakerTest outputs={media.devices.output} current={media.choice.audioOutput} onSelect={media.selectOutput} />
        </div>
      </div>
      <div className="lobby-actions">
        {/* No prefetch: the lobby shows while the board loads, and a prefetch renders the dashboard meanwhile. */}
        <Link href="/dashboard" className="btn btn-ghost" prefetch={false}>
          Back to dashboard
        </Link>
        <button ref={joinButton} type="button" className="btn btn-primary btn-lg" onClick={join} disabled={joining} data-testid="lobby-join">
          {joining ? 'Joining…' : noDevices ? 'Join without camera and microphone' : 'Join'}
        </button>
      </div>
    </dialog>
  );
}
