/**
 * Pass 1 of the finisher: reads the whole recording once, keeping only
 * metadata (the headers, and a few numbers per Cluster), and works out what
 * pass 2 will write: which Clusters and how many of their children survive,
 * their sizes, the seek points and the duration.
 */
import { ByteReader } from './byte-reader';
import { blockHeader, childrenOf, ID, readFloat, readUint } from './ebml';
import { walk } from './walk';

export interface TrackInfo {
  number: number;
  /** 1 video, 2 audio (Matroska TrackType). */
  type: number;
  codec: string;
  /** DefaultDuration in ns, when the muxer wrote one. */
  defaultDurationNs: number | null;
}

export interface ClusterPlan {
  timecode: number;
  /** Children copied (Timecode and blocks, in input order); Void, CRC-32, Position and PrevSize are dropped. */
  children: number;
  /** Bytes of those children, i.e. the new Cluster's data size. */
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
}

const DROPPED_CHILDREN: ReadonlySet<number> = new Set([ID.Void, ID.CRC32, ID.Position, ID.PrevSize]);

export function isCopiedChild(id: number): boolean {
  return !DROPPED_CHILDREN.has(id);
}

function parseTracks(body: Uint8Array): TrackInfo[] {
  const tracks: TrackInfo[] = [];
  for (const entry of childrenOf(body)) {
    if (entry.id !== ID.TrackEntry) continue;
    const track: TrackInfo = { number: 0, type: 0, codec: '', defaultDurationNs: null };
    const entryBody = body.subarray(entry.dataStart, entry.dataStart + entry.size);
    for (const field of childrenOf(entryBody)) {
      const data = entryBody.subarray(field.dataStart, field.dataStart + field.size);
      if (field.id === ID.TrackNumber) track.number = readUint(data);
      else if (field.id === ID.TrackType) track.type = readUint(data);
      else if (field.id === ID.CodecID) track.codec = new TextDecoder().decode(data);
      else if (field.id === ID.DefaultDuration) track.defaultDurationNs = readUint(data);
    }
    tracks.push(track);
  }
  return tracks;
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

export async function scan(source: AsyncIterable<Uint8Array>): Promise<Plan> {
  const reader = ByteReader.from(source);
  let ebmlHeader: Uint8Array | null = null;
  let info: Uint8Array | null = null;
  let tracksBody: Uint8Array | null = null;
  let tracks: TrackInfo[] = [];
  let cueTrack: TrackInfo | null = null;
  let timecodeScale = 1_000_000;
  const clusters: ClusterPlan[] = [];
  const clocks = new Map<number, TrackClock>();
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

  for await (const event of walk(reader, 'scan')) {
    switch (event.type) {
      case 'ebml':
        ebmlHeader = event.bytes;
        break;
      case 'info':
        info ??= event.body;
        for (const child of childrenOf(event.body)) {
          if (child.id === ID.TimecodeScale) timecodeScale = readUint(event.body.subarray(child.dataStart, child.dataStart + child.size)) || 1_000_000;
        }
        break;
      case 'tracks':
        tracksBody ??= event.body;
        tracks = parseTracks(tracksBody);
        cueTrack = chooseCueTrack(tracks);
        break;
      case 'cluster':
        current = { timecode: 0, children: 0, dataSize: 0, cueTime: null, firstBlockTime: null, firstBlockTrack: null };
        pending = [];
        timecodeSeen = false;
        clusters.push(current);
        break;
      case 'child': {
        if (!current || !isCopiedChild(event.id)) break;
        current.children += 1;
        current.dataSize += event.header.length + event.size;
        if (event.id === ID.Timecode) {
          current.timecode = readUint(event.prefix);
          timecodeSeen = true;
          for (const block of pending) place(current, block);
          pending = [];
          break;
        }
        const block = blockOf(event.id, event.prefix);
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

  let durationTicks = 0;
  const defaultTicks = new Map(tracks.map((t) => [t.number, t.defaultDurationNs === null ? null : t.defaultDurationNs / timecodeScale]));
  for (const [track, clock] of clocks) {
    const lastFrame = clock.lastDuration ?? defaultTicks.get(track) ?? clock.gap ?? 0;
    durationTicks = Math.max(durationTicks, clock.last + lastFrame);
  }
  return { ebmlHeader, info, tracksBody, tracks, timecodeScale, clusters, cueTrack: cueTrack?.number ?? null, durationTicks, torn };
}
