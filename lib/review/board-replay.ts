/**
 * The board as it stood at any moment of a session, rebuilt from its
 * append-only update log (the review page's board replay, issue 14).
 *
 * Checkpoints are built once, in one pass over the log: every `every`
 * updates the state so far is encoded. A seek then starts from the last
 * checkpoint at or before that moment and applies at most `every` updates,
 * however long the session, instead of replaying the whole log. Free of the
 * DOM and of Node, so the browser and the server use the same code.
 */
import * as Y from 'yjs';
import { readElements, type StoredElement } from '../whiteboard/binding';

export interface StampedUpdate {
  /** When the server took it (ms since the epoch). */
  at: number;
  /** A Yjs update (V1 encoding, as the board's log stores them). */
  update: Uint8Array;
  /** Who sent it; null for the server's own. */
  userId: string | null;
}

interface Checkpoint {
  /** Updates [0, applied) of the log are in `state`. */
  applied: number;
  state: Uint8Array;
}

export interface SeekStats {
  /** Updates applied on top of the checkpoint for the last seek. */
  applied: number;
}

export const CHECKPOINT_EVERY = 500;

export class BoardReplay {
  private readonly times: number[];
  private readonly checkpoints: Checkpoint[] = [];
  readonly lastSeek: SeekStats = { applied: 0 };

  /**
   * `base`: the board before the first update in `updates` (a V2 snapshot, as
   * the log's compaction writes them), or null when the log starts empty.
   * `updates` in log order.
   */
  constructor(
    private readonly base: Uint8Array | null,
    private readonly updates: readonly StampedUpdate[],
    readonly every = CHECKPOINT_EVERY,
  ) {
    if (!Number.isInteger(every) || every < 1) throw new Error(`every: expected a whole number ≥ 1, got ${every}`);
    // The log's order is the order the server applied them; a clock step backwards must not reorder it, so times never decrease.
    let latest = -Infinity;
    this.times = updates.map((u) => (latest = Math.max(latest, u.at)));
    const doc = this.emptyDoc();
    this.checkpoints.push({ applied: 0, state: Y.encodeStateAsUpdateV2(doc) });
    updates.forEach((u, i) => {
      Y.applyUpdate(doc, u.update);
      if ((i + 1) % every === 0) this.checkpoints.push({ applied: i + 1, state: Y.encodeStateAsUpdateV2(doc) });
    });
    doc.destroy();
  }

  /** How many updates the board had taken at `at` (inclusive). */
  countAt(at: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The board's document at `at`: a fresh Y.Doc the caller owns (and destroys). */
  docAt(at: number): Y.Doc {
    const count = this.countAt(at);
    const checkpoint = this.checkpoints[Math.floor(count / this.every)]!;
    const doc = new Y.Doc({ gc: true });
    Y.applyUpdateV2(doc, checkpoint.state);
    Y.transact(doc, () => {
      for (let i = checkpoint.applied; i < count; i++) Y.applyUpdate(doc, this.updates[i]!.update);
    });
    this.lastSeek.applied = count - checkpoint.applied;
    return doc;
  }

  /** Number of segments: segment i is updates [i·every, (i+1)·every) with checkpoint i as its start. */
  get segmentCount(): number {
    return Math.ceil(this.updates.length / this.every);
  }

  get size(): number {
    return this.updates.length;
  }

  /** Roughly what this replay holds in memory: the log's bytes and the checkpoints'. */
  get byteSize(): number {
    let bytes = 0;
    for (const u of this.updates) bytes += u.update.byteLength + 64;
    for (const c of this.checkpoints) bytes += c.state.byteLength;
    return bytes;
  }

  /** The log, in order (times as given; `updateTimes` has them made non-decreasing). */
  get entries(): readonly StampedUpdate[] {
    return this.updates;
  }

  /** Segment i for a browser that replays it itself: the board before it, and its updates with their times. */
  segment(index: number): { checkpoint: Uint8Array; times: number[]; updates: StampedUpdate[] } {
    if (!Number.isInteger(index) || index < 0 || index >= this.segmentCount) throw new RangeError(`no segment ${index} (there are ${this.segmentCount})`);
    const from = index * this.every;
    const to = Math.min(this.updates.length, from + this.every);
    return { checkpoint: this.checkpoints[index]!.state, times: this.times.slice(from, to), updates: this.updates.slice(from, to) };
  }

  /** The (never decreasing) time of every update, in log order. */
  get updateTimes(): readonly number[] {
    return this.times;
  }

  /** The elements on the board at `at`, deleted ones left out, in z-order. */
  elementsAt(at: number): StoredElement[] {
    const doc = this.docAt(at);
    try {
      return readElements(doc).filter((element) => !element.isDeleted);
    } finally {
      doc.destroy();
    }
  }

  private emptyDoc(): Y.Doc {
    const doc = new Y.Doc({ gc: true });
    if (this.base) Y.applyUpdateV2(doc, this.base);
    return doc;
  }
}
