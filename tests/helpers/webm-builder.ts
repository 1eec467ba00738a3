/**
 * Builds small synthetic WebM files the way a live muxer (Chromium's
 * MediaRecorder) writes them: unknown-size Segment and Clusters, no Duration,
 * no Cues. Uses the finisher's own encoders, whose round trips the EBML unit
 * tests check separately.
 */
import { concat, element, encodeId, encodeSize, encodeUnknownSize, ID, uintElement } from '../../server/recordings/webm/ebml';

const text = (value: string) => new TextEncoder().encode(value);

export function ebmlHeader(docType = 'webm'): Uint8Array {
  return element(
    ID.EBML,
    uintElement(0x4286, 1), // EBMLVersion
    uintElement(0x42f7, 1), // EBMLReadVersion
    uintElement(0x42f2, 4), // EBMLMaxIDLength
    uintElement(0x42f3, 8), // EBMLMaxSizeLength
    element(ID.DocType, text(docType)),
    uintElement(0x4287, 4), // DocTypeVersion
    uintElement(0x4285, 2), // DocTypeReadVersion
  );
}

export function info(timecodeScale?: number): Uint8Array {
  return element(
    ID.Info,
    ...(timecodeScale === undefined ? [] : [uintElement(ID.TimecodeScale, timecodeScale)]),
    element(0x4d80, text('test-muxer')), // MuxingApp
    element(0x5741, text('test-writer')), // WritingApp
  );
}

export interface TrackSpec {
  number: number;
  type: 'video' | 'audio';
  defaultDurationNs?: number;
}

export function tracks(specs: TrackSpec[]): Uint8Array {
  return element(
    ID.Tracks,
    ...specs.map((t) =>
      element(
        ID.TrackEntry,
        uintElement(ID.TrackNumber, t.number),
        uintElement(0x73c5, t.number), // TrackUID
        uintElement(ID.TrackType, t.type === 'video' ? 1 : 2),
        element(ID.CodecID, text(t.type === 'video' ? 'V_VP8' : 'A_OPUS')),
        ...(t.defaultDurationNs ? [uintElement(ID.DefaultDuration, t.defaultDurationNs)] : []),
      ),
    ),
  );
}

export interface BlockSpec {
  track: number;
  /** Relative to the Cluster's Timecode, signed 16-bit. */
  relative: number;
  key?: boolean;
  bytes?: number;
}

export function simpleBlock({ track, relative, key = false, bytes = 100 }: BlockSpec): Uint8Array {
  const head = new Uint8Array(3);
  new DataView(head.buffer).setInt16(0, relative);
  head[2] = key ? 0x80 : 0;
  const payload = new Uint8Array(bytes).map((_, i) => (i * 31 + relative) & 0xff);
  return element(ID.SimpleBlock, encodeSize(track), head, payload);
}

/** Video keyframe on track 1, then audio (track 2) every 20 ms and video every 40 ms for `ms` ms. */
export function av(keyframe: boolean, ms: number, { video = 1, audio = 2 } = {}): BlockSpec[] {
  const blocks: BlockSpec[] = [];
  for (let t = 0; t < ms; t += 20) {
    if (t % 40 === 0) blocks.push({ track: video, relative: t, key: keyframe && t === 0, bytes: 300 });
    blocks.push({ track: audio, relative: t, bytes: 40 });
  }
  return blocks;
}

/** A Cluster of unknown size (as Chromium writes it), or of known size. */
export function cluster(timecode: number, blocks: BlockSpec[], { knownSize = false, extra = [] as Uint8Array[] } = {}): Uint8Array {
  const body = concat([uintElement(ID.Timecode, timecode), ...extra, ...blocks.map(simpleBlock)]);
  return knownSize ? concat([encodeId(ID.Cluster), encodeSize(body.length), body]) : concat([encodeId(ID.Cluster), encodeUnknownSize(8), body]);
}

/** A whole recording: EBML header and an unknown-size Segment holding the given elements. */
export function recording(...children: Uint8Array[]): Uint8Array {
  return concat([ebmlHeader(), encodeId(ID.Segment), encodeUnknownSize(8), ...children]);
}

/** Serves bytes as an async stream in chunks of `size` (odd sizes split elements mid-header). */
export function chunked(bytes: Uint8Array, size = 7): () => AsyncIterable<Uint8Array> {
  return async function* () {
    for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
  };
}

/** Collects the finisher's output into one buffer. */
export function collector(): { sink: (chunks: AsyncIterable<Uint8Array>) => Promise<void>; bytes: () => Uint8Array } {
  const parts: Uint8Array[] = [];
  return {
    sink: async (chunks) => {
      for await (const chunk of chunks) parts.push(chunk.slice());
    },
    bytes: () => concat(parts),
  };
}

/**
 * Writes a long recording made of a real capture's Clusters repeated with
 * shifted Timecodes (`periodMs` apart) until `lengthMs`, as Chromium would have
 * written it: unknown-size Segment and Clusters. Reads the capture with
 * ts-ebml, not with the finisher's own parser. Returns the bytes written.
 */
export async function writeRepeated(capture: Uint8Array, periodMs: number, lengthMs: number, path: string): Promise<number> {
  const { Decoder } = await import('ts-ebml');
  const { createWriteStream } = await import('node:fs');
  const copy = capture.slice();
  const found = new Decoder().decode(copy.buffer) as unknown as { name: string; isEnd?: boolean; tagStart: number; dataEnd: number; value: number }[];
  const clusters = found.filter((e) => e.name === 'Cluster' && !e.isEnd);
  const timecodes = found.filter((e) => e.name === 'Timestamp' || e.name === 'Timecode');
  if (clusters.length === 0 || clusters.length !== timecodes.length) throw new Error('the capture has no Clusters, or a Cluster without Timecode');
  const out = createWriteStream(path);
  const write = (bytes: Uint8Array) => new Promise<void>((resolve) => (out.write(bytes) ? resolve() : out.once('drain', () => resolve())));
  let total = clusters[0]!.tagStart;
  await write(capture.subarray(0, total));
  for (let shift = 0; shift < lengthMs; shift += periodMs) {
    for (let i = 0; i < clusters.length; i++) {
      const end = clusters[i + 1]?.tagStart ?? capture.length;
      const timecode = timecodes[i]!;
      const piece = concat([encodeId(ID.Cluster), encodeUnknownSize(8), uintElement(ID.Timecode, timecode.value + shift), capture.subarray(timecode.dataEnd, end)]);
      total += piece.length;
      await write(piece);
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return total;
}

/** Times (ms at the default TimecodeScale) of every SimpleBlock on tracks of `trackType` (1 video, 2 audio), read with ts-ebml. */
export async function blockTimes(file: Uint8Array, trackType: number): Promise<number[]> {
  const { Decoder } = await import('ts-ebml');
  const found = new Decoder().decode(file.slice().buffer) as unknown as { name: string; isEnd?: boolean; value?: number; data?: Uint8Array }[];
  const numbers = new Set<number>();
  let number = 0;
  let timecode = 0;
  const times: number[] = [];
  for (const e of found) {
    if (e.isEnd) continue;
    if (e.name === 'TrackNumber') number = e.value!;
    else if (e.name === 'TrackType' && e.value === trackType) numbers.add(number);
    else if (e.name === 'Timecode' || e.name === 'Timestamp') timecode = e.value!;
    else if (e.name === 'SimpleBlock' && numbers.has(e.data![0]! & 0x7f)) times.push(timecode + new DataView(e.data!.buffer, e.data!.byteOffset + 1, 2).getInt16(0));
  }
  return times;
}

/** Where the element id `id` (as written, 1 to 4 bytes) first occurs in `bytes`, or -1. */
export function findElement(bytes: Uint8Array, id: number): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(Buffer.from(encodeId(id)));
}
