/**
 * Built board replays, kept per interview so a review's checkpoints are made
 * once and every later segment and seek reuses them. An ended interview's
 * board is frozen, but its last batch may land just after the end: an entry
 * is used only while the log still ends at the row it was built from.
 * Per process: with many nodes each builds its own, which costs a second or
 * so per interview and node, not correctness.
 */
import { BoardReplay, CHECKPOINT_EVERY } from '../../lib/review/board-replay';
import { rawPool } from '../db/raw-pool';
import { loadBoardHistory } from './board-history';

/**
 * Kept within this many bytes (the logs and checkpoints held), oldest use
 * evicted first: the bench's hour-long, busy board is about 20 MB, so a few
 * such reviews open at once stay cached, and a node's memory stays bounded.
 */
const MAX_BYTES = 96 * 1024 * 1024;

interface Entry {
  lastId: string | null;
  replay: Promise<BoardReplay>;
  /** Known once built. */
  bytes: number;
}

const cache = new Map<string, Entry>();

async function lastUpdateId(interviewId: string): Promise<string | null> {
  const { rows } = await rawPool('review', 2).query<{ last: string | null }>({
    name: 'review-board-last',
    text: 'SELECT max(id)::text AS last FROM "BoardUpdate" WHERE "interviewId" = $1',
    values: [interviewId],
  });
  return rows[0]?.last ?? null;
}

export async function boardReplayFor(interviewId: string): Promise<BoardReplay> {
  const lastId = await lastUpdateId(interviewId);
  const hit = cache.get(interviewId);
  if (hit && hit.lastId === lastId) {
    // Most recently used last, so the first key is the one to evict.
    cache.delete(interviewId);
    cache.set(interviewId, hit);
    return hit.replay;
  }
  const replay = loadBoardHistory(interviewId).then((history) => {
    const built = new BoardReplay(null, history, CHECKPOINT_EVERY);
    entry.bytes = built.byteSize;
    evict(interviewId);
    return built;
  });
  const entry: Entry = { lastId, replay, bytes: 0 };
  cache.delete(interviewId);
  cache.set(interviewId, entry);
  replay.catch(() => cache.get(interviewId) === entry && cache.delete(interviewId));
  return replay;
}

/** Drops the least recently used replays until the rest fit; the one just built always stays. */
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

/** Forget an interview's replay (it was deleted). */
export function forgetBoardReplay(interviewId: string): void {
  cache.delete(interviewId);
}
