'use client';

/**
 * The board as it stood at the player's moment: Excalidraw in view mode, fed
 * from replay segments (lib/review/segment-player.ts). Seeks are coalesced:
 * while one is being drawn, only the latest requested moment is drawn next,
 * so dragging the scrubber never queues up stale boards.
 *
 * Like the room's board, nothing goes on `window`; the wrapper says what is
 * drawn: `data-rendered-ms` (the moment shown), `data-rendered-at` (the
 * page's clock just after the frame with it was painted) and
 * `data-elements` (the ids shown), for tests, benches and assistive tooling.
 */
import '@excalidraw/excalidraw/index.css';
import type { ExcalidrawImperativeAPI } from '@excalidraw/excalidraw/types';
import dynamic from 'next/dynamic';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { BoardTrack } from '@/lib/api/review';
import { SegmentPlayer } from '@/lib/review/segment-player';
import { BoardLoading } from '../../_components/board/board-loading';
import { loadEditor } from '../../_components/board/editor';

if (typeof window !== 'undefined') void loadEditor();

const Excalidraw = dynamic(() => loadEditor().then((lib) => lib.Excalidraw), { ssr: false, loading: BoardLoading });

type SceneElements = Parameters<ExcalidrawImperativeAPI['updateScene']>[0]['elements'];

interface Props {
  track: BoardTrack;
  /** Where segment `i` is fetched from (with the share token, when there is one). */
  segmentUrl: (index: number) => string;
  /** The player's moment (axis ms). */
  at: number;
  playing: boolean;
  onError: (message: string) => void;
}

export function ReplayBoard({ track, segmentUrl, at, playing, onError }: Props) {
  const [api, setApi] = useState<ExcalidrawImperativeAPI | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const fitted = useRef(false);
  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  });
  const player = useMemo(
    () =>
      new SegmentPlayer(track.segments, async (index) => {
        const response = await fetch(segmentUrl(index), { credentials: 'same-origin' });
        if (!response.ok) throw new Error(`The board replay could not be loaded (${response.status}).`);
        return response.text();
      }),
    [track, segmentUrl],
  );
  useEffect(() => () => player.destroy(), [player]);

  // Seek coalescing: `wanted` is the latest moment asked for; one draw runs at a time.
  const wanted = useRef(at);
  const drawing = useRef(false);
  useEffect(() => {
    wanted.current = at;
    if (!api || drawing.current) return;
    drawing.current = true;
    void (async () => {
      try {
        for (;;) {
          const target = wanted.current;
          const elements = await player.elementsAt(target);
          api.updateScene({ elements: elements as unknown as SceneElements, captureUpdate: 'NEVER' });
          if (!fitted.current && elements.length > 0) {
            fitted.current = true;
            api.scrollToContent(undefined, { fitToContent: true, animate: false });
          }
          await paintedFrame();
          const node = root.current;
          if (node) {
            node.dataset.renderedMs = String(Math.round(target));
            node.dataset.renderedAt = String(performance.now());
            node.dataset.elements = elements.map((e) => e.id).join(' ');
          }
          setFirstDrawn(true);
          if (wanted.current === target) break;
        }
      } catch (error) {
        onErrorRef.current(error instanceof Error ? error.message : 'The board replay could not be drawn.');
      } finally {
        drawing.current = false;
      }
    })();
  }, [api, at, player]);

  // Playing forward: fetch the next segment before the playhead reaches it.
  useEffect(() => {
    if (!playing) return;
    const index = player.segmentAt(at);
    void player.prefetch(index === null ? 0 : index + 1);
  }, [playing, at, player]);

  // Once the first board is drawn, the rest of the replay is fetched in the background, one segment at a time, into the
  // browser's HTTP cache (they are a few tens of KB each, gzipped): a seek anywhere then costs no network round trip.
  const [firstDrawn, setFirstDrawn] = useState(false);
  useEffect(() => {
    if (!firstDrawn) return;
    const controller = new AbortController();
    void (async () => {
      for (let index = 0; index < track.segments.length && !controller.signal.aborted; index++) {
        await fetch(segmentUrl(index), { credentials: 'same-origin', signal: controller.signal, priority: 'low' } as RequestInit)
          .then((response) => response.arrayBuffer())
          .catch(() => undefined);
      }
    })();
    return () => controller.abort();
  }, [firstDrawn, track, segmentUrl]);

  return (
    <div ref={root} className="review-board" data-testid="review-board">
      <Excalidraw
        excalidrawAPI={setApi}
        viewModeEnabled
        zenModeEnabled
        UIOptions={{ canvasActions: { loadScene: false, saveToActiveFile: false, export: false, saveAsImage: false, clearCanvas: false, changeViewBackgroundColor: false, toggleTheme: false } }}
      />
      <button type="button" className="btn btn-ghost btn-small review-fit" onClick={() => api?.scrollToContent(undefined, { fitToContent: true, animate: false })}>
        Fit board
      </button>
    </div>
  );
}

/** Resolves after the next frame is painted (two animation frames: the scene is drawn in the first). */
function paintedFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}
