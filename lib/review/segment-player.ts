/**
 * The review page's board, at any moment, from replay segments fetched on
 * demand (server/review/board-track.ts cuts them; segment-codec.ts is the
 * wire format). A seek starts from the checkpoint of the segment holding that
 * moment and applies at most one segment's updates; playing forward applies
 * only the updates since the last frame. Segments are cached (a bounded
 * number), so scrubbing back and forth fetches each once.
 */
import * as Y from 'yjs';
import type { BoardSegment } from '../api/review';
import { readElements, type StoredElement } from '../whiteboard/binding';
import { decodeSegment, type DecodedSegment } from './segment-codec';

/** About 25 MB for an hour-long, busy board; more is refetched when needed. */
const CACHED_SEGMENTS = 24;

/** How many of `times` (non-decreasing) are ≤ t. */
export function countUpTo(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SegmentPlayer {
  private readonly cache = new Map<number, Promise<DecodedSegment>>();
  private current: { index: number; doc: Y.Doc; applied: number } | null = null;
  /** Updates applied by the last `elementsAt` (a rebuild counts its checkpoint as none). */
  lastApplied = 0;

  constructor(
    private readonly segments: readonly BoardSegment[],
    private readonly load: (index: number) => Promise<Uint8Array>,
  ) {}

  /** The segment holding moment t, or null before the board's first update. */
  segmentAt(t: number): number | null {
    let found: number | null = null;
    for (let lo = 0, hi = this.segments.length - 1; lo <= hi; ) {
      const mid = (lo + hi) >>> 1;
      if (this.segments[mid]!.fromMs <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Starts fetching a segment (playback asks for the next one ahead of time). */
  prefetch(index: number): void {
    if (index >= 0 && index < this.segments.length) void this.segment(index).catch(() => {});
  }

  async elementsAt(t: number): Promise<StoredElement[]> {
    const index = this.segmentAt(t);
    if (index === null) {
      this.lastApplied = 0;
      return [];
    }
    const segment = await this.segment(index);
    const count = countUpTo(segment.times, t);
    let current = this.current;
    if (!current || current.index !== index || current.applied > count) {
      current?.doc.destroy();
      const doc = new Y.Doc({ gc: true });
      Y.applyUpdateV2(doc, segment.checkpoint);
      current = this.current = { index, doc, applied: 0 };
    }
    const from = current.applied;
    const doc = current.doc;
    Y.transact(doc, () => {
      for (let i = from; i < count; i++) Y.applyUpdate(doc, segment.updates[i]!);
    });
    current.applied = count;
    this.lastApplied = count - from;
    return readElements(doc).filter((element) => !element.isDeleted);
  }

  destroy(): void {
    this.current?.doc.destroy();
    this.current = null;
    this.cache.clear();
  }

  private segment(index: number): Promise<DecodedSegment> {
    let entry = this.cache.get(index);
    if (entry) {
      this.cache.delete(index);
    } else {
      entry = this.load(index).then(decodeSegment);
      entry.catch(() => this.cache.get(index) === entry && this.cache.delete(index));
    }
    this.cache.set(index, entry);
    while (this.cache.size > CACHED_SEGMENTS) this.cache.delete(this.cache.keys().next().value!);
    return entry;
  }
}
