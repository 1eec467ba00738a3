'use client';

/**
 * The peer-to-peer call for the room: local camera and mic, the mesh, and the
 * controls. The call is entered from the lobby, which hands over the stream it
 * already acquired (the camera is never asked for twice) and the device and
 * on/off choice. Before that, and in a past interview, nothing is asked of the
 * camera or microphone at all. Media trouble (blocked, missing or busy devices)
 * becomes a message and a receive-only seat in the call; it never touches the
 * board or timer. Every (re)connection, e.g. after a network blip, rebuilds the
 * call, because the server knows sockets, and a reconnected socket is a new one.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { acquire, describe, exactDevice, saveChoice, stopStream, type CallEntry, type MediaChoice } from './local-media';
import { PeerMesh, type RemotePeer } from './peer-mesh';
import type { RoomFeed, RoomSocket } from '../room/room-connection';

export interface CallDevices {
  audio: MediaDeviceInfo[];
  video: MediaDeviceInfo[];
  output: MediaDeviceInfo[];
}

export interface CallState {
  /** waiting: not entered yet (lobby open, or a past interview); left: the person left the call. */
  status: 'waiting' | 'starting' | 'joined' | 'unavailable' | 'left';
  /** Why media or the call is limited, in words a user can act on. */
  problem: string | null;
  local: MediaStream | null;
  remotes: RemotePeer[];
  audio: boolean;
  video: boolean;
  /** The chosen speaker (audio output) device, applied to every tile where the browser allows. */
  speaker: string | undefined;
  devices: CallDevices;
}

const ENDED: Record<'audio' | 'video', string> = {
  audio: 'Your microphone stopped (unplugged, or taken by another app). Pick another under Devices, or press Retry.',
  video: 'Your camera stopped (unplugged, or taken by another app). Pick another under Devices, or press Retry.',
};

export interface CallLink {
  getSocket: () => RoomSocket | null;
  subscribe: (fn: (e: RoomFeed) => void) => () => void;
}

export interface CallOptions {
  publishes: boolean;
  /** What the lobby's Join handed over; null until then (and always null in a past interview). */
  entry: CallEntry | null;
  /** The person left the call: local tracks stop and every peer connection closes. */
  left?: boolean;
}

export function useCall(interviewId: string, { getSocket, subscribe }: CallLink, { publishes, entry, left = false }: CallOptions) {
  const [state, setState] = useState<CallState>({
    status: 'waiting', problem: null, local: null, remotes: [], audio: false, video: false, speaker: undefined, devices: { audio: [], video: [], output: [] },
  });
  const mesh = useRef<PeerMesh | null>(null);
  const local = useRef<MediaStream | null>(null);
  const wanted = useRef({ audio: true, video: true });
  const choice = useRef<MediaChoice>(entry?.choice ?? { audio: true, video: true });
  /** The lobby's stream is taken once; only a Retry acquires afresh (never a reconnect). */
  const taken = useRef<CallEntry | null>(null);
  const reacquire = useRef(false);
  const [attempt, setAttempt] = useState(0);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const active = Boolean(entry) && !left;

  const remember = useCallback((change: Partial<MediaChoice>) => {
    choice.current = { ...choice.current, ...change };
    saveChoice(choice.current);
  }, []);

  const refreshDevices = useCallback(async () => {
    const all = (await navigator.mediaDevices?.enumerateDevices?.().catch(() => [])) ?? [];
    setState((s) => ({
      ...s,
      devices: { audio: all.filter((d) => d.kind === 'audioinput'), video: all.filter((d) => d.kind === 'videoinput'), output: all.filter((d) => d.kind === 'audiooutput') },
    }));
  }, []);

  // A headset plugged in mid-call shows up in the device list without a reload.
  useEffect(() => {
    const media = navigator.mediaDevices;
    if (!active || !media?.addEventListener) return;
    const onChange = () => void refreshDevices();
    media.addEventListener('devicechange', onChange);
    return () => media.removeEventListener('devicechange', onChange);
  }, [active, refreshDevices]);

  /** The browser ends a track when its device goes away; say so instead of freezing the tile. */
  const watchEnded = useCallback((track: MediaStreamTrack) => {
    track.onended = () => {
      if (local.current?.getTracks().includes(track)) setState((s) => ({ ...s, problem: ENDED[track.kind as 'audio' | 'video'] }));
    };
  }, []);

  useEffect(() => {
    if (!entry || left) return;
    let cancelled = false;
    const start = async () => {
      const socket = getSocket();
      if (!socket?.connected || cancelled) return;
      mesh.current?.close();
      if (taken.current !== entry) {
        // The lobby's stream, taken over as it is: the camera is already running.
        taken.current = entry;
        choice.current = entry.choice;
        wanted.current = { audio: entry.choice.audio, video: entry.choice.video };
        local.current = publishes ? entry.stream : null;
        local.current?.getTracks().forEach(watchEnded);
        setState((s) => ({ ...s, local: local.current, problem: publishes ? entry.problem : null, speaker: entry.choice.audioOutput }));
        if (publishes) void refreshDevices();
      } else if (publishes && reacquire.current) {
        // Retry: ask again with the remembered devices.
        reacquire.current = false;
        const { stream, problem } = await acquire(choice.current);
        if (cancelled) return stopStream(stream);
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
      setState((s) => ({ ...s, status: s.status === 'joined' ? s.status : 'starting', audio: has.audio, video: has.video }));
      const refused = await next.join(stream, has).catch(() => 'The call did not answer in time; it will retry when the connection settles.');
      if (cancelled) return next.close();
      setState((s) => ({ ...s, status: refused ? 'unavailable' : 'joined', problem: refused ?? s.problem }));
    };
    // One start at a time: the first join and a quick rejoin must not open two cameras.
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
  }, [interviewId, getSocket, subscribe, publishes, refreshDevices, watchEnded, attempt, entry, left]);

  // Leaving the call (the room's "Leave call"), or leaving the room: the camera light goes off.
  useEffect(() => {
    if (!left) return;
    stopStream(local.current);
    local.current = null;
    // Coming back asks for the devices afresh.
    reacquire.current = true;
    setState((s) => ({ ...s, status: 'left', local: null, remotes: [], problem: null }));
  }, [left]);
  useEffect(() => () => stopStream(local.current), []);

  const toggle = useCallback((kind: 'audio' | 'video') => {
    const tracks = kind === 'audio' ? local.current?.getAudioTracks() : local.current?.getVideoTracks();
    if (!tracks?.length) return;
    wanted.current = { ...wanted.current, [kind]: !wanted.current[kind] };
    tracks.forEach((t) => (t.enabled = wanted.current[kind]));
    mesh.current?.sendState(wanted.current);
    remember({ [kind]: wanted.current[kind] });
    setState((s) => ({ ...s, [kind]: wanted.current[kind] }));
  }, [remember]);

  const selectDevice = useCallback(async (kind: 'audio' | 'video', deviceId: string) => {
    const stream = local.current;
    if (!stream) return;
    try {
      const fresh = await navigator.mediaDevices.getUserMedia(exactDevice(kind, deviceId));
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
      remember(kind === 'audio' ? { audioInput: deviceId } : { videoInput: deviceId });
      setState((s) => ({ ...s, local: stream, problem: null }));
    } catch (error) {
      setState((s) => ({ ...s, problem: describe(error) }));
    }
  }, [watchEnded, remember]);

  const selectSpeaker = useCallback((deviceId: string) => {
    remember({ audioOutput: deviceId });
    setState((s) => ({ ...s, speaker: deviceId }));
  }, [remember]);

  /** After the user fixes permissions: ask for devices again (with the remembered choice) and rejoin. */
  const retry = useCallback(() => {
    stopStream(local.current);
    local.current = null;
    if (!entry) return;
    reacquire.current = true;
    setState((s) => ({ ...s, status: 'starting', problem: null, local: null }));
    setAttempt((a) => a + 1);
  }, [entry]);

  return { ...state, publishes, toggleAudio: () => toggle('audio'), toggleVideo: () => toggle('video'), selectDevice, selectSpeaker, retry };
}
