'use client';

/**
 * The lobby's two sound checks: a microphone level meter (an AnalyserNode on
 * the page's shared AudioContext) and a speaker test that plays a short tone
 * generated here, through the chosen output where the browser supports
 * choosing one (setSinkId).
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { canChooseOutput, routeOutput } from './local-media';
import { audioContext, loudestBlockRms } from './speaking';

/** A mic level meter. The browser keeps audio analysis paused until the first click or key press in the page. */
export function MicLevel({ stream, on }: { stream: MediaStream | null; on: boolean }) {
  const meter = useRef<HTMLMeterElement>(null);
  const [suspended, setSuspended] = useState(false);
  const hasAudio = Boolean(stream?.getAudioTracks().length);

  useEffect(() => {
    const ctx = audioContext();
    if (!stream || !hasAudio || !ctx) return;
    const source = ctx.createMediaStreamSource(stream);
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 2048;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let level = 0;
    let frame = 0;
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      // Rises at once and falls slowly, so a short word stays visible.
      level = Math.max(Math.min(1, loudestBlockRms(samples, 256) * 6), level * 0.92);
      const el = meter.current;
      if (el) {
        el.value = level;
        el.dataset.level = level.toFixed(3);
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    const resume = () => void ctx.resume().then(() => setSuspended(false));
    const onState = () => setSuspended(ctx.state === 'suspended');
    onState();
    ctx.addEventListener('statechange', onState);
    const options = { capture: true } as const;
    document.addEventListener('pointerdown', resume, options);
    document.addEventListener('keydown', resume, options);
    return () => {
      cancelAnimationFrame(frame);
      source.disconnect();
      ctx.removeEventListener('statechange', onState);
      document.removeEventListener('pointerdown', resume, options);
      document.removeEventListener('keydown', resume, options);
    };
  }, [stream, hasAudio]);

  if (!hasAudio) return null;
  return (
    <div className="lobby-level">
      <label>
        Microphone level
        <meter ref={meter} min={0} max={1} low={0.25} high={0.85} optimum={0.5} value={0} data-testid="lobby-level" data-level="0" />
      </label>
      <p className="muted tiny" aria-live="polite">
        {!on ? 'Your microphone is muted; unmute it to see the level.' : suspended ? 'The level shows after your first click or key press here.' : 'Say something: the bar should move.'}
      </p>
    </div>
  );
}

/** A 16-bit mono WAV of two short notes with soft edges, made in memory (no asset to fetch). */
function testTone(): Blob {
  const rate = 22_050;
  const notes = [
    [523.25, 0.25],
    [659.25, 0.35],
  ] as const;
  const total = Math.round(notes.reduce((s, [, d]) => s + d, 0) * rate);
  const buffer = new ArrayBuffer(44 + total * 2);
  const view = new DataView(buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + total * 2, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, total * 2, true);
  let i = 0;
  for (const [freq, seconds] of notes) {
    const n = Math.round(seconds * rate);
    for (let k = 0; k < n; k++, i++) {
      const edge = Math.min(1, k / 400, (n - k) / 400);
      view.setInt16(44 + i * 2, Math.sin((2 * Math.PI * freq * k) / rate) * 0.3 * edge * 32767, true);
    }
  }
  return new Blob([buffer], { type: 'audio/wav' });
}

interface SpeakerProps {
  outputs: MediaDeviceInfo[];
  current: string | undefined;
  onSelect: (deviceId: string) => void;
}

/** Speaker choice (where supported) and a test sound through it. */
/** Whether outputs can be chosen, read after hydration (the server cannot know, and must render the same text). */
export function useCanChooseOutput(): boolean {
  return useSyncExternalStore(
    () => () => {},
    canChooseOutput,
    () => false,
  );
}

export function SpeakerTest({ outputs, current, onSelect }: SpeakerProps) {
  const [state, setState] = useState<'idle' | 'playing' | 'played' | 'failed'>('idle');
  const supported = useCanChooseOutput();
  const choosable = supported && outputs.length > 0;

  async function play() {
    const audio = new Audio();
    const url = URL.createObjectURL(testTone());
    audio.src = url;
    setState('playing');
    try {
      await routeOutput(audio, current);
      audio.onended = () => {
        URL.revokeObjectURL(url);
        setState('played');
      };
      await audio.play();
    } catch {
      URL.revokeObjectURL(url);
      setState('failed');
    }
  }

  return (
    <div className="lobby-speaker">
      {choosable ? (
        <label>
          Speaker
          <select className="input" value={current ?? outputs[0]?.deviceId ?? ''} onChange={(e) => onSelect(e.target.value)}>
            {outputs.map((d, i) => (
              <option key={d.deviceId || i} value={d.deviceId}>
                {d.label || `Speaker ${i + 1}`}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p className="muted tiny" data-testid="lobby-output-note">
          {supported
            ? 'Sound plays through your default output. Outputs to choose from appear once the microphone is allowed.'
            : 'This browser plays sound through its default output; pick a different one in your system sound settings.'}
        </p>
      )}
      <button type="button" className="btn btn-secondary btn-small" onClick={() => void play()} disabled={state === 'playing'} data-testid="lobby-speaker-test">
        {state === 'playing' ? 'Playing…' : 'Test speaker'}
      </button>
      <span className="muted tiny" role="status" data-testid="lobby-speaker-status" data-state={state}>
        {state === 'played' && 'Did you hear two notes? If not, check the volume or pick another speaker.'}
        {state === 'failed' && 'The test sound could not play. Check your sound settings.'}
      </span>
    </div>
  );
}
