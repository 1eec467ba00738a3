/**
 * The wire format of one board-replay segment: the board as it stood before
 * the segment (a Yjs V2 update), then the segment's updates in log order,
 * each with its axis time. Binary rather than JSON: a segment of 500 updates
 * would otherwise grow by a third in base64, and the browser decodes this
 * without copying the update bytes.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

const MAGIC = 0x6d72; // "mr"
const VERSION = 1;

export interface DecodedSegment {
  /** The board before the segment's first update (V2). */
  checkpoint: Uint8Array;
  /** Axis ms, never decreasing. */
  times: number[];
  /** V1 updates, as the log stores them. */
  updates: Uint8Array[];
}

export function encodeSegment(segment: DecodedSegment): Uint8Array {
  if (segment.times.length !== segment.updates.length) throw new Error('a segment needs one time per update');
  const encoder = encoding.createEncoder();
  encoding.writeUint16(encoder, MAGIC);
  encoding.writeUint8(encoder, VERSION);
  encoding.writeVarUint8Array(encoder, segment.checkpoint);
  encoding.writeVarUint(encoder, segment.updates.length);
  segment.updates.forEach((update, i) => {
    encoding.writeFloat64(encoder, segment.times[i]!);
    encoding.writeVarUint8Array(encoder, update);
  });
  return encoding.toUint8Array(encoder);
}

export function decodeSegment(bytes: Uint8Array): DecodedSegment {
  const decoder = decoding.createDecoder(bytes);
  if (decoding.readUint16(decoder) !== MAGIC || decoding.readUint8(decoder) !== VERSION) throw new Error('not a board replay segment (or a newer format)');
  const checkpoint = decoding.readVarUint8Array(decoder);
  const count = decoding.readVarUint(decoder);
  const times: number[] = [];
  const updates: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    times.push(decoding.readFloat64(decoder));
    updates.push(decoding.readVarUint8Array(decoder));
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after a board replay segment');
  return { checkpoint, times, updates };
}
