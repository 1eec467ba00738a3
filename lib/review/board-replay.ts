/**
 * The board as it stood at any moment of a session, rebuilt from its
 * append-only update log (the review page's board replay, issue 14).
 *
 * One pass over the log, through a Y.Doc, records what each update changed
 * as plain elements (the new value of every element it touched, or its
 * removal) and, every `every` updates, the whole board as a checkpoint. A
 * moment is then a checkpoint plus at most `every` changes, whatever the
 * session's length; and the browser, which gets the same checkpoints and
 * changes in segments, never needs Yjs to replay them. Free of the DOM and
 * of Node, so both sides use the same code.
 */
import * as Y from 'yjs';
import { byZOrder, elementsMap, isStoredElement, readElements, type StoredElement } from '../whiteboard/binding';

export interface StampedUpdate {
  /** When the server took it (ms since the epoch). */
  at: number;
  /** A Yjs update (V1 encoding, as the board's log stores them). */
  update: Uint8Array;
  /** Who sent it; null for the server's own. */
  userId: string | null;
}

/** What one update did to the board: elements it set (their new value) and ids it removed (deleted, or no longer valid). */
export interface BoardChange {
  set: StoredElement[];
  removed: string[];
}

export interface SeekStats {
  /** Changes applied on top of the checkpoint for the last seek. */
  applied: number;
}

export const CHECKPOINT_EVERY = 500;

export class BoardReplay {
  private readonly times: number[];
  /** checkpoints[k]: the live elements after updates [0, k·every). */
  private readonly checkpoints: StoredElement[][] = [];
  private readonly changes: BoardChange[] = [];
  readonly lastSeek: SeekStats = { applied: 0 };

  /**
   * `base`: the board before the first update in `updates` (a V2 snapshot, as
   * the log's compaction writes them), or null when the log starts empty.
   * `updates` in log order.
   */
  constructor(
    base: Uint8Array | null,
    private readonly updates: readonly StampedUpdate[],
    readonly every = CHECKPOINT_EVERY,
  ) {
    if (!Number.isInteger(every) || every < 1) throw new Error(`every: expected a whole number ≥ 1, got ${every}`);
    // The log's order is the order the server applied them; a clock step backwards must not reorder it, so times never decrease.
    let latest = -Infinity;
    this.times = updates.map((u) => (latest = Math.max(latest, u.at)));
    const doc = new Y.Doc({ gc: true });
    if (base) Y.applyUpdateV2(doc, base);
    const live = new Map(readElements(doc).filter((e) => !e.isDeleted).map((e) => [e.id, e]));
    const map = elementsMap(doc);
    let change: BoardChange = { set: [], removed: [] };
    // Values decoded from updates are fresh objects nothing else holds or mutates, so they are kept as they are.
    map.observe((event) => {
      for (const key of event.keysChanged) {
        const value = map.get(key);
        if (isStoredElement(value, key) && !value.isDeleted) {
          change.set.push(value);
          live.set(key, value);
        } else {
          change.removed.push(key);
          live.delete(key);
        }
      }
    });
    this.checkpoints.push([...live.values()]);
    updates.forEach((u, i) => {
      change = { set: [], removed: [] };
      Y.applyUpdate(doc, u.update);
      this.changes.push(change);
      if ((i + 1) % every === 0) this.checkpoints.push([...live.values()]);
    });
    doc.destroy();
  }

  /** How many updates the board had taken at `at` (inclusive). */
  countAt(at: number): number {
    return countUpTo(this.times, at);
  }

  /** The elements on the board at `at`, deleted ones left out, in z-order. */
  elementsAt(at: number): StoredElement[] {
    const count = this.countAt(at);
    const k = Math.floor(count / this.every);
    const board = new Map(this.checkpoints[k]!.map((e) => [e.id, e]));
    applyChanges(board, this.changes, k * this.every, count);
    this.lastSeek.applied = count - k * this.every;
    return [...board.values()].sort(byZOrder);
  }

  /** Number of segments: segment i is updates [i·every, (i+1)·every) with checkpoint i as its start. */
  get segmentCount(): number {
    return Math.ceil(this.updates.length / this.every);
  }

  get size(): number {
    return this.updates.length;
  }

  /** Segment i, for a browser that replays it itself: the board before it, and its changes with their times. */
  segment(index: number): { checkpoint: StoredElement[]; times: number[]; changes: BoardChange[] } {
    if (!Number.isInteger(index) || index < 0 || index >= this.segmentCount) throw new RangeError(`no segment ${index} (there are ${this.segmentCount})`);
    const from = index * this.every;
    const to = Math.min(this.updates.length, from + this.every);
    return { checkpoint: this.checkpoints[index]!, times: this.times.slice(from, to), changes: this.changes.slice(from, to) };
  }

  /** The (never decreasing) time of every update, in log order. */
  get updateTimes(): readonly number[] {
    return this.times;
  }

  /** Who sent each update, in log order. */
  get writers(): (string | null)[] {
    return this.updates.map((u) => u.userId);
  }
}

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

/** Applies changes [from, to) to a board keyed by element id. */
export function applyChanges(board: Map<string, StoredElement>, changes: readonly BoardChange[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const change = changes[i]!;
    for (const element of change.set) board.set(element.id, element);
    for (const id of change.removed) board.delete(id);
  }
}
