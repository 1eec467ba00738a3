/**
 * Pass 1 of the finisher: reads the whole recording once, keeping only
 * metadata (the headers, and a few numbers per Cluster), and works out what
 * pass 2 will write: which Clusters and how many of their children survive,
 * their sizes, the seek points and the duration. A recording made of several
 * WebM files is planned as one timeline (see splice.ts).
 */
import { ByteReader } from './byte-reader';
import { blockHeader, childrenOf, ID, readUint } from './ebml';
import { childOutput, firstStream, mapTracks, parseTracks, rebasedTimecode, type StreamPlan, type TrackInfo } from './splice';
import { walk } from './walk';

export type { TrackInfo } from './splice';

export interface ClusterPlan {
  /** Which input file (stream) it is in. */
  stream: number;
  /** Its Timecode in the output (re-based for a later stream). */
  timecode: number;
  /** Children copied (Timecode and blocks, in input order); Void, CRC-32, Position and PrevSize are dropped. */
  children: number;
  /** Bytes those children take in the output, i.e. the new Cluster's data size. */
  dataSize: number;
  /** Seek point in this Cluster: the time of its first keyframe on the cue track. */
  cueTime: number | null;
  /** First block's time and track, the fallback seek point. */
  firstBlockTime: number | null;
  firstBlockTrack: number | null;
}

export interface Plan {
  ebmlHeader: Uint8Array;
  info: Uint8Array;
  tracksBody: Uint8Array;
  tracks: TrackInfo[];
  timecodeScale: number;
  /** Every Cluster of the input in order; those with `children === 0` are left out of the output. */
  clusters: ClusterPlan[];
  cueTrack: number | null;
  /** End of the last frame, in TimecodeScale units. */
  durationTicks: number;
  torn: string | null;
  /** Per input file: how its Clusters are re-based and its tracks remapped. */
  streams: StreamPlan[];
  /** What was left out when joining files, for the log. */
  notes: string[];
}

const DROPPED_CHILDREN: ReadonlySet<number> = new Set([ID.Void, ID.CRC32, ID.Position, ID.PrevSize]);

export function isCopiedChild(id: number): boolean {
  return !DROPPED_CHILDREN.has(id);
}

/** The track seek points are taken on: the first video track, else the first audio track. */
function chooseCueTrack(tracks: TrackInfo[]): TrackInfo | null {
  return tracks.find((t) => t.type === 1) ?? tracks.find((t) => t.type === 2) ?? tracks[0] ?? null;
}

/** Per-track timing, to place the end of the last frame. */
interface TrackClock {
  last: number;
  gap: number | null;
  lastDuration: number | null;
}

interface Block {
  track: number;
  relative: number;
  key: boolean;
  duration: number | null;
}

function blockOf(id: number, prefix: Uint8Array): Block | null {
  if (id === ID.SimpleBlock) {
    const header = blockHeader(prefix);
    return header && { track: header.track, relative: header.relative, key: (header.flags & 0x80) !== 0, duration: null };
  }
  if (id !== ID.BlockGroup) return null;
  let header: ReturnType<typeof blockHeader> = null;
  let referenced = false;
  let duration: number | null = null;
  for (const child of childrenOf(prefix)) {
    const data = prefix.subarray(child.dataStart, child.dataStart + child.size);
    if (child.id === ID.Block) header = blockHeader(data);
    else if (child.id === ID.ReferenceBlock) referenced = true;
    else if (child.id === ID.BlockDuration) duration = readUint(data);
  }
  return header && { track: header.track, relative: header.relative, key: !referenced, duration };
}

export async function scan(source: AsyncIterable<Uint8Array>, streamStarts: readonly number[] = []): Promise<Plan> {
  const reader = ByteReader.from(source);
  let ebmlHeader: Uint8Array | null = null;
  let info: Uint8Array | null = null;
  let tracksBody: Uint8Array | null = null;
  let tracks: TrackInfo[] = [];
  let cueTrack: TrackInfo | null = null;
  let timecodeScale = 1_000_000;
  const clusters: ClusterPlan[] = [];
  const clocks = new Map<number, TrackClock>();
  const streams: StreamPlan[] = [];
  const notes: string[] = [];
  let stream: StreamPlan = firstStream();
  let streamIndex = 0;
  /** For a later stream: where its timeline starts in the output, until its first Timecode fixes the offset. */
  let startAt: number | null = null;
  let streamHasTracks = false;
  let current: ClusterPlan | null = null;
  // Blocks met before their Cluster's Timecode (the spec puts it first, but a muxer may not).
  let pending: Block[] = [];
  let timecodeSeen = false;
  let torn: string | null = null;

  const place = (cluster: ClusterPlan, block: Block) => {
    const time = cluster.timecode + block.relative;
    if (cluster.firstBlockTime === null) {
      cluster.firstBlockTime = time;
      cluster.firstBlockTrack = block.track;
    }
    if (cluster.cueTime === null && block.track === cueTrack?.number && (block.key || cueTrack.type !== 1)) cluster.cueTime = time;
    const clock = clocks.get(block.track);
    if (!clock) clocks.set(block.track, { last: time, gap: null, lastDuration: block.duration });
    else {
      if (time > clock.last) clock.gap = time - clock.last;
      clock.last = Math.max(clock.last, time);
      clock.lastDuration = block.duration;
    }
  };
  /** End of the last frame so far, in TimecodeScale units. */
  const endTicks = () => {
    let end = 0;
    const defaultTicks = new Map(tracks.map((t) => [t.number, t.defaultDurationNs === null ? null : t.defaultDurationNs / timecodeScale]));
    for (const [track, clock] of clocks) end = Math.max(end, clock.last + (clock.lastDuration ?? defaultTicks.get(track) ?? clock.gap ?? 0));
    return end;
  };
  const skip = (why: string) => {
    if (stream.skipped) return;
    stream.skipped = why;
    notes.push(`stream ${streamIndex}: ${why}; dropped`);
  };

  for await (const event of walk(reader, 'scan', streamStarts)) {
    switch (event.type) {
      case 'ebml':
        streamIndex = event.stream;
        if (streamIndex === 0) ebmlHeader = event.bytes;
        else {
          stream = { trackMap: new Map(), offset: 0, skipped: null };
          startAt = endTicks();
          streamHasTracks = false;
        }
        streams.push(stream);
        current = null;
        break;
      case 'info': {
        let scale = 1_000_000;
        for (const child of childrenOf(event.body)) {
          if (child.id === ID.TimecodeScale) scale = readUint(event.body.subarray(child.dataStart, child.dataStart + child.size)) || 1_000_000;
        }
        if (streamIndex === 0) {
          info ??= event.body;
          timecodeScale = scale;
        } else if (scale !== timecodeScale) skip(`its TimecodeScale ${scale} differs from the first stream's ${timecodeScale}`);
        break;
      }
      case 'tracks':
        if (streamIndex === 0) {
          tracksBody ??= event.body;
          tracks = parseTracks(tracksBody);
          cueTrack = chooseCueTrack(tracks);
        } else if (!streamHasTracks) {
          stream.trackMap = mapTracks(tracks, parseTracks(event.body), streamIndex, notes);
        }
        streamHasTracks = true;
        break;
      case 'cluster':
        if (streamIndex > 0 && !streamHasTracks) skip('it has no Tracks before its media');
        current = { stream: streamIndex, timecode: 0, children: 0, dataSize: 0, cueTime: null, firstBlockTime: null, firstBlockTrack: null };
        pending = [];
        timecodeSeen = false;
        clusters.push(current);
        break;
      case 'child': {
        if (!current || !isCopiedChild(event.id)) break;
        if (event.id === ID.Timecode && startAt !== null) {
          // The first Cluster of a later stream starts right after what came before.
          stream.offset = startAt - readUint(event.prefix);
          startAt = null;
        }
        const output = childOutput(stream, event.id, event.header, event.size, event.prefix);
        if (!output) break;
        current.children += 1;
        current.dataSize += output.head.length + event.size - output.skip;
        if (event.id === ID.Timecode) {
          current.timecode = rebasedTimecode(stream, event.prefix);
          timecodeSeen = true;
          for (const block of pending) place(current, block);
          pending = [];
          break;
        }
        const block = blockOf(event.id, event.prefix);
        if (block && streamIndex > 0) block.track = stream.trackMap.get(block.track) ?? block.track;
        if (block && timecodeSeen) place(current, block);
        else if (block) pending.push(block);
        break;
      }
      case 'end':
        torn = event.torn;
        break;
    }
  }
  if (!ebmlHeader) throw new Error('unreachable: the walker always reports the EBML header first');
  if (!info || !tracksBody) throw new Error(`the recording has no ${info ? 'Tracks' : 'Info'} before its media (${torn ?? 'input ended'})`);
  // A Cluster cut before its Timecode, or that holds no block, has nothing to play.
  for (const cluster of clusters) if (cluster.firstBlockTime === null) cluster.children = 0;
  const durationTicks = endTicks();
  return { ebmlHeader, info, tracksBody, tracks, timecodeScale, clusters, cueTrack: cueTrack?.number ?? null, durationTicks, torn, streams, notes };
}
