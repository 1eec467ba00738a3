/**
 * The review page's board, at any moment, from replay segments fetched on
 * demand (server/review/board-cache.ts builds them; segment-codec.ts is the
 * wire format). A seek starts from the checkpoint of the segment holding that
 * moment and applies at most one segment's changes; playing forward applies
 * only the changes since the last frame. Segments are cached (a bounded
 * number), so scrubbing back and forth fetches each once.
 */
import type { BoardSegment } from '../api/review';
import { byZOrder, type StoredElement } from '../whiteboard/binding';
import { applyChanges, countUpTo } from './board-replay';
import { decodeSegment, type DecodedSegment } from './segment-codec';


/** Decoded segments are small (an hour of busy drawing is tens of MB of elements in all): keep the most recent ones. */
const CACHED_SEGMENTS = 32;

export class SegmentPlayer {
  private readonly cache = new Map<number, Promise<DecodedSegment>>();
  private current: { index: number; board: Map<string, StoredElement>; applied: number } | null = null;

  constructor(
    private readonly segments: readonly BoardSegment[],
    /** The segment's JSON text. */
    private readonly load: (index: number) => Promise<string>,
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

  /** Starts fetching a segment (playback asks for the next one ahead of time; idle time for the rest). */
  prefetch(index: number): Promise<void> {
    if (index < 0 || index >= this.segments.length) return Promise.resolve();
    return this.segment(index).then(
      () => {},
      () => {},
    );
  }

  async elementsAt(t: number): Promise<StoredElement[]> {
    const index = this.segmentAt(t);
    if (index === null) return [];
    const segment = await this.segment(index);
    const count = countUpTo(segment.times, t);
    let current = this.current;
    if (!current || current.index !== index || current.applied > count) {
      current = this.current = { index, board: new Map(segment.checkpoint.map((e) => [e.id, e])), applied: 0 };
    }
    applyChanges(current.board, segment.changes, current.applied, count);
    current.applied = count;
    return [...current.board.values()].sort(byZOrder);
  }

  destroy(): void {
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
