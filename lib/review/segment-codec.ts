/**
 * The wire format of one board-replay segment: the board as it stood before
 * the segment (its live elements), then, per update, its time on the axis and
 * what it changed (elements set, ids removed). Plain JSON, so the browser
 * replays with Map operations and no Yjs, and it compresses well.
 *
 * An element that was already on the board goes as a patch of the fields
 * that changed (a move is x, y, version, versionNonce and updated): whole
 * elements made a segment about twice the size, and parsing it was most of
 * a seek's cost in the browser (bench/results/review.md). Decoding rebuilds
 * whole elements and checks each with the board's own guard.
 */
import { z } from 'zod';
import type { BoardChange } from './board-replay';
import { isStoredElement, type StoredElement } from '../whiteboard/binding';

const VERSION = 2;

/** A changed element as sent: its id, the fields that changed, and the fields it lost (rare). */
interface ElementPatch {
  p: string;
  f: Record<string, unknown>;
  d?: string[];
}

const envelopeSchema = z.object({
  v: z.literal(VERSION, { message: 'not a board replay segment this page can read' }),
  checkpoint: z.array(z.unknown()),
  times: z.array(z.number()),
  /** [set (elements or patches), removed ids] per update. */
  changes: z.array(z.tuple([z.array(z.unknown()), z.array(z.string())])),
});

export interface DecodedSegment {
  /** The live elements before the segment's first update. */
  checkpoint: StoredElement[];
  /** Axis ms, never decreasing. */
  times: number[];
  changes: BoardChange[];
}

const same = (a: unknown, b: unknown) => a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

function patchOf(before: StoredElement, after: StoredElement): ElementPatch {
  const f: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) if (!same(before[key], value)) f[key] = value;
  const d = Object.keys(before).filter((key) => !(key in after));
  return d.length ? { p: after.id, f, d } : { p: after.id, f };
}

export function encodeSegment(segment: DecodedSegment): string {
  if (segment.times.length !== segment.changes.length) throw new Error('a segment needs one time per update');
  const board = new Map(segment.checkpoint.map((e) => [e.id, e]));
  const changes = segment.changes.map((change) => {
    const set = change.set.map((element) => {
      const before = board.get(element.id);
      board.set(element.id, element);
      return before ? patchOf(before, element) : element;
    });
    for (const id of change.removed) board.delete(id);
    return [set, change.removed];
  });
  return JSON.stringify({ v: VERSION, checkpoint: segment.checkpoint, times: segment.times, changes });
}

function element(value: unknown, where: string): StoredElement {
  if (!isStoredElement(value)) throw new Error(`${where}: not a board element (id, type, version, versionNonce, isDeleted)`);
  return value;
}

export function decodeSegment(text: string): DecodedSegment {
  const parsed = envelopeSchema.parse(JSON.parse(text));
  if (parsed.times.length !== parsed.changes.length) throw new Error('a board replay segment has a time for every update');
  const checkpoint = parsed.checkpoint.map((value, i) => element(value, `checkpoint[${i}]`));
  const board = new Map(checkpoint.map((e) => [e.id, e]));
  const changes = parsed.changes.map(([set, removed], i): BoardChange => {
    const elements = set.map((entry, j) => {
      const where = `changes[${i}][${j}]`;
      let next: unknown = entry;
      if (typeof entry === 'object' && entry !== null && 'p' in entry) {
        const { p, f, d } = entry as ElementPatch;
        const before = board.get(p);
        if (!before) throw new Error(`${where}: a change to element "${String(p)}", which is not on the board`);
        const patched: Record<string, unknown> = { ...before, ...f };
        for (const key of d ?? []) delete patched[key];
        next = patched;
      }
      const checked = element(next, where);
      board.set(checked.id, checked);
      return checked;
    });
    for (const id of removed) board.delete(id);
    return { set: elements, removed };
  });
  return { checkpoint, times: parsed.times, changes };
}
