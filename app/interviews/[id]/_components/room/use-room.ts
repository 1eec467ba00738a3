'use client';

/**
 * The one client-side owner of the room's socket.io connection: clock sync,
 * joining, presence, timer state, revealed constraint cards and the release
 * signal, plus intent methods for the UI. Interviewer-only events (notes) are
 * passed to subscribers; only interviewers' sockets ever receive them. Reconnects
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
  type InterviewPayload,
  type NoteDeletedPayload,
  type PresenceEntry,
  type PresencePayload,
  type RoomJoinAck,
  type TimerStatePayload,
} from '@/lib/realtime/protocol';
import { clockOffset, type TimerCommand, type TimerState } from '@/lib/timer/timer';
import type { NoteView, RevealedCard } from '@/lib/rubric/evaluation';

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
  /** Constraint cards played so far, oldest first. */
  cards: RevealedCard[];
  /** Feedback was released while we were here. */
  releasedLive: boolean;
}

/** What the room forwards to panels that subscribe (interviewer-only traffic). */
export type RoomFeed = { type: 'note-added'; note: NoteView } | { type: 'note-deleted'; noteId: string } | { type: 'rejoined' } | { type: 'connected' };

function mergeCards(known: RevealedCard[], incoming: RevealedCard[]): RevealedCard[] {
  const byId = new Map(known.map((c) => [c.id, c]));
  for (const card of incoming) byId.set(card.id, card);
  return [...byId.values()].sort((a, b) => a.revealedAt.localeCompare(b.revealedAt));
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
  const [state, setState] = useState<RoomState>({
    connection: 'connecting', refusal: null, role: null, timer: null, presence: [], offsetMs: 0, endedLive: false, cards: [], releasedLive: false,
  });
  const socketRef = useRef<Socket | null>(null);
  const subscribers = useRef(new Set<(event: RoomFeed) => void>());
  const publish = (event: RoomFeed) => subscribers.current.forEach((fn) => fn(event));

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
      // The call needs only the connection, not the room join: it starts at once.
      publish({ type: 'connected' });
      try {
        // Clock pings and the join run side by side: five round trips of pings
        // before joining would delay the board, the call and presence on slow links.
        const [offsetMs, reply] = (await Promise.all([
          measureOffset(socket),
          socket.timeout(10_000).emitWithAck(ClientEvent.RoomJoin, { interviewId }),
        ])) as [number, RoomJoinAck | EventError];
        if (isError(reply)) {
          setState((s) => ({ ...s, connection: 'refused', refusal: reply.error.message }));
          socket.disconnect();
          return;
        }
        setState((s) => ({ ...s, connection: 'connected', refusal: null, role: reply.role, presence: reply.presence.participants, offsetMs }));
        acceptTimer(reply.timer.state);
        // Anything announced while we were away (cards, notes) is read afresh after every (re)join.
        publish({ type: 'rejoined' });
        const response = await fetch(`/api/interviews/${interviewId}/cards`);
        if (response.ok) {
          const { cards } = (await response.json()) as { cards: RevealedCard[] };
          setState((s) => ({ ...s, cards: mergeCards(s.cards, cards) }));
        }
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
    socket.on(ServerEvent.CardRevealed, (payload: { interviewId: string; card: RevealedCard }) => {
      if (payload.interviewId === interviewId) setState((s) => ({ ...s, cards: mergeCards(s.cards, [payload.card]) }));
    });
    socket.on(ServerEvent.FeedbackReleased, (payload: InterviewPayload) => {
      if (payload.interviewId === interviewId) setState((s) => ({ ...s, releasedLive: true }));
    });
    socket.on(ServerEvent.NoteAdded, (note: NoteView) => {
      if (note.interviewId === interviewId) publish({ type: 'note-added', note });
    });
    socket.on(ServerEvent.NoteDeleted, (payload: NoteDeletedPayload) => {
      if (payload.interviewId === interviewId) publish({ type: 'note-deleted', noteId: payload.noteId });
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

  /** Subscribes to interviewer-only traffic; returns the unsubscribe. */
  const subscribe = useCallback((fn: (event: RoomFeed) => void) => {
    subscribers.current.add(fn);
    return () => void subscribers.current.delete(fn);
  }, []);

  /** A card the interviewer just revealed, shown before its broadcast comes back. */
  const addCard = useCallback((card: RevealedCard) => setState((s) => ({ ...s, cards: mergeCards(s.cards, [card]) })), []);

  /** For the call, which signals over this same connection. */
  const getSocket = useCallback(() => socketRef.current, []);

  return { ...state, sendTimer, subscribe, addCard, getSocket };
}
