/**
 * Makes a MediaRecorder WebM seekable, streaming.
 *
 * A recording assembled from MediaRecorder chunks has no Duration, no Cues and
 * unknown-size Segment and Clusters, so a browser cannot seek far into it
 * without reading it all. `finishWebm` reads the input twice through the
 * caller's factory (the file is on disk or in S3): pass 1 keeps only metadata
 * (see scan.ts), pass 2 writes the EBML header, a Segment of known size,
 * SeekHead, Info with Duration, Tracks, Cues pointing at each seekable
 * Cluster, then every Cluster with a known size and its children copied byte
 * for byte. Memory stays at a few chunks plus some bytes per Cluster, whatever
 * the length of the recording.
 *
 * A recording cut mid-Cluster (a crash) keeps its complete blocks and drops
 * the torn tail; `torn` in the result says what was dropped. Input that is not
 * WebM is refused with NotWebmError before the sink sees a byte. Several WebM
 * files laid end to end (a recorder restarted mid-recording) become one
 * Segment on one timeline (splice.ts); `notes` says what could not be joined.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { ByteReader } from './byte-reader';
import { clusterHeader, layout } from './layout';
import { isCopiedChild, scan } from './scan';
import { childOutput } from './splice';
import { walk } from './walk';

export { NotWebmError } from './walk';

/** Opens the recording from its start; called once per pass. A Node Readable is such an iterable. */
export type WebmSource = () => AsyncIterable<Uint8Array>;
/** Consumes the finished file (to disk, to an S3 upload); it must read the iterable to its end. */
export type WebmSink = (chunks: AsyncIterable<Uint8Array>) => Promise<void>;

export interface FinishResult {
  /** Duration written into Info, in milliseconds. */
  durationMs: number;
  /** CuePoints written. */
  cues: number;
  /** Clusters written. */
  clusters: number;
  /** Bytes of the finished file. */
  bytes: number;
  /** Why the input stopped early (its torn tail was dropped), or null. */
  torn: string | null;
  /** WebM files (recorder runs) found in the input and joined. */
  streams: number;
  /** Tracks or files left out when joining them (see splice.ts), for the log. */
  notes: string[];
}

/** Thrown when pass 2 does not see what pass 1 saw: the input changed in between. */
export class InputChangedError extends Error {
  override name = 'InputChangedError';
}

const OUTPUT_CHUNK = 64 * 1024;

/** Groups the many small pieces (element headers, short blocks) into ~64 KB writes. */
async function* coalesce(pieces: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let buffer = new Uint8Array(OUTPUT_CHUNK);
  let filled = 0;
  for await (const piece of pieces) {
    if (filled + piece.length > OUTPUT_CHUNK && filled > 0) {
      yield buffer.subarray(0, filled);
      buffer = new Uint8Array(OUTPUT_CHUNK);
      filled = 0;
    }
    if (piece.length >= OUTPUT_CHUNK / 4) yield piece;
    else {
      buffer.set(piece, filled);
      filled += piece.length;
    }
  }
  if (filled > 0) yield buffer.subarray(0, filled);
}

export interface FinishOptions {
  /** Byte offsets where a later recorder's file starts in the input (see walk.ts); none: found by their headers. */
  streamStarts?: readonly number[];
}

export async function finishWebm(source: WebmSource, sink: WebmSink, { streamStarts = [] }: FinishOptions = {}): Promise<FinishResult> {
  const plan = await scan(source(), streamStarts);
  const planned = layout(plan);
  let written = 0;

  async function* pass2(): AsyncGenerator<Uint8Array> {
    yield planned.head;
    let index = -1;
    let stream = 0;
    let copied = 0;
    let copiedBytes = 0;
    const checkCluster = () => {
      const cluster = plan.clusters[index];
      if (cluster && cluster.children > 0 && (copied !== cluster.children || copiedBytes !== cluster.dataSize)) {
        throw new InputChangedError(`Cluster ${index} differs between the two passes`);
      }
    };
    for await (const event of walk(ByteReader.from(source()), 'copy', streamStarts)) {
      if (event.type === 'ebml') stream = event.stream;
      else if (event.type === 'cluster') {
        checkCluster();
        index += 1;
        copied = 0;
        copiedBytes = 0;
        const cluster = plan.clusters[index];
        if (!cluster) throw new InputChangedError('the input has more Clusters than in the first pass');
        if (cluster.children > 0) yield clusterHeader(cluster);
      } else if (event.type === 'child') {
        const cluster = plan.clusters[index];
        if (!cluster || copied >= cluster.children || !isCopiedChild(event.id)) continue;
        const streamPlan = plan.streams[stream];
        if (!streamPlan || cluster.stream !== stream) throw new InputChangedError(`Cluster ${index} is in another stream than in the first pass`);
        const output = childOutput(streamPlan, event.id, event.header, event.size, event.prefix);
        if (!output) continue;
        copied += 1;
        copiedBytes += output.head.length + event.size - output.skip;
        yield output.head;
        let got = 0;
        for await (const piece of event.body()) {
          const from = Math.max(0, output.skip - got);
          got += piece.length;
          if (from < piece.length) yield from === 0 ? piece : piece.subarray(from);
        }
        if (got !== event.size) throw new InputChangedError(`a block ends early in Cluster ${index}`);
      } else if (event.type === 'end') {
        checkCluster();
      }
    }
    if (index + 1 < plan.clusters.length && plan.clusters.slice(index + 1).some((c) => c.children > 0)) {
      throw new InputChangedError('the input has fewer Clusters than in the first pass');
    }
  }

  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of coalesce(pass2())) {
      written += chunk.length;
      yield chunk;
    }
  }

  await sink(counted());
  if (written !== planned.totalBytes) throw new InputChangedError(`wrote ${written} bytes, planned ${planned.totalBytes}`);
  return {
    durationMs: (plan.durationTicks * plan.timecodeScale) / 1e6,
    cues: planned.cuePoints,
    clusters: planned.clusterPositions.filter((p) => p !== null).length,
    bytes: written,
    torn: plan.torn,
    streams: plan.streams.length,
    notes: plan.notes,
  };
}

/** Finishes a recording on disk into `outputPath` (which must differ from `inputPath`). */
export function finishWebmFile(inputPath: string, outputPath: string): Promise<FinishResult> {
  return finishWebm(
    () => createReadStream(inputPath, { highWaterMark: 256 * 1024 }),
    (chunks) => pipeline(Readable.from(chunks, { objectMode: false }), createWriteStream(outputPath)),
  );
}
