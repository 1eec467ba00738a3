/**
 * The board's whole history for the review page: every row of its
 * append-only update log, in the order the server applied them, with the
 * moment each was taken. Compaction never deletes log rows (snapshots only
 * make loading the live board fast), so the replay can start from an empty
 * board. Plain SQL on a small pool of its own: an hour-long session is tens
 * of thousands of rows, which must not hold the board log's writers up.
 */
import { rawPool } from '../db/raw-pool';
import { BoardReplay, CHECKPOINT_EVERY, type StampedUpdate } from '../../lib/review/board-replay';

const reviewPool = () => rawPool('review', 2);

export async function loadBoardHistory(interviewId: string): Promise<StampedUpdate[]> {
  // createdAt is stored without a zone, in UTC: its epoch is UTC already.
  const { rows } = await reviewPool().query<{ update: Buffer; userId: string | null; at: number }>({
    name: 'review-board-history',
    text: `SELECT "update", "userId", (extract(epoch FROM "createdAt") * 1000)::float8 AS at
             FROM "BoardUpdate" WHERE "interviewId" = $1 ORDER BY id`,
    values: [interviewId],
  });
  return rows.map((row) => ({ at: row.at, update: new Uint8Array(row.update.buffer, row.update.byteOffset, row.update.byteLength), userId: row.userId }));
}

/** The replay of an interview's board, its checkpoints built once. */
export async function loadBoardReplay(interviewId: string, every = CHECKPOINT_EVERY): Promise<BoardReplay> {
  return new BoardReplay(null, await loadBoardHistory(interviewId), every);
}
