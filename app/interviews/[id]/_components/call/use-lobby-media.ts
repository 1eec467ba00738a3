'use client';

/**
 * The lobby's camera and microphone: asked for as soon as the lobby opens (the
 * slowest step before a first frame, so it runs while the person looks at
 * their preview), with the remembered devices; device switches and on/off
 * toggles; and a clean hand-over of the running stream to the call on Join.
 * A stream that is never handed over is stopped when the lobby closes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { acquire, exactDevice, loadChoice, problemKind, PROBLEM_TEXT, saveChoice, stopStream, type MediaChoice, type MediaProblemKind } from './local-media';

export interface LobbyDevices {
  audio: MediaDeviceInfo[];
  video: MediaDeviceInfo[];
  output: MediaDeviceInfo[];
}

export interface LobbyMedia {
  status: 'idle' | 'asking' | 'ready' | 'problem';
  stream: MediaStream | null;
  problem: string | null;
  kind: MediaProblemKind | null;
  devices: LobbyDevices;
  choice: MediaChoice;
}

const NO_DEVICES: LobbyDevices = { audio: [], video: [], output: [] };

export function useLobbyMedia(publishes: boolean) {
  const [media, setMedia] = useState<LobbyMedia>({ status: 'idle', stream: null, problem: null, kind: null, devices: NO_DEVICES, choice: { audio: true, video: true } });
  const current = useRef<MediaStream | null>(null);
  const handedOver = useRef(false);
  const [attempt, setAttempt] = useState(0);

  const refreshDevices = useCallback(async () => {
    const all = (await navigator.mediaDevices?.enumerateDevices?.().catch(() => [])) ?? [];
    // Without permission the browser lists devices with empty labels (and often empty ids): nothing to choose from.
    const usable = all.filter((d) => d.deviceId && d.label);
    setMedia((m) => ({
      ...m,
      devices: { audio: usable.filter((d) => d.kind === 'audioinput'), video: usable.filter((d) => d.kind === 'videoinput'), output: usable.filter((d) => d.kind === 'audiooutput') },
    }));
  }, []);

  useEffect(() => {
    const choice = loadChoice();
    setMedia((m) => ({ ...m, choice }));
    if (!publishes) {
      void refreshDevices();
      return;
    }
    let cancelled = false;
    setMedia((m) => ({ ...m, status: 'asking', problem: null, kind: null }));
    void acquire(choice).then(({ stream, problem, kind }) => {
      if (cancelled) return stopStream(stream);
      stream?.getAudioTracks().forEach((t) => (t.enabled = choice.audio));
      stream?.getVideoTracks().forEach((t) => (t.enabled = choice.video));
      current.current = stream;
      setMedia((m) => ({ ...m, stream, problem, kind, status: stream ? 'ready' : 'problem' }));
      void refreshDevices();
    });
    return () => {
      cancelled = true;
      if (!handedOver.current) {
        stopStream(current.current);
        current.current = null;
      }
    };
  }, [publishes, attempt, refreshDevices]);

  const remember = useCallback((change: Partial<MediaChoice>) => {
    setMedia((m) => {
      const choice = { ...m.choice, ...change };
      saveChoice(choice);
      return { ...m, choice };
    });
  }, []);

  /** Swaps one device: a new MediaStream object, so the preview and meter pick the change up. */
  const selectDevice = useCallback(async (kind: 'audio' | 'video', deviceId: string) => {
    const stream = current.current;
    try {
      // Free the old device first: some cameras cannot be opened twice.
      const old = stream ? (kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks()) : [];
      old.forEach((t) => t.stop());
      const fresh = await navigator.mediaDevices.getUserMedia(exactDevice(kind, deviceId));
      const track = fresh.getTracks()[0]!;
      const next = new MediaStream([...(stream?.getTracks().filter((t) => t.kind !== kind) ?? []), track]);
      current.current = next;
      setMedia((m) => {
        track.enabled = kind === 'audio' ? m.choice.audio : m.choice.video;
        return { ...m, stream: next, status: 'ready', problem: null, kind: null };
      });
      remember(kind === 'audio' ? { audioInput: deviceId } : { videoInput: deviceId });
    } catch (error) {
      setMedia((m) => ({ ...m, problem: PROBLEM_TEXT[problemKind(error)], kind: problemKind(error) }));
    }
  }, [remember]);

  const selectOutput = useCallback((deviceId: string) => remember({ audioOutput: deviceId }), [remember]);

  const toggle = useCallback((kind: 'audio' | 'video') => {
    setMedia((m) => {
      const on = !m.choice[kind];
      (kind === 'audio' ? m.stream?.getAudioTracks() : m.stream?.getVideoTracks())?.forEach((t) => (t.enabled = on));
      const choice = { ...m.choice, [kind]: on };
      saveChoice(choice);
      return { ...m, choice };
    });
  }, []);

  const retry = useCallback(() => {
    stopStream(current.current);
    current.current = null;
    setMedia((m) => ({ ...m, stream: null }));
    setAttempt((a) => a + 1);
  }, []);

  /** Gives the running stream to the call; from here on the call owns (and stops) it. */
  const handOver = useCallback((): MediaStream | null => {
    handedOver.current = true;
    return current.current;
  }, []);

  return { ...media, selectDevice, selectOutput, toggle, retry, handOver };
}
