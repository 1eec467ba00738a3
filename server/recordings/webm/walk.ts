/**
 * Walks a WebM byte stream element by element as events: the EBML header,
 * Info, Tracks, then each Cluster and its children. Both passes of the
 * finisher use this one walker, so they see exactly the same elements.
 *
 * What live recordings need from it:
 *  - Segment and Cluster may have "unknown size" (Chromium writes them so):
 *    an unknown-size Cluster ends where the next Segment-level element starts;
 *  - a file cut mid-element (the browser or server died) ends with a `torn`
 *    event instead of an error, after the last complete element;
 *  - old SeekHead, Cues, Void and anything else at Segment level are skipped
 *    by size and never reported, so the finisher drops them;
 *  - several WebM files laid end to end (a recorder restarted mid-recording):
 *    each new EBML header starts the next one, reported with its own `ebml`,
 *    `info` and `tracks` events, so the finisher can splice them together.
 *    Where each later file starts is best given (`streamStarts`, byte offsets
 *    the server noted as chunks arrived): a recorder killed by a reload leaves
 *    its last block cut short, and inside an unknown-size Cluster nothing else
 *    says that the block's declared size runs into the next file. With the
 *    offsets, the cut block is dropped and the next file is read from its start.
 */
import { ByteReader } from './byte-reader';
import { childrenOf, EbmlError, ID, LEVEL1_IDS, readId, readSize } from './ebml';

/** The input is not WebM at all: refused before anything is written. */
export class NotWebmError extends Error {
  override name = 'NotWebmError';
}

export type WalkMode =
  /** Checks each child is complete and skips it. */
  | 'scan'
  /** Hands a child's body to the consumer as a stream (`body()`); completeness is the caller's plan. */
  | 'copy';

/**
 * Either way a child comes with `prefix`, its first bytes (a SimpleBlock's
 * header, a whole Timecode or BlockGroup), so both passes can take the same
 * decisions about it; in copy mode `body()` still streams from its start.
 */
export type WalkEvent =
  /** The start of each WebM file in the input; `stream` counts them from 0. */
  | { type: 'ebml'; bytes: Uint8Array; stream: number }
  | { type: 'info'; body: Uint8Array }
  | { type: 'tracks'; body: Uint8Array }
  | { type: 'cluster' }
  | { type: 'child'; id: number; header: Uint8Array; size: number; prefix: Uint8Array; body: () => AsyncIterable<Uint8Array> }
  /** Always last. `torn` says why the input stopped early, null when it ended cleanly. */
  | { type: 'end'; torn: string | null };

interface Head {
  id: number;
  size: number | null;
  header: Uint8Array;
}

/** Largest header element held in memory (Info, Tracks are a few hundred bytes). */
const MAX_META_BYTES = 16 << 20;
/** Bytes of a SimpleBlock read in the scan: the track vint (≤ 8), timecode and flags. */
const BLOCK_PREFIX = 12;
const TORN = Symbol('torn');

/** The next element's header without consuming it; null at a clean end, TORN when the input stops inside it. */
async function peekHead(reader: ByteReader): Promise<Head | null | typeof TORN> {
  await reader.fill(12);
  if (reader.available === 0) return null;
  const buf = reader.peek(Math.min(12, reader.available));
  const id = readId(buf, 0);
  const size = id && readSize(buf, id.length);
  if (!id || !size) return TORN;
  return { id: id.id, size: size.value, header: buf.slice(0, id.length + size.length) };
}

function hex(id: number): string {
  return `0x${id.toString(16).toUpperCase()}`;
}

async function readEbmlHeader(reader: ByteReader): Promise<Uint8Array> {
  let head: Head | null | typeof TORN;
  try {
    head = await peekHead(reader);
  } catch {
    head = null;
  }
  if (!head || head === TORN || head.id !== ID.EBML || head.size === null || head.size > 4096) {
    throw new NotWebmError('not a WebM file: it does not start with an EBML header');
  }
  const bytes = await reader.read(head.header.length + head.size);
  if (!bytes) throw new NotWebmError('not a WebM file: its EBML header is cut short');
  let docType = '';
  try {
    for (const child of childrenOf(bytes.subarray(head.header.length))) {
      const start = head.header.length + child.dataStart;
      if (child.id === ID.DocType) docType = new TextDecoder().decode(bytes.subarray(start, start + child.size)).replace(/\0+$/, '');
    }
  } catch (error) {
    throw new NotWebmError(`not a WebM file: malformed EBML header (${(error as Error).message})`);
  }
  if (docType !== 'webm') throw new NotWebmError(`not a WebM file: its DocType is "${docType || 'missing'}"`);
  return bytes;
}

export async function* walk(reader: ByteReader, mode: WalkMode, streamStarts: readonly number[] = []): AsyncGenerator<WalkEvent, void, undefined> {
  yield { type: 'ebml', bytes: await readEbmlHeader(reader), stream: 0 };
  const starts = [...new Set(streamStarts)].filter((n) => n > 0).sort((a, b) => a - b);
  for (let stream = 0; ; stream += 1) {
    // Where this file must end: the next file's start, when known.
    const limit = starts.find((n) => n > reader.position) ?? Infinity;
    let segmentEnd: number;
    try {
      segmentEnd = await openSegment(reader);
    } catch (error) {
      // The first file must be WebM; a later one that is not is where the usable input ends.
      if (stream === 0 || !(error instanceof NotWebmError)) throw error;
      yield { type: 'end', torn: `stream ${stream}: ${error.message}` };
      return;
    }
    const after = yield* segment(reader, Math.min(segmentEnd, limit), mode, limit);
    if (after !== 'next') {
      yield { type: 'end', torn: after };
      return;
    }
    let bytes: Uint8Array;
    try {
      bytes = await readEbmlHeader(reader);
    } catch (error) {
      if (!(error instanceof NotWebmError)) throw error;
      yield { type: 'end', torn: `stream ${stream + 1}: ${error.message}` };
      return;
    }
    yield { type: 'ebml', bytes, stream: stream + 1 };
  }
}

/** Skips the Voids after an EBML header and enters the Segment; returns where the Segment ends. */
async function openSegment(reader: ByteReader): Promise<number> {
  let head = await peekHead(reader);
  while (head && head !== TORN && head.id === ID.Void && head.size !== null) {
    reader.consume(head.header.length);
    if ((await reader.skip(head.size)) < head.size) break;
    head = await peekHead(reader);
  }
  if (!head || head === TORN || head.id !== ID.Segment) throw new NotWebmError('not a WebM file: no Segment after the EBML header');
  reader.consume(head.header.length);
  return head.size === null ? Infinity : reader.position + head.size;
}

/** A Segment's elements; returns 'next' at the EBML header of another file, else why the input stopped (null: cleanly). */
async function* segment(reader: ByteReader, segmentEnd: number, mode: WalkMode, limit: number): AsyncGenerator<WalkEvent, 'next' | string | null, undefined> {
  while (reader.position < segmentEnd) {
    let next: Head | null | typeof TORN;
    try {
      next = await peekHead(reader);
    } catch (error) {
      if (!(error instanceof EbmlError)) throw error;
      return `corrupt data at byte ${reader.position}`;
    }
    if (next === null) return null;
    if (next === TORN) return `input ends inside an element header at byte ${reader.position}`;
    if (next.id === ID.Cluster) {
      const torn = yield* cluster(reader, next, segmentEnd, mode, limit);
      if (torn === CUT) return (await skipTo(reader, limit)) ? 'next' : `input ends before the next recording at byte ${limit}`;
      if (torn) return torn;
      continue;
    }
    // Another recorder's file appended to this one (it ends this unknown-size Segment).
    if (next.id === ID.EBML) return 'next';
    if (next.id === ID.Segment) return `a Segment without its EBML header at byte ${reader.position}`;
    if (next.size === null) return `unknown-size element ${hex(next.id)} at byte ${reader.position}`;
    const at = reader.position;
    if (at + next.header.length + next.size > limit) return (await skipTo(reader, limit)) ? 'next' : `input ends before the next recording at byte ${limit}`;
    reader.consume(next.header.length);
    if ((next.id === ID.Info || next.id === ID.Tracks) && next.size <= MAX_META_BYTES) {
      const body = await reader.read(next.size);
      if (!body) return `input ends inside ${next.id === ID.Info ? 'Info' : 'Tracks'} at byte ${at}`;
      yield { type: next.id === ID.Info ? 'info' : 'tracks', body };
    } else if ((await reader.skip(next.size)) < next.size) {
      return `input ends inside element ${hex(next.id)} at byte ${at}`;
    }
  }
  if (reader.position === limit) return 'next';
  // A known-size Segment ended: another file may follow it.
  const after: Head | null | typeof TORN = await peekHead(reader).catch(() => TORN);
  return after !== null && after !== TORN && after.id === ID.EBML ? 'next' : null;
}

/** Drops what is left of a file cut short, up to the start of the next one; false if the input ends first. */
async function skipTo(reader: ByteReader, limit: number): Promise<boolean> {
  const left = limit - reader.position;
  return left >= 0 && (await reader.skip(left)) === left;
}

/** A child runs past the start of the next file: this file was cut there (see `streamStarts`). */
const CUT = Symbol('cut');

/** One Cluster's children; returns why the input stopped inside it, or null when it ended normally. */
async function* cluster(reader: ByteReader, head: Head, segmentEnd: number, mode: WalkMode, limit: number): AsyncGenerator<WalkEvent, string | null | typeof CUT, undefined> {
  reader.consume(head.header.length);
  const end = head.size === null ? segmentEnd : reader.position + head.size;
  yield { type: 'cluster' };
  while (reader.position < end) {
    let child: Head | null | typeof TORN;
    try {
      child = await peekHead(reader);
    } catch (error) {
      if (!(error instanceof EbmlError)) throw error;
      // Just before the next file, garbage is the cut block's header: drop it, go on with that file.
      if (limit !== Infinity) return CUT;
      return `corrupt data in a Cluster at byte ${reader.position}`;
    }
    if (child === null) return null;
    if (child === TORN) return `input ends inside an element header at byte ${reader.position}`;
    // An unknown-size Cluster ends at the next Segment-level element, or at the EBML header of the next
    // recorder's file (Chromium leaves its last Cluster open when the page goes away mid-recording).
    if (head.size === null && (LEVEL1_IDS.has(child.id) || child.id === ID.EBML || child.id === ID.Segment)) return null;
    const at = reader.position;
    if (child.size !== null && at + child.header.length + child.size > limit) return CUT;
    if (child.size === null || at + child.header.length + child.size > end) return `Cluster child ${hex(child.id)} at byte ${at} overruns its Cluster`;
    reader.consume(child.header.length);
    const size = child.size;
    const bodyStart = reader.position;
    const want = child.id === ID.SimpleBlock ? Math.min(size, BLOCK_PREFIX) : child.id === ID.Timecode || child.id === ID.BlockGroup ? Math.min(size, MAX_META_BYTES) : 0;
    if (!(await reader.fill(want))) return `input ends inside ${hex(child.id)} at byte ${at}`;
    const prefix = reader.peek(want).slice();
    if (mode === 'scan' && (await reader.skip(size)) < size) return `input ends inside ${hex(child.id)} at byte ${at}`;
    yield { type: 'child', id: child.id, header: child.header, size, prefix, body: () => reader.take(size) };
    const left = size - (reader.position - bodyStart);
    if (left > 0 && (await reader.skip(left)) < left) return `input ends inside ${hex(child.id)} at byte ${at}`;
  }
  return null;
}
