'use client';

/**
 * The board's document connection: the interview's Y.Doc over y-websocket,
 * with reconnects, refusals, and who else is on the board. It needs no
 * Excalidraw, so the room opens it as soon as the board mounts and the doc
 * syncs while Excalidraw is still downloading and starting; the Excalidraw
 * binding (board-sync.ts) attaches to it when the editor is ready.
 */
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { reconnectDelay } from '@/lib/realtime/backoff';
import { boardRefusalMessage, isTerminalClose } from '@/lib/realtime/close-codes';
import { type WhiteboardRole, awarenessStateSchema, colorForUser, parseAwarenessState } from '@/lib/whiteboard/awareness';
import { yjsServerUrl } from '@/lib/whiteboard/binding';

export interface WhiteboardStatus {
  state: 'connecting' | 'connected' | 'disconnected' | 'refused';
  /** The server's close code when `state` is `refused` (4401, 4403, 4404…). */
  code?: number;
  /** A sentence for the user when the code is one of the board's limits (size, rate). */
  message?: string;
  /** Other people (distinct user ids) on the board right now. */
  peers: number;
  /** Names of peers whose cursor is on the board now, comma-separated and sorted. */
  cursors?: string;
}

export interface BoardUser {
  id: string;
  name: string;
  role: WhiteboardRole;
}

export interface BoardConnection {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly user: BoardUser;
  /** Tags this browser's own transactions, so observers can tell them from the server's. */
  readonly origin: symbol;
  /** Whether the first full sync with the server is done (it stays true across reconnects). */
  synced(): boolean;
  /** Calls `listener` after every completed sync (the first, and each after a reconnect). */
  onSync(listener: () => void): () => void;
  stop(): void;
}

export function openBoard(interviewId: string, user: BoardUser, report: (status: WhiteboardStatus) => void): BoardConnection {
  const doc = new Y.Doc();
  const origin = Symbol('whiteboard-local');
  const provider = new WebsocketProvider(yjsServerUrl(window.location), encodeURIComponent(interviewId), doc, {
    // Cross-tab sync would bypass the server's membership and read-only checks.
    disableBc: true,
    // y-websocket's own retry has no jitter; we take over transient reconnects
    // so clients of a restarted server spread out (see reconnectDelay).
    shouldReconnect: (event) => {
      if (!isTerminalClose(event.code)) scheduleReconnect();
      return false;
    },
  });
  let reconnectAttempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let everSynced = false;
  const syncListeners = new Set<() => void>();
  const scheduleReconnect = () => {
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => {
      if (!stopped) provider.connect();
    }, reconnectDelay(reconnectAttempt++));
  };
  const { awareness } = provider;

  let status: WhiteboardStatus = { state: 'connecting', peers: 0 };
  const setStatus = (next: Partial<WhiteboardStatus>) => {
    // Refused is final: the provider's own close handling emits more events after it.
    if (status.state === 'refused') return;
    const merged = { ...status, ...next };
    if (merged.state === status.state && merged.peers === status.peers && merged.code === status.code && merged.cursors === status.cursors) return;
    status = merged;
    report(status);
  };
  report(status);

  const countPeers = () => {
    const others = new Set<string>();
    const cursorNames = new Set<string>();
    awareness.getStates().forEach((raw, clientId) => {
      const peer = clientId === doc.clientID ? null : parseAwarenessState(raw);
      if (!peer || peer.user.id === user.id) return;
      others.add(peer.user.id);
      if (peer.pointer) cursorNames.add(peer.user.name);
    });
    setStatus({ peers: others.size, cursors: [...cursorNames].sort().join(',') });
  };
  const onAwarenessChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    // Our own pointer moves change our state too; only peers' changes matter here.
    if ([...added, ...updated, ...removed].some((id) => id !== doc.clientID)) countPeers();
  };
  awareness.on('change', onAwarenessChange);
  awareness.setLocalState(
    awarenessStateSchema.parse({
      user: { id: user.id, name: user.name.trim().slice(0, 80) || 'Guest', color: colorForUser(user.id), role: user.role },
      pointer: null,
    }),
  );

  provider.on('status', ({ status: s }) => {
    if (s === 'connected') reconnectAttempt = 0;
    // An open socket is not yet an accepted one: a refused socket opens and
    // is then closed, so "connected" waits for the first sync.
    else setStatus({ state: s, ...(s === 'disconnected' ? { peers: 0 } : {}) });
  });
  provider.on('sync', (isSynced) => {
    if (!isSynced) return;
    everSynced = true;
    setStatus({ state: 'connected' });
    for (const listener of syncListeners) listener();
  });
  provider.on('closed', ({ code }) => {
    if (!isTerminalClose(code)) return;
    provider.shouldConnect = false;
    provider.disconnect();
    const message = boardRefusalMessage(code);
    setStatus({ state: 'refused', code, peers: 0, ...(message ? { message } : {}) });
  });

  return {
    doc,
    awareness,
    user,
    origin,
    synced: () => everSynced,
    onSync(listener) {
      syncListeners.add(listener);
      return () => syncListeners.delete(listener);
    },
    stop() {
      stopped = true;
      clearTimeout(reconnectTimer);
      syncListeners.clear();
      awareness.off('change', onAwarenessChange);
      // Tell peers we left now rather than after awareness times out (30 s).
      awareness.setLocalState(null);
      provider.destroy();
      doc.destroy();
    },
  };
}
