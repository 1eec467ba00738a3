/**
 * The board-replay segment wire format (lib/review/segment-codec.ts): what
 * goes in comes out byte for byte, and anything that is not a whole segment
 * of this format is refused rather than half read.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeSegment, encodeSegment, type DecodedSegment } from '../../lib/review/segment-codec';

/** A real segment: a checkpoint with one element, then two updates drawn on top of it. */
function realSegment(): DecodedSegment {
  const doc = new Y.Doc();
  const elements = doc.getMap<Record<string, unknown>>('elements');
  elements.set('before', { id: 'before', version: 1 });
  const checkpoint = Y.encodeStateAsUpdateV2(doc);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  elements.set('first', { id: 'first', version: 1 });
  elements.set('second', { id: 'second', version: 1 });
  doc.destroy();
  // Negative: an edit before the first timer start keeps its place before 0.
  return { checkpoint, times: [-250.5, 1_234], updates };
}

describe('segment codec', () => {
  it('round-trips a real segment byte for byte, and the decoded parts rebuild the board', () => {
    const segment = realSegment();
    const decoded = decodeSegment(encodeSegment(segment));
    expect(decoded.times).toEqual([-250.5, 1_234]);
    expect(decoded.checkpoint).toEqual(segment.checkpoint);
    expect(decoded.updates).toEqual(segment.updates);
    const doc = new Y.Doc();
    Y.applyUpdateV2(doc, decoded.checkpoint);
    expect([...doc.getMap('elements').keys()]).toEqual(['before']);
    for (const update of decoded.updates) Y.applyUpdate(doc, update);
    expect([...doc.getMap('elements').keys()].sort()).toEqual(['before', 'first', 'second']);
  });

  it('round-trips a segment with no updates and an empty checkpoint', () => {
    const empty = { checkpoint: new Uint8Array(0), times: [], updates: [] };
    expect(decodeSegment(encodeSegment(empty))).toEqual(empty);
  });

  it('refuses to encode a segment whose times and updates do not pair up', () => {
    const segment = realSegment();
    expect(() => encodeSegment({ ...segment, times: [1] })).toThrow('a segment needs one time per update');
  });

  it('refuses bytes without the magic number, or of another format version', () => {
    const bytes = encodeSegment(realSegment());
    const badMagic = bytes.slice();
    badMagic[0] = badMagic[0]! ^ 0xff;
    expect(() => decodeSegment(badMagic)).toThrow('not a board replay segment (or a newer format)');
    const newer = bytes.slice();
    // Magic is two bytes, then the version byte.
    newer[2] = newer[2]! + 1;
    expect(() => decodeSegment(newer)).toThrow('not a board replay segment (or a newer format)');
    expect(() => decodeSegment(new TextEncoder().encode('{"json":"instead"}'))).toThrow('not a board replay segment (or a newer format)');
  });

  it('refuses trailing bytes after a whole segment, and a segment cut short', () => {
    const bytes = encodeSegment(realSegment());
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes);
    expect(() => decodeSegment(padded)).toThrow('trailing bytes after a board replay segment');
    expect(() => decodeSegment(bytes.slice(0, bytes.length - 1))).toThrow();
  });
});
