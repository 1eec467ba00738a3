/**
 * EBML primitives for the WebM finisher: variable-length integers (element ids
 * keep their marker bit, sizes drop it), the "unknown size" value that live
 * muxers such as Chromium's MediaRecorder write for Segment and Cluster, and
 * encoders for the few element kinds the finisher writes itself.
 *
 * Numbers are JS numbers: sizes up to 2^53 cover any file we will ever see,
 * and ids are at most 4 bytes.
 */

/** The element ids the finisher reads or writes (Matroska/WebM spec names). */
export const ID = {
  EBML: 0x1a45dfa3,
  DocType: 0x4282,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Seek: 0x4dbb,
  SeekID: 0x53ab,
  SeekPosition: 0x53ac,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Duration: 0x4489,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  DefaultDuration: 0x23e383,
  CodecID: 0x86,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  Position: 0xa7,
  PrevSize: 0xab,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  BlockDuration: 0x9b,
  ReferenceBlock: 0xfb,
  Cues: 0x1c53bb6b,
  CuePoint: 0xbb,
  CueTime: 0xb3,
  CueTrackPositions: 0xb7,
  CueTrack: 0xf7,
  CueClusterPosition: 0xf1,
  Void: 0xec,
  CRC32: 0xbf,
  Tags: 0x1254c367,
  Chapters: 0x1043a770,
  Attachments: 0x1941a469,
} as const;

/** Children of a Segment; meeting one of these ends an unknown-size Cluster. */
export const LEVEL1_IDS: ReadonlySet<number> = new Set([
  ID.SeekHead, ID.Info, ID.Tracks, ID.Cluster, ID.Cues, ID.Tags, ID.Chapters, ID.Attachments, ID.EBML, ID.Segment,
]);

/** Thrown when bytes cannot be EBML at all (as opposed to a file that just ends early). */
export class EbmlError extends Error {
  override name = 'EbmlError';
}

export interface Vint {
  /** Bytes the integer takes (1–8). */
  length: number;
  /** The value without the length marker (sizes); null when all value bits are set ("unknown size"). */
  value: number | null;
}

/** Length of a vint from its first byte: the position of the first set bit; 0 for an invalid 0x00 byte. */
export function vintLength(first: number): number {
  for (let length = 1; length <= 8; length++) if (first & (0x100 >> length)) return length;
  return 0;
}

/**
 * Reads an element size at `pos`, or null when `buf` ends before it does.
 * Throws EbmlError on a 0x00 first byte, which no valid vint has.
 */
export function readSize(buf: Uint8Array, pos: number): Vint | null {
  if (pos >= buf.length) return null;
  const length = vintLength(buf[pos]!);
  if (length === 0) throw new EbmlError(`invalid size at byte ${pos}`);
  if (pos + length > buf.length) return null;
  let value = buf[pos]! & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const byte = buf[pos + i]!;
    value = value * 256 + byte;
    allOnes &&= byte === 0xff;
  }
  return { length, value: allOnes ? null : value };
}

/** Reads an element id (marker bit kept, as the spec writes ids) at `pos`, or null when `buf` ends first. */
export function readId(buf: Uint8Array, pos: number): { length: number; id: number } | null {
  if (pos >= buf.length) return null;
  const length = vintLength(buf[pos]!);
  if (length === 0 || length > 4) throw new EbmlError(`invalid element id at byte ${pos}`);
  if (pos + length > buf.length) return null;
  let id = 0;
  for (let i = 0; i < length; i++) id = id * 256 + buf[pos + i]!;
  return { length, id };
}

/** Smallest vint width that can hold `value` (all-ones is reserved for "unknown"). */
export function sizeWidth(value: number): number {
  for (let width = 1; width <= 8; width++) if (value < 2 ** (7 * width) - 1) return width;
  throw new EbmlError(`size ${value} is too large for EBML`);
}

/** Encodes an element size, in `width` bytes when given (so a size can be patched or planned). */
export function encodeSize(value: number, width = sizeWidth(value)): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0 || width < sizeWidth(value) || width > 8) {
    throw new EbmlError(`cannot encode size ${value} in ${width} bytes`);
  }
  const out = new Uint8Array(width);
  let rest = value;
  for (let i = width - 1; i >= 0; i--) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  out[0]! |= 0x100 >> width;
  return out;
}

/** The "unknown size" marker in `width` bytes (Chromium writes 8). */
export function encodeUnknownSize(width = 8): Uint8Array {
  const out = new Uint8Array(width).fill(0xff);
  out[0] = (0x100 >> width) * 2 - 1;
  return out;
}

export function encodeId(id: number): Uint8Array {
  const length = id >= 0x1000000 ? 4 : id >= 0x10000 ? 3 : id >= 0x100 ? 2 : 1;
  const out = new Uint8Array(length);
  for (let i = length - 1, rest = id; i >= 0; i--, rest = Math.floor(rest / 256)) out[i] = rest % 256;
  if (vintLength(out[0]!) !== length) throw new EbmlError(`0x${id.toString(16)} is not a valid element id`);
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** An element's header: id then size (in `width` bytes when given). */
export function elementHeader(id: number, size: number, width?: number): Uint8Array {
  return concat([encodeId(id), encodeSize(size, width)]);
}

/** A whole element from its body parts. */
export function element(id: number, ...body: Uint8Array[]): Uint8Array {
  const data = concat(body);
  return concat([elementHeader(id, data.length), data]);
}

/** Big-endian unsigned integer bytes, minimal unless `width` is given. */
export function uintBytes(value: number, width?: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new EbmlError(`${value} is not an unsigned integer`);
  let minimal = 1;
  while (minimal < 8 && value >= 2 ** (8 * minimal)) minimal++;
  const length = width ?? minimal;
  if (length < minimal) throw new EbmlError(`${value} does not fit in ${length} bytes`);
  const out = new Uint8Array(length);
  for (let i = length - 1, rest = value; i >= 0; i--, rest = Math.floor(rest / 256)) out[i] = rest % 256;
  return out;
}

export function uintElement(id: number, value: number, width?: number): Uint8Array {
  return element(id, uintBytes(value, width));
}

/** An 8-byte float element (Duration is written as float64). */
export function floatElement(id: number, value: number): Uint8Array {
  const body = new Uint8Array(8);
  new DataView(body.buffer).setFloat64(0, value);
  return element(id, body);
}

export function readUint(body: Uint8Array): number {
  let value = 0;
  for (const byte of body) value = value * 256 + byte;
  return value;
}

export function readFloat(body: Uint8Array): number {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  if (body.length === 4) return view.getFloat32(0);
  if (body.length === 8) return view.getFloat64(0);
  if (body.length === 0) return 0;
  throw new EbmlError(`a float of ${body.length} bytes`);
}

export interface ChildElement {
  id: number;
  /** Offset of the element's first header byte in the parent body. */
  start: number;
  /** Offset of its data. */
  dataStart: number;
  size: number;
}

/**
 * The children of an element body held in memory (Info, Tracks, a BlockGroup:
 * all small). Unknown sizes are not allowed here; a child running past the
 * body is an error.
 */
export function childrenOf(body: Uint8Array): ChildElement[] {
  const out: ChildElement[] = [];
  let pos = 0;
  while (pos < body.length) {
    const id = readId(body, pos);
    const size = id && readSize(body, pos + id.length);
    if (!id || !size || size.value === null) throw new EbmlError(`malformed child at byte ${pos}`);
    const dataStart = pos + id.length + size.length;
    if (dataStart + size.value > body.length) throw new EbmlError(`child 0x${id.id.toString(16)} runs past its parent`);
    out.push({ id: id.id, start: pos, dataStart, size: size.value });
    pos = dataStart + size.value;
  }
  return out;
}

/** The track number, relative timecode and flags at the start of a (Simple)Block body, or null if it is too short. */
export function blockHeader(body: Uint8Array): { track: number; relative: number; flags: number } | null {
  const track = readSize(body, 0);
  if (!track || track.value === null || body.length < track.length + 3) return null;
  const view = new DataView(body.buffer, body.byteOffset + track.length, 3);
  return { track: track.value, relative: view.getInt16(0), flags: view.getUint8(2) };
}
