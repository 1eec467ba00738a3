'use client';

/**
 * The engine behind the whiteboard component: binds an Excalidraw API to the
 * interview's Y.Doc over y-websocket (elements, presence, reconnects). Kept
 * apart from the React component so each stays small and readable.
 */
import type { RemoteExcalidrawElement } from '@excalidraw/excalidraw/data/reconcile';
import type { ExcalidrawElement, OrderedExcalidrawElement } from '@excalidraw/excalidraw/element/types';
import type { Collaborator, ExcalidrawImperativeAPI, SocketId } from '@excalidraw/excalidraw/types';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { reconnectDelay } from '@/lib/realtime/backoff';
import { boardRefusalMessage, isTerminalClose } from '@/lib/realtime/close-codes';
import {
  type AwarenessPointer,
  type WhiteboardRole,
  awarenessStateSchema,
  colorForUser,
  parseAwarenessState,
} from '@/lib/whiteboard/awareness';
import { mergeRemote, observeRemoteElements, readElements, writeLocalElements, yjsServerUrl, type StoredElement } from '@/lib/whiteboard/binding';

// Every element type Excalidraw draws; the Record makes the compiler list them all.
const ELEMENT_TYPES: Record<ExcalidrawElement['type'], true> = {
  selection: true, rectangle: true, diamond: true, ellipse: true, arrow: true, line: true, freedraw: true,
  text: true, image: true, frame: true, magicframe: true, embeddable: true, iframe: true,
};

/**
 * A stored element whose type Excalidraw knows. restoreElements then repairs
 * whatever else is missing or stale, as it does for any imported scene; an
 * unknown type it would drop anyway.
 */
function isRestorable(element: StoredElement): element is StoredElement & ExcalidrawElement {
  return Object.hasOwn(ELEMENT_TYPES, element.type);
}

/** ~20 Hz: smooth enough for a cursor, light enough for the awareness channel. */
const POINTER_INTERVAL_MS = 50;

export type ExcalidrawLib = typeof import('@excalidraw/excalidraw');

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

export interface SyncHandle {
  onSceneChange(elements: readonly OrderedExcalidrawElement[]): void;
  onPointer(pointer: AwarenessPointer | null): void;
  stop(): void;
}

export interface SyncOptions {
  lib: ExcalidrawLib;
  api: ExcalidrawImperativeAPI;
  interviewId: string;
  user: { id: string; name: string; role: WhiteboardRole };
  readOnly: boolean;
  report: (status: WhiteboardStatus) => void;
  /** Called once, after the first full sync's elements are in Excalidraw's scene. */
  onReady?: () => void;
}

export function startSync({ lib, api, interviewId, user, readOnly, report, onReady }: SyncOptions): SyncHandle {
  const doc = new Y.Doc();
  // Tags our own transactions so the doc observer can tell them from the server's.
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
  const scheduleReconnect = () => {
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => {
      if (!stopped) provider.connect();
    }, reconnectDelay(reconnectAttempt++));
  };
  provider.on('status', ({ status }) => {
    if (status === 'connected') reconnectAttempt = 0;
  });
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

  // Remote bursts (a peer dragging) are applied at most once per frame.
  let frame = 0;
  let ready = false;
  const applyRemote = () => {
    frame = 0;
    const remote = lib.restoreElements(readElements(doc).filter(isRestorable), null);
    const { elements, changed } = mergeRemote(
      api.getSceneElementsIncludingDeleted(),
      remote as RemoteExcalidrawElement[],
      (local, incoming) => lib.reconcileElements(local, incoming, api.getAppState()),
    );
    // NEVER: a peer's strokes must not land on this user's undo stack.
    if (changed) api.updateScene({ elements, captureUpdate: lib.CaptureUpdateAction.NEVER });
    if (!ready && provider.synced) {
      ready = true;
      onReady?.();
    }
  };
  const scheduleRemote = () => {
    if (frame === 0) frame = requestAnimationFrame(applyRemote);
  };
  const unobserve = observeRemoteElements(doc, { localOrigin: origin, repair: !readOnly, onChange: scheduleRemote });

  const renderPeers = () => {
    const collaborators = new Map<SocketId, Collaborator>();
    const others = new Set<string>();
    const cursorNames = new Set<string>();
    awareness.getStates().forEach((raw, clientId) => {
      const peer = clientId === doc.clientID ? null : parseAwarenessState(raw);
      if (!peer) return;
      if (peer.user.id !== user.id) others.add(peer.user.id);
      const { color } = peer.user;
      collaborators.set(String(clientId) as SocketId, {
        // Excalidraw 0.18 derives the cursor colour from `id`, so it is the
        // same user-stable colour on every screen; `color` and `laserColor`
        // carry our palette where Excalidraw honours them.
        id: peer.user.id,
        username: peer.user.name,
        color: { background: color, stroke: color },
        ...(peer.pointer ? { pointer: { ...peer.pointer, laserColor: color } } : {}),
      });
      if (peer.pointer && peer.user.id !== user.id) cursorNames.add(peer.user.name);
    });
    api.updateScene({ collaborators });
    setStatus({ peers: others.size, cursors: [...cursorNames].sort().join(',') });
  };
  const onAwarenessChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    // Our own pointer moves change our state too; only peers' changes need a re-render.
    if ([...added, ...updated, ...removed].some((id) => id !== doc.clientID)) renderPeers();
  };
  awareness.on('change', onAwarenessChange);
  awareness.setLocalState(
    awarenessStateSchema.parse({
      user: { id: user.id, name: user.name.trim().slice(0, 80) || 'Guest', color: colorForUser(user.id), role: user.role },
      pointer: null,
    }),
  );

  provider.on('status', ({ status: s }) => {
    // An open socket is not yet an accepted one: a refused socket opens and
    // is then closed, so "connected" waits for the first sync.
    if (s !== 'connected') setStatus({ state: s, ...(s === 'disconnected' ? { peers: 0 } : {}) });
  });
  provider.on('sync', (synced) => {
    if (!synced) return;
    setStatus({ state: 'connected' });
    scheduleRemote();
  });
  provider.on('closed', ({ code }) => {
    if (!isTerminalClose(code)) return;
    provider.shouldConnect = false;
    provider.disconnect();
    const message = boardRefusalMessage(code);
    setStatus({ state: 'refused', code, peers: 0, ...(message ? { message } : {}) });
  });

  let lastHash: number | null = null;
  let pending: AwarenessPointer | null | undefined;
  let pointerTimer: ReturnType<typeof setTimeout> | null = null;
  let lastPointerAt = 0;
  const flushPointer = () => {
    pointerTimer = null;
    lastPointerAt = Date.now();
    if (pending === undefined) return;
    awareness.setLocalStateField('pointer', pending);
    pending = undefined;
  };

  return {
    onSceneChange(elements) {
      if (readOnly) return;
      // onChange also fires for selection, scrolling and cursor moves; only a
      // changed version hash can hold something to write.
      const hash = lib.hashElementsVersion(elements);
      if (hash === lastHash) return;
      lastHash = hash;
      // Elements that just arrived from the doc carry the doc's version, so the
      // version rule turns their echo into a no-op.
      writeLocalElements(doc, elements, origin);
    },
    onPointer(pointer) {
      pending = pointer;
      if (pointerTimer === null) {
        pointerTimer = setTimeout(flushPointer, Math.max(0, lastPointerAt + POINTER_INTERVAL_MS - Date.now()));
      }
    },
    stop() {
      stopped = true;
      clearTimeout(reconnectTimer);
      if (frame !== 0) cancelAnimationFrame(frame);
      if (pointerTimer !== null) clearTimeout(pointerTimer);
      unobserve();
      awareness.off('change', onAwarenessChange);
      // Tell peers we left now rather than after awareness times out (30 s).
      awareness.setLocalState(null);
      provider.destroy();
      doc.destroy();
    },
  };
}
