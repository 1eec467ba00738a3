'use client';

/**
 * Binds a mounted Excalidraw to an open board connection (board-connection.ts):
 * remote elements into the scene, local edits into the doc, and peers'
 * cursors onto the canvas. It attaches whenever the editor is ready; the doc
 * may already have synced by then, and then its elements go in at once.
 */
import type { RemoteExcalidrawElement } from '@excalidraw/excalidraw/data/reconcile';
import type { ExcalidrawElement, OrderedExcalidrawElement } from '@excalidraw/excalidraw/element/types';
import type { Collaborator, ExcalidrawImperativeAPI, SocketId } from '@excalidraw/excalidraw/types';
import { type AwarenessPointer, parseAwarenessState } from '@/lib/whiteboard/awareness';
import { mergeRemote, observeRemoteElements, readElements, writeLocalElements, type StoredElement } from '@/lib/whiteboard/binding';
import type { BoardConnection } from './board-connection';

export type { WhiteboardStatus } from './board-connection';

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

export interface SyncHandle {
  onSceneChange(elements: readonly OrderedExcalidrawElement[]): void;
  onPointer(pointer: AwarenessPointer | null): void;
  stop(): void;
}

export interface BindOptions {
  lib: ExcalidrawLib;
  api: ExcalidrawImperativeAPI;
  board: BoardConnection;
  readOnly: boolean;
  /** Called once, when the first full sync's elements are in Excalidraw's scene. */
  onReady?: () => void;
}

export function bindExcalidraw({ lib, api, board, readOnly, onReady }: BindOptions): SyncHandle {
  const { doc, awareness, origin } = board;

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
    if (!ready && board.synced()) {
      ready = true;
      onReady?.();
    }
  };
  const scheduleRemote = () => {
    if (frame === 0) frame = requestAnimationFrame(applyRemote);
  };
  const unobserve = observeRemoteElements(doc, { localOrigin: origin, repair: !readOnly, onChange: scheduleRemote });
  const offSync = board.onSync(scheduleRemote);
  // The doc may have synced while Excalidraw was still loading.
  if (board.synced()) scheduleRemote();

  const renderPeers = () => {
    const collaborators = new Map<SocketId, Collaborator>();
    awareness.getStates().forEach((raw, clientId) => {
      const peer = clientId === doc.clientID ? null : parseAwarenessState(raw);
      if (!peer) return;
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
    });
    api.updateScene({ collaborators });
  };
  const onAwarenessChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    // Our own pointer moves change our state too; only peers' changes need a re-render.
    if ([...added, ...updated, ...removed].some((id) => id !== doc.clientID)) renderPeers();
  };
  awareness.on('change', onAwarenessChange);
  // Peers who arrived before the editor did.
  renderPeers();

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
      if (frame !== 0) cancelAnimationFrame(frame);
      if (pointerTimer !== null) clearTimeout(pointerTimer);
      unobserve();
      offSync();
      awareness.off('change', onAwarenessChange);
      // The pointer leaves with the editor; the connection itself stays open.
      if (awareness.getLocalState()) awareness.setLocalStateField('pointer', null);
    },
  };
}
