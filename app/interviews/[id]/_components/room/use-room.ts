'use client';

/**
 * The room connection (room-connection.ts) for React: makes the socket,
 * hands it to the connection, and mirrors the connection's state. Reconnects
 * back off with jitter (socket.io's randomizationFactor) so a restarted server
 * is not hit by every client at the same instant.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { io } from 'socket.io-client';
import { listRevealedCards } from '@/lib/api/cards';
import { apiFetch } from '@/lib/api/client';
import type { TimerCommand } from '@/lib/timer/timer';
import type { RevealedCard } from '@/lib/rubric/evaluation';
import { INITIAL_ROOM_STATE, ROOM_SOCKET_OPTIONS, RoomConnection, type RoomFeed, type RoomSocket, type RoomState } from './room-connection';

export type { Connection, RoomFeed, RoomState } from './room-connection';

export function useRoom(interviewId: string) {
  const [state, setState] = useState<RoomState>(INITIAL_ROOM_STATE);
  const connectionRef = useRef<RoomConnection | null>(null);
  // Panels subscribe from their own effects, which run before this component's: the set outlives connections.
  const subscribers = useRef(new Set<(event: RoomFeed) => void>());

  useEffect(() => {
    const socket: RoomSocket = io(ROOM_SOCKET_OPTIONS);
    const connection = new RoomConnection(socket, interviewId, async (merge) => {
      // Not fatal: reveals also arrive live, and the next (re)join reads the cards again.
      const read = await apiFetch(listRevealedCards, { params: { id: interviewId } }).catch((error: unknown) => console.warn('Could not read the revealed cards', error));
      if (read) merge(read.cards);
    });
    connectionRef.current = connection;
    const unwatch = connection.watch(setState);
    const unsubscribe = connection.subscribe((event) => subscribers.current.forEach((fn) => fn(event)));
    connection.start();
    return () => {
      unwatch();
      unsubscribe();
      connection.close();
      connectionRef.current = null;
    };
  }, [interviewId]);

  /** Sends a timer command; resolves with an error message, or null on success. */
  const sendTimer = useCallback(
    async (command: TimerCommand): Promise<string | null> =>
      connectionRef.current ? connectionRef.current.sendTimer(command) : 'Not connected. Wait for the connection to come back.',
    [],
  );

  /** Subscribes to interviewer-only traffic; returns the unsubscribe. */
  const subscribe = useCallback((fn: (event: RoomFeed) => void) => {
    subscribers.current.add(fn);
    return () => void subscribers.current.delete(fn);
  }, []);

  /** A card the interviewer just revealed, shown before its broadcast comes back. */
  const addCard = useCallback((card: RevealedCard) => connectionRef.current?.addCard(card), []);

  /** For the call, which signals over this same connection. */
  const getSocket = useCallback((): RoomSocket | null => connectionRef.current?.socket ?? null, []);

  return { ...state, sendTimer, subscribe, addCard, getSocket };
}
