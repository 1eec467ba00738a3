'use client';

/**
 * The one client-side owner of the room's socket.io connection: clock sync,
 * joining, presence and timer state, plus intent methods for the UI. Reconnects
 * back off with jitter (socket.io's randomizationFactor) so a restarted server
 * is not hit by every client at the same instant.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import {
  ClientEvent,
  HandshakeError,
  ServerEvent,
  SOCKET_IO_PATH,
  type ClockPong,
  type EventError,
  type PresenceEntry,
  type PresencePayload,
  type RoomJoinAck,
  type TimerStatePayload,
} from '@/lib/realtime/protocol';
import { clockOffset, type TimerCommand, type TimerState } from '@/lib/realtime/timer';

export type Connection = 'connecting' | 'connected' | 'reconnecting' | 'refused';

export interface RoomState {
  connection: Connection;
  /** Why the server refused us, when it did. */
  refusal: string | null;
  role: PresenceEntry['role'] | null;
  timer: TimerState | null;
  presence: PresenceEntry[];
  /** Add to Date.now() to read the server's clock. */
  offsetMs: number;
  /** The interviewer ended the interview while we were here. */
  endedLive: boolean;
}

const isError = (reply: unknown): reply is EventError => typeof reply === 'object' && reply !== null && 'error' in reply;

async function measureOffset(socket: Socket): Promise<number> {
  // Several pings; the one with the shortest round trip has the least error.
  let best = { offset: 0, rtt: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 5; i++) {
    const sentAt = Date.now();
    const pong = (await socket.timeout(3000).emitWithAck(ClientEvent.ClockPing, { clientSentAt: sentAt })) as ClockPong | EventError;
    if (isError(pong)) continue;
    const sample = clockOffset(sentAt, pong.serverTime, Date.now());
    if (sample.rtt < best.rtt) best = sample;
  }
  return Number.isFinite(best.rtt) ? best.offset : 0;
}

export function useRoom(interviewId: string) {
  const [state, setState] = useState<RoomState>({ connection: 'connecting', refusal: null, role: null, timer: null, presence: [], offsetMs: 0, endedLive: false });
  const socketRef = useRef<Socket | null>(null);

  useEffect(() => {
    const socket = io({
      path: SOCKET_IO_PATH,
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 8000,
      randomizationFactor: 0.5,
    });
    socketRef.current = socket;
    const acceptTimer = (incoming: TimerState) =>
      setState((s) => (s.timer && s.timer.seq > incoming.seq ? s : { ...s, timer: incoming }));

    socket.on('connect', async () => {
      try {
        const offsetMs = await measureOffset(socket);
        const reply = (await socket.timeout(10_000).emitWithAck(ClientEvent.RoomJoin, { interviewId })) as RoomJoinAck | EventError;
        if (isError(reply)) {
          setState((s) => ({ ...s, connection: 'refused', refusal: reply.error.message }));
          socket.disconnect();
          return;
        }
        setState((s) => ({ ...s, connection: 'connected', refusal: null, role: reply.role, presence: reply.presence.participants, offsetMs }));
        acceptTimer(reply.timer.state);
      } catch {
        // A timed-out join: socket.io reconnects and 'connect' fires again.
        setState((s) => ({ ...s, connection: 'reconnecting' }));
      }
    });
    socket.on('disconnect', () => setState((s) => (s.connection === 'refused' ? s : { ...s, connection: 'reconnecting' })));
    socket.on('connect_error', (error) => {
      if (error.message === HandshakeError.Unauthorized || error.message === HandshakeError.Forbidden) {
        setState((s) => ({ ...s, connection: 'refused', refusal: 'Your session has expired. Sign in again to rejoin.' }));
        socket.disconnect();
      } else {
        setState((s) => ({ ...s, connection: 'reconnecting' }));
      }
    });
    socket.on(ServerEvent.TimerState, (payload: TimerStatePayload) => {
      if (payload.interviewId === interviewId) acceptTimer(payload.state);
    });
    socket.on(ServerEvent.InterviewEnded, (payload: { interviewId: string }) => {
      if (payload.interviewId === interviewId) setState((s) => ({ ...s, endedLive: true }));
    });
    socket.on(ServerEvent.Presence, (payload: PresencePayload) => {
      if (payload.interviewId === interviewId) setState((s) => ({ ...s, presence: payload.participants }));
    });
    return () => {
      socket.close();
      socketRef.current = null;
    };
  }, [interviewId]);

  /** Sends a timer command; resolves with an error message, or null on success. */
  const sendTimer = useCallback(
    async (command: TimerCommand): Promise<string | null> => {
      const socket = socketRef.current;
      if (!socket?.connected) return 'Not connected. Wait for the connection to come back.';
      try {
        const reply = (await socket.timeout(5000).emitWithAck(ClientEvent.TimerCommand, { interviewId, command })) as { ok: true } | EventError;
        return isError(reply) ? reply.error.message : null;
      } catch {
        return 'The server did not answer in time. Try again.';
      }
    },
    [interviewId],
  );

  return { ...state, sendTimer };
}
