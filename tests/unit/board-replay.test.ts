/**
 * The review's board replay: the board exactly as it stood at a moment, from
 * the update log, through checkpoints (never the whole log per seek).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardReplay, type StampedUpdate } from '../../lib/review/board-replay';
import { elementsMap } from '../../lib/whiteboard/binding';

function element(id: string, version: number, extra: Record<string, unknown> = {}) {
  return { id, type: 'rectangle', version, versionNonce: version, isDeleted: false, index: `a${id}`, x: version, ...extra };
}

/** A drawing client whose every change lands in the log at the time given. */
function recorder() {
  const doc = new Y.Doc();
  const log: StampedUpdate[] = [];
  let at = 0;
  doc.on('update', (update: Uint8Array) => log.push({ at, update, userId: 'u1' }));
  return {
    log,
    doc,
    draw(time: number, value: ReturnType<typeof element>) {
      at = time;
      elementsMap(doc).set(value.id, value);
    },
  };
}

describe('board replay', () => {
  it('shows a stroke from its moment on, and not the one drawn 5 s later', () => {
    const r = recorder();
    r.draw(1_000, element('first', 1));
    r.draw(6_000, element('second', 1));
    r.draw(8_000, element('first', 2, { isDeleted: true }));
    const replay = new BoardReplay(null, r.log, 2);
    expect(replay.elementsAt(999)).toEqual([]);
    expect(replay.elementsAt(1_000).map((e) => e.id)).toEqual(['first']);
    expect(replay.elementsAt(5_999).map((e) => e.id)).toEqual(['first']);
    expect(replay.elementsAt(6_000).map((e) => e.id)).toEqual(['first', 'second']);
    // Deleted at 8 s: gone from then on.
    expect(replay.elementsAt(8_000).map((e) => e.id)).toEqual(['second']);
  });

  it('applies at most one checkpoint interval of updates per seek, and agrees with a full replay everywhere', () => {
    const r = recorder();
    for (let i = 0; i < 1_234; i++) r.draw(i * 100, element(`e${i % 37}`, Math.floor(i / 37) + 1, { x: i }));
    const replay = new BoardReplay(null, r.log, 100);
    for (const at of [0, 50, 9_999, 10_000, 55_555, 123_300, 500_000]) {
      const full = new Y.Doc();
      for (const u of r.log) if (u.at <= at) Y.applyUpdate(full, u.update);
      const expected = [...elementsMap(full).values()].map((e) => JSON.stringify(e)).sort();
      expect(replay.elementsAt(at).map((e) => JSON.stringify(e)).sort(), `at ${at}`).toEqual(expected);
      expect(replay.lastSeek.applied).toBeLessThan(100);
    }
    expect(replay.countAt(500_000)).toBe(1_234);
  });

  it('starts from a compaction snapshot when the log before it is gone', () => {
    const r = recorder();
    r.draw(1_000, element('early', 1));
    const base = Y.encodeStateAsUpdateV2(r.doc);
    const before = r.log.length;
    r.draw(2_000, element('late', 1));
    const replay = new BoardReplay(base, r.log.slice(before));
    expect(replay.elementsAt(1_500).map((e) => e.id)).toEqual(['early']);
    expect(replay.elementsAt(2_000).map((e) => e.id)).toEqual(['early', 'late']);
  });

  it('keeps log order when the clock stepped back, and refuses a nonsense interval', () => {
    const r = recorder();
    r.draw(5_000, element('a', 1));
    r.draw(4_000, element('b', 1)); // taken after a, stamped earlier
    const replay = new BoardReplay(null, r.log);
    expect(replay.elementsAt(4_500).map((e) => e.id)).toEqual([]);
    expect(replay.elementsAt(5_000).map((e) => e.id)).toEqual(['a', 'b']);
    expect(() => new BoardReplay(null, r.log, 0)).toThrow(/every: expected a whole number ≥ 1, got 0/);
  });
});
