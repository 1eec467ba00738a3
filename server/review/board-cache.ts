/**
 * The board's replay for the review, built once per interview and kept in
 * a form that costs little to hold and nothing to serve: the update times and
 * writers (for the who-drew strip), and every segment already encoded and
 * gzipped. An ended interview's board is frozen, but its last batch may land
 * just after the end: an entry is used only while the log still ends at the
 * row it was built from. Per process: with many nodes each builds its own,
 * which costs a second or so per interview and node, not correctness.
 */
import { gzipSync } from 'node:zlib';
import type { BoardReplay } from '../../lib/review/board-replay';
import { encodeSegment } from '../../lib/review/segment-codec';
import { toAxis, type Timeline } from '../../lib/review/timeline';
import { rawPool } from '../db/raw-pool';
import { loadBoardReplay } from './board-history';

export interface BuiltBoard {
  /** Update times (ms since the epoch, never decreasing) and who sent each, in log order. */
  times: readonly number[];
  writers: readonly (string | null)[];
  every: number;
  /** Per segment: its first update's axis time, its size, and its gzipped JSON (lib/review/segment-codec.ts). */
  segments: { fromMs: number; count: number; gzipped: Buffer }[];
  bytes: number;
}

/** Bounded in bytes, least recently used out: an hour of busy drawing is a few MB gzipped. */
const MAX_BYTES = 64 * 1024 * 1024;

interface Entry {
  key: string;
  board: Promise<BuiltBoard>;
  bytes: number;
}

/**
 * On globalThis, like the Prisma client and the raw pools: Next bundles the
 * page's server render and the route handlers as separate module copies, and
 * a module-level map would build (and hold) every board twice.
 */
const holder = globalThis as typeof globalThis & { __mockroomReviewBoards?: Map<string, Entry> };
const cache = (holder.__mockroomReviewBoards ??= new Map<string, Entry>());

async function lastUpdateId(interviewId: string): Promise<string | null> {
  const { rows } = await rawPool('review', 2).query<{ last: string | null }>({
    name: 'review-board-last',
    text: 'SELECT max(id)::text AS last FROM "BoardUpdate" WHERE "interviewId" = $1',
    values: [interviewId],
  });
  return rows[0]?.last ?? null;
}

export function buildBoard(replay: BoardReplay, timeline: Pick<Timeline, 'originAt' | 'durationMs'>): BuiltBoard {
  const segments = Array.from({ length: replay.segmentCount }, (_, index) => {
    const segment = replay.segment(index);
    const json = encodeSegment({
      checkpoint: segment.checkpoint,
      // Not clamped below 0: edits before the first timer start belong to the board at 0 and keep their order. Clamped
      // at the end: the last batch can be stored just after the end, and the board at the end must include it.
      times: segment.times.map((t) => Math.min(t - timeline.originAt, timeline.durationMs)),
      changes: segment.changes,
    });
    return { fromMs: toAxis(timeline, segment.times[0]!), count: segment.times.length, gzipped: gzipSync(json, { level: 6 }) };
  });
  const times = replay.updateTimes;
  return {
    times,
    writers: replay.writers,
    every: replay.every,
    segments,
    bytes: segments.reduce((sum, s) => sum + s.gzipped.byteLength, 0) + times.length * 16,
  };
}

export async function boardFor(interviewId: string, timeline: Pick<Timeline, 'originAt' | 'durationMs'>): Promise<BuiltBoard> {
  const key = `${await lastUpdateId(interviewId)}@${timeline.originAt}+${timeline.durationMs}`;
  const hit = cache.get(interviewId);
  if (hit && hit.key === key) {
    // Most recently used last, so the first key is the one to evict.
    cache.delete(interviewId);
    cache.set(interviewId, hit);
    return hit.board;
  }
  const board = loadBoardReplay(interviewId).then((replay) => {
    const built = buildBoard(replay, timeline);
    entry.bytes = built.bytes;
    evict(interviewId);
    return built;
  });
  const entry: Entry = { key, board, bytes: 0 };
  cache.delete(interviewId);
  cache.set(interviewId, entry);
  board.catch(() => cache.get(interviewId) === entry && cache.delete(interviewId));
  return board;
}

/** Drops the least recently used boards until the rest fit; the one just built always stays. */
function evict(keep: string): void {
  let total = 0;
  for (const entry of cache.values()) total += entry.bytes;
  for (const [id, entry] of cache) {
    if (total <= MAX_BYTES) break;
    if (id === keep) continue;
    cache.delete(id);
    total -= entry.bytes;
  }
}
