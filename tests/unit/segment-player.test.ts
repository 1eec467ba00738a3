/**
 * The page's board player (lib/review/segment-player.ts) against segments
 * encoded by the server's own codec from a real replay: any moment shows the
 * board the replay shows, whether reached by a jump, by playing forward or by
 * going back; each segment is fetched once while it stays cached; before the
 * first update the board is empty and nothing is fetched.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardReplay, type StampedUpdate } from '../../lib/review/board-replay';
import { encodeSegment } from '../../lib/review/segment-codec';
import { SegmentPlayer } from '../../lib/review/segment-player';
import { elementsMap } from '../../lib/whiteboard/binding';

function session(count: number, every: number) {
  const doc = new Y.Doc();
  const log: StampedUpdate[] = [];
  let at = 0;
  doc.on('update', (update: Uint8Array) => log.push({ at, update, userId: 'u1' }));
  for (let i = 0; i < count; i++) {
    at = 10_000 + i * 1_000;
    const id = `e${i % 7}`;
    const version = Math.floor(i / 7) + 1;
    elementsMap(doc).set(id, { id, type: 'rectangle', version, versionNonce: version, isDeleted: i % 11 === 10, index: `a${id}`, x: i });
  }
  const replay = new BoardReplay(null, log, every);
  const segments = Array.from({ length: replay.segmentCount }, (_, index) => {
    const s = replay.segment(index);
    return { index, fromMs: s.times[0]!, count: s.times.length, json: encodeSegment(s) };
  });
  const fetched: number[] = [];
  const player = new SegmentPlayer(segments, async (index) => {
    fetched.push(index);
    return segments[index]!.json;
  });
  return { replay, player, fetched };
}

const ids = (elements: { id: string }[]) => elements.map((e) => e.id);

describe('SegmentPlayer', () => {
  it('shows, at any moment, the board the server-side replay shows: jumping, playing forward and going back', async () => {
    const { replay, player } = session(60, 8);
    const moments = [9_999, 10_000, 35_500, 36_000, 69_000, 12_000, 40_000, 41_000, 42_000, 30_000, Infinity];
    for (const t of moments) expect(ids(await player.elementsAt(t)), `at ${t}`).toEqual(ids(replay.elementsAt(t)));
  });

  it('fetches nothing before the first update, and each segment once while it stays cached', async () => {
    const { player, fetched } = session(30, 10);
    expect(await player.elementsAt(5_000)).toEqual([]);
    expect(fetched).toEqual([]);
    await player.elementsAt(15_000);
    await player.elementsAt(16_000);
    await player.elementsAt(25_000);
    await player.elementsAt(14_000);
    expect(fetched).toEqual([0, 1]);
    await player.prefetch(2);
    await player.prefetch(99);
    expect(fetched).toEqual([0, 1, 2]);
  });

  it('refetches a segment whose load failed, instead of keeping the failure', async () => {
    const { replay } = session(12, 4);
    const segment = replay.segment(0);
    let fail = true;
    const player = new SegmentPlayer([{ index: 0, fromMs: segment.times[0]!, count: segment.times.length }], async () => {
      if (fail) throw new Error('offline');
      return encodeSegment(segment);
    });
    await expect(player.elementsAt(12_000)).rejects.toThrow('offline');
    fail = false;
    expect(ids(await player.elementsAt(12_000))).toEqual(ids(replay.elementsAt(12_000)));
  });
});
