/**
 * The wire format of one board-replay segment: the board as it stood before
 * the segment (its live elements), then, per update, its time on the axis and
 * what it changed (elements set to a new value, ids removed). Plain JSON, so
 * the browser replays with Map operations and no Yjs, and it compresses well
 * (the server sends it gzipped). Parsed with its schema on the way in, like
 * every other answer.
 */
import { z } from 'zod';
import type { BoardChange } from './board-replay';
import { isStoredElement, type StoredElement } from '../whiteboard/binding';

const VERSION = 1;

/**
 * An element as the board stores it, checked with the board's own guard
 * (isStoredElement) rather than a zod object per element: a segment holds
 * hundreds of elements, and copying each through a schema cost the page more
 * than drawing them (bench/results/review.md).
 */
const elementSchema = z.custom<StoredElement>((value) => isStoredElement(value), { message: 'not a board element (id, type, version, versionNonce, isDeleted)' });

const segmentSchema = z.object({
  v: z.literal(VERSION, { message: 'not a board replay segment this page can read' }),
  checkpoint: z.array(elementSchema),
  times: z.array(z.number()),
  /** [set, removed] per update. */
  changes: z.array(z.tuple([z.array(elementSchema), z.array(z.string())])),
});

export interface DecodedSegment {
  /** The live elements before the segment's first update. */
  checkpoint: StoredElement[];
  /** Axis ms, never decreasing. */
  times: number[];
  changes: BoardChange[];
}

export function encodeSegment(segment: DecodedSegment): string {
  if (segment.times.length !== segment.changes.length) throw new Error('a segment needs one time per update');
  return JSON.stringify({ v: VERSION, checkpoint: segment.checkpoint, times: segment.times, changes: segment.changes.map((c) => [c.set, c.removed]) });
}

export function decodeSegment(text: string): DecodedSegment {
  const parsed = segmentSchema.parse(JSON.parse(text));
  if (parsed.times.length !== parsed.changes.length) throw new Error('a board replay segment has a time for every update');
  return {
    checkpoint: parsed.checkpoint,
    times: parsed.times,
    changes: parsed.changes.map(([set, removed]) => ({ set, removed })),
  };
}
