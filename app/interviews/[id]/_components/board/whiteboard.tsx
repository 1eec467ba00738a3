'use client';

/**
 * The shared whiteboard: Excalidraw bound to the interview's Y.Doc, synced
 * over y-websocket at /ws/yjs/<interviewId> (same origin, so the session
 * cookie authenticates it).
 *
 * Nothing is put on `window`. The wrapper carries what a test (or assistive
 * tooling) needs to know about a canvas that has no DOM: `data-state` (the
 * connection), `data-elements` (the live element types, sorted) and
 * `data-cursors` (names of peers whose cursor is on the board).
 *
 * `data-board-ready="true"` (and the User Timing mark `board-ready`) means the
 * board is usable: the doc finished its first sync with the server, those
 * elements are in Excalidraw's scene, and Excalidraw's interactive canvas (the
 * layer that takes pointer input) is in the page. It stays set across later
 * reconnects; `data-state` tells the connection.
 */
import '@excalidraw/excalidraw/index.css';
import type { ExcalidrawImperativeAPI } from '@excalidraw/excalidraw/types';
import dynamic from 'next/dynamic';
import { useEffect, useRef, useState } from 'react';
import { type WhiteboardRole, awarenessPointerSchema } from '@/lib/whiteboard/awareness';
import { BoardLoading } from './board-loading';
import { type BoardConnection, openBoard } from './board-connection';
import { bindExcalidraw, type ExcalidrawLib, type SyncHandle, type WhiteboardStatus } from './board-sync';
import { loadEditor } from './editor';

export type { WhiteboardStatus } from './board-connection';

// This module is itself loaded only in the browser (the room imports it with
// ssr: false), so this runs as soon as the board's code arrives: Excalidraw,
// by far the room's largest download, starts before React renders the board.
if (typeof window !== 'undefined') void loadEditor();

const Excalidraw = dynamic(() => loadEditor().then((lib) => lib.Excalidraw), {
  ssr: false,
  loading: BoardLoading,
});

export interface WhiteboardProps {
  interviewId: string;
  user: { id: string; name: string; role: WhiteboardRole };
  readOnly?: boolean;
  onStatus?: (status: WhiteboardStatus) => void;
  /** Called once, when the board first becomes usable (the `board-ready` mark). */
  onReady?: () => void;
}

export function Whiteboard(props: WhiteboardProps) {
  // A fresh Excalidraw per interview, so one room's scene can never be written into another's doc.
  return <WhiteboardRoom key={props.interviewId} {...props} />;
}

function WhiteboardRoom({ interviewId, user, readOnly = false, onStatus, onReady }: WhiteboardProps) {
  const [api, setApi] = useState<ExcalidrawImperativeAPI | null>(null);
  const [board, setBoard] = useState<BoardConnection | null>(null);
  const [state, setState] = useState<WhiteboardStatus['state']>('connecting');
  // A plain-text summary of what the board shows (e.g. "arrow,rectangle"), so
  // tests and assistive tooling can tell what is on a canvas that has no DOM.
  const [summary, setSummary] = useState('');
  const [cursors, setCursors] = useState('');
  const [ready, setReady] = useState(false);
  const container = useRef<HTMLDivElement>(null);
  const sync = useRef<SyncHandle | null>(null);
  const onStatusRef = useRef(onStatus);
  const onReadyRef = useRef(onReady);
  useEffect(() => {
    onStatusRef.current = onStatus;
    onReadyRef.current = onReady;
  });

  const { id: userId, name: userName, role } = user;
  // The doc connects on mount, while Excalidraw is still loading, so the
  // first sync is usually done by the time the editor can show it.
  useEffect(() => {
    const connection = openBoard(interviewId, { id: userId, name: userName, role }, (status) => {
      setState(status.state);
      setCursors(status.cursors ?? '');
      onStatusRef.current?.(status);
    });
    setBoard(connection);
    return () => {
      setBoard(null);
      connection.stop();
    };
  }, [interviewId, userId, userName, role]);

  useEffect(() => {
    if (!api || !board) return;
    let handle: SyncHandle | null = null;
    let cancelled = false;
    // Already loaded by the time the API exists; this only fetches the reference.
    void loadEditor().then((lib) => {
      if (cancelled) return;
      handle = bindExcalidraw({
        lib,
        api,
        board,
        readOnly,
        onReady: () => whenCanvasTakesInput(container.current, () => cancelled, () => setReady(true)),
      });
      sync.current = handle;
    });
    return () => {
      cancelled = true;
      sync.current = null;
      handle?.stop();
    };
  }, [api, board, readOnly]);

  useEffect(() => {
    // Marked once the attribute is committed, so the mark and the DOM agree.
    if (!ready) return;
    performance.mark('board-ready');
    onReadyRef.current?.();
  }, [ready]);

  return (
    <div
      ref={container}
      data-testid="whiteboard"
      data-state={state}
      data-board-ready={ready ? 'true' : undefined}
      data-elements={summary}
      data-cursors={cursors}
      className="whiteboard"
      style={{ position: 'relative', width: '100%', height: '100%', minHeight: 480 }}
      onPointerLeave={() => sync.current?.onPointer(null)}
    >
      <Excalidraw
        excalidrawAPI={setApi}
        isCollaborating
        viewModeEnabled={readOnly}
        onChange={(elements) => {
          sync.current?.onSceneChange(elements);
          const next = elements
            .filter((e) => !e.isDeleted)
            .map((e) => e.type)
            .sort()
            .join(',');
          setSummary((current) => (current === next ? current : next));
        }}
        onPointerUpdate={({ pointer }) => {
          const parsed = awarenessPointerSchema.safeParse({ x: pointer.x, y: pointer.y, tool: pointer.tool });
          if (parsed.success) sync.current?.onPointer(parsed.data);
        }}
        UIOptions={{
          // Image bytes are not synced (only elements are), and loading a file
          // would silently replace the shared board for everyone.
          tools: { image: false },
          canvasActions: { loadScene: false, saveToActiveFile: false },
        }}
      />
    </div>
  );
}

/**
 * Runs `then` once Excalidraw's interactive (pointer-taking) canvas is laid
 * out in `root`, checking from the next frame on: the scene update that
 * preceded this call renders (and reports its elements) before then.
 */
function whenCanvasTakesInput(root: HTMLElement | null, cancelled: () => boolean, then: () => void) {
  const check = () => {
    if (cancelled()) return;
    const canvas = root?.querySelector<HTMLCanvasElement>('canvas.excalidraw__canvas.interactive');
    if (canvas && canvas.width > 0 && canvas.height > 0) then();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}
