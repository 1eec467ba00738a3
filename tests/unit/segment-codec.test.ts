/**
 * The board-replay segment wire format (lib/review/segment-codec.ts): what
 * the server encodes from a real replay decodes to the same checkpoint and
 * changes, and anything else (another version, a missing field, times that
 * do not pair with changes, an element without its id) is refused by name.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardReplay, type StampedUpdate } from '../../lib/review/board-replay';
import { decodeSegment, encodeSegment } from '../../lib/review/segment-codec';
import { elementsMap } from '../../lib/whiteboard/binding';

const element = (id: string, version: number, extra: Record<string, unknown> = {}) => ({
  id, type: 'rectangle', version, versionNonce: version, isDeleted: false, index: `a${id}`, x: version * 10, ...extra,
});

function replayOf(count: number): BoardReplay {
  const doc = new Y.Doc();
  const log: StampedUpdate[] = [];
  let at = 0;
  doc.on('update', (update: Uint8Array) => log.push({ at, update, userId: 'u1' }));
  for (let i = 0; i < count; i++) {
    at = i * 1_000;
    elementsMap(doc).set(`e${i % 3}`, element(`e${i % 3}`, Math.floor(i / 3) + 1, i === count - 1 ? { isDeleted: true } : {}));
  }
  return new BoardReplay(null, log, 4);
}

describe('segment codec', () => {
  it('round-trips a real segment, and the decoded parts rebuild the board the replay shows', () => {
    const replay = replayOf(7);
    const segment = replay.segment(1);
    const decoded = decodeSegment(encodeSegment(segment));
    expect(decoded).toEqual(segment);
    const board = new Map(decoded.checkpoint.map((e) => [e.id, e]));
    for (const change of decoded.changes) {
      for (const e of change.set) board.set(e.id, e);
      for (const id of change.removed) board.delete(id);
    }
    expect([...board.values()].map((e) => e.id).sort()).toEqual(replay.elementsAt(Infinity).map((e) => e.id).sort());
    // The last update deleted e0: a removal, not a set.
    expect(decoded.changes.at(-1)).toEqual({ set: [], removed: ['e0'] });
  });

  it('round-trips a segment with no updates and an empty checkpoint', () => {
    expect(decodeSegment(encodeSegment({ checkpoint: [], times: [], changes: [] }))).toEqual({ checkpoint: [], times: [], changes: [] });
  });

  it('refuses to encode a segment whose times and changes do not pair up', () => {
    expect(() => encodeSegment({ checkpoint: [], times: [1], changes: [] })).toThrow(/one time per update/);
  });

  it('refuses another format version, a malformed element, and times that do not pair with changes', () => {
    const good = JSON.parse(encodeSegment(replayOf(5).segment(0))) as Record<string, unknown>;
    for (const v of [1, 3]) expect(() => decodeSegment(JSON.stringify({ ...good, v }))).toThrow(/not a board replay segment this page can read/);
    expect(() => decodeSegment(JSON.stringify({ ...good, checkpoint: [{ type: 'rectangle', version: 1, isDeleted: false }] }))).toThrow(/id/);
    expect(() => decodeSegment(JSON.stringify({ ...good, times: [] }))).toThrow(/a time for every update/);
    expect(() => decodeSegment('{"v":2')).toThrow(SyntaxError);
    const patched = { ...good, changes: [[[{ p: 'nowhere', f: { x: 1 } }], []], ...(good.changes as unknown[]).slice(1)] };
    expect(() => decodeSegment(JSON.stringify(patched))).toThrow(/changes\[0\]\[0\]: a change to element "nowhere", which is not on the board/);
  });

  it('sends an element already on the board as the fields that changed, and rebuilds it whole', () => {
    const replay = replayOf(7);
    const segment = replay.segment(1);
    const wire = JSON.parse(encodeSegment(segment)) as { changes: [Record<string, unknown>[], string[]][] };
    // e1 was on the board at the checkpoint: its next change is a patch of version, versionNonce and x only.
    const patch = wire.changes[0]![0]![0]!;
    expect(patch).toEqual({ p: 'e1', f: { version: 2, versionNonce: 2, x: 20 } });
    expect(decodeSegment(JSON.stringify(wire)).changes[0]!.set[0]).toEqual(element('e1', 2));
  });
});
