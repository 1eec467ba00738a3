'use client';

/**
 * The peer-to-peer call for the room: local camera and mic, the mesh, and the
 * controls. Media trouble (blocked, missing or busy devices) becomes a message
 * and a receive-only seat in the call; it never touches the board or timer.
 * Every (re)connection, e.g. after a network blip, rebuilds the call, because
 * the server knows sockets, and a reconnected socket is a new one.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { PeerMesh, type RemotePeer } from './peer-mesh';
import type { RoomFeed, RoomSocket } from '../room/room-connection';

export interface CallDevices {
  audio: MediaDeviceInfo[];
  video: MediaDeviceInfo[];
}

export interface CallState {
  status: 'starting' | 'joined' | 'unavailable';
  /** Why media or the call is limited, in words a user can act on. */
  problem: string | null;
  local: MediaStream | null;
  remotes: RemotePeer[];
  audio: boolean;
  video: boolean;
  devices: CallDevices;
}

function describe(error: unknown): string {
  const name = (error as { name?: string }).name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'Camera and microphone are blocked for this site. Allow them from the address bar, then press Retry. The board and timer keep working.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No camera or microphone was found. You can still see and hear the others.';
  if (name === 'NotReadableError') return 'Your camera or microphone is busy in another app. Close it, then press Retry.';
  return 'Could not start your camera or microphone. You can still see and hear the others.';
}

/** Camera and mic if possible, else mic only, else nothing (receive-only). */
async function acquire(): Promise<{ stream: MediaStream | null; problem: string | null }> {
  if (!navigator.mediaDevices?.getUserMedia) return { stream: null, problem: 'Video needs a secure page (https, or localhost). You can still use the board and timer.' };
  try {
    return { stream: await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 640 }, height: { ideal: 360 } } }), problem: null };
  } catch (error) {
    if ((error as { name?: string }).name === 'NotFoundError') {
      try {
        return { stream: await navigator.mediaDevices.getUserMedia({ audio: true }), problem: 'No camera was found; you are on audio only.' };
      } catch {
        // Fall through to the original reason.
      }
    }
    return { stream: null, problem: describe(error) };
  }
}

const ENDED: Record<'audio' | 'video', string> = {
  audio: 'Your microphone stopped (unplugged, or taken by another app). Pick another under Devices, or press Retry.',
  video: 'Your camera stopped (unplugged, or taken by another app). Pick another under Devices, or press Retry.',
};

export interface CallLink {
  getSocket: () => RoomSocket | null;
  subscribe: (fn: (e: RoomFeed) => void) => () => void;
}

export function useCall(interviewId: string, { getSocket, subscribe }: CallLink, publishes: boolean) {
  const [state, setState] = useState<CallState>({ status: 'starting', problem: null, local: null, remotes: [], audio: true, video: true, devices: { audio: [], video: [] } });
  const mesh = useRef<PeerMesh | null>(null);
  const local = useRef<MediaStream | null>(null);
  const wanted = useRef({ audio: true, video: true });
  const [attempt, setAttempt] = useState(0);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  // The camera starts while the room is still connecting: it is the slowest step before the first frame.
  const early = useRef<ReturnType<typeof acquire> | null>(null);
  useEffect(() => {
    if (publishes && !local.current && !early.current) early.current = acquire();
  }, [publishes]);

  const refreshDevices = useCallback(async () => {
    const all = (await navigator.mediaDevices?.enumerateDevices?.().catch(() => [])) ?? [];
    setState((s) => ({ ...s, devices: { audio: all.filter((d) => d.kind === 'audioinput'), video: all.filter((d) => d.kind === 'videoinput') } }));
  }, []);

  // A headset plugged in mid-call shows up in the device list without a reload.
  useEffect(() => {
    const media = navigator.mediaDevices;
    if (!media?.addEventListener) return;
    const onChange = () => void refreshDevices();
    media.addEventListener('devicechange', onChange);
    return () => media.removeEventListener('devicechange', onChange);
  }, [refreshDevices]);

  /** The browser ends a track when its device goes away; say so instead of freezing the tile. */
  const watchEnded = useCallback((track: MediaStreamTrack) => {
    track.onended = () => {
      if (local.current?.getTracks().includes(track)) setState((s) => ({ ...s, problem: ENDED[track.kind as 'audio' | 'video'] }));
    };
  }, []);

  useEffect(() => {
    let cancelled = false;
    const start = async () => {
      const socket = getSocket();
      if (!socket?.connected || cancelled) return;
      mesh.current?.close();
      if (publishes && !local.current) {
        const { stream, problem } = await (early.current ?? acquire());
        early.current = null;
        if (cancelled) return stream?.getTracks().forEach((t) => t.stop());
        local.current = stream;
        stream?.getTracks().forEach(watchEnded);
        setState((s) => ({ ...s, local: stream, problem }));
        void refreshDevices();
      }
      const stream = local.current;
      stream?.getAudioTracks().forEach((t) => (t.enabled = wanted.current.audio));
      stream?.getVideoTracks().forEach((t) => (t.enabled = wanted.current.video));
      const next = new PeerMesh(socket, interviewId, () => setState((s) => ({ ...s, remotes: next.remotes })));
      mesh.current = next;
      const has = { audio: Boolean(stream?.getAudioTracks().length) && wanted.current.audio, video: Boolean(stream?.getVideoTracks().length) && wanted.current.video };
      const refused = await next.join(stream, has).catch(() => 'The call did not answer in time; it will retry when the connection settles.');
      if (cancelled) return next.close();
      setState((s) => ({ ...s, status: refused ? 'unavailable' : 'joined', problem: refused ?? s.problem, audio: has.audio, video: has.video }));
    };
    // One start at a time: the first room join and a quick rejoin must not open two cameras.
    const run = () => (chain.current = chain.current.then(start, start));
    void run();
    // Each new connection is a new socket id to the server, so the call is joined afresh on every (re)connect.
    const unsubscribe = subscribe((event) => event.type === 'connected' && void run());
    return () => {
      cancelled = true;
      unsubscribe();
      mesh.current?.close();
      mesh.current = null;
    };
  }, [interviewId, getSocket, subscribe, publishes, refreshDevices, watchEnded, attempt]);

  // Stop the camera light when leaving the room, including a camera started early and never used.
  useEffect(
    () => () => {
      local.current?.getTracks().forEach((t) => t.stop());
      void early.current?.then(({ stream }) => stream?.getTracks().forEach((t) => t.stop()));
    },
    [],
  );

  const toggle = useCallback((kind: 'audio' | 'video') => {
    const tracks = kind === 'audio' ? local.current?.getAudioTracks() : local.current?.getVideoTracks();
    if (!tracks?.length) return;
    wanted.current = { ...wanted.current, [kind]: !wanted.current[kind] };
    tracks.forEach((t) => (t.enabled = wanted.current[kind]));
    mesh.current?.sendState(wanted.current);
    setState((s) => ({ ...s, [kind]: wanted.current[kind] }));
  }, []);

  const selectDevice = useCallback(async (kind: 'audio' | 'video', deviceId: string) => {
    const stream = local.current;
    if (!stream) return;
    try {
      const fresh = await navigator.mediaDevices.getUserMedia(kind === 'audio' ? { audio: { deviceId: { exact: deviceId } } } : { video: { deviceId: { exact: deviceId }, width: { ideal: 640 }, height: { ideal: 360 } } });
      const track = (kind === 'audio' ? fresh.getAudioTracks() : fresh.getVideoTracks())[0]!;
      track.enabled = wanted.current[kind];
      const old = kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks();
      await mesh.current?.replaceTrack(kind, track);
      old.forEach((t) => {
        stream.removeTrack(t);
        t.stop();
      });
      stream.addTrack(track);
      watchEnded(track);
      setState((s) => ({ ...s, local: stream, problem: null }));
    } catch (error) {
      setState((s) => ({ ...s, problem: describe(error) }));
    }
  }, [watchEnded]);

  /** After the user fixes permissions: ask for devices again and rejoin. */
  const retry = useCallback(() => {
    local.current?.getTracks().forEach((t) => t.stop());
    local.current = null;
    setState((s) => ({ ...s, status: 'starting', problem: null, local: null }));
    setAttempt((a) => a + 1);
  }, []);

  return { ...state, publishes, toggleAudio: () => toggle('audio'), toggleVideo: () => toggle('video'), selectDevice, retry };
}
