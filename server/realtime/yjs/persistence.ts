/**
 * Board persistence: an append-only update log (kept for replay) plus
 * snapshots that make loading fast. Writes are batched: every FLUSH_MS one
 * INSERT carries the pending updates of every room, so an update reaches
 * Postgres well within a second while write load stays a few statements a
 * second however many rooms are drawing.
 */
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import * as Y from 'yjs';
import { db } from '../../db/client';
import { closeRawPool, rawPool } from '../../db/raw-pool';
import { log } from '../../log';

export const FLUSH_MS = 200;
const FOREIGN_KEY_VIOLATION = '23503';

// A small pool of its own (see server/db/raw-pool.ts), so log writes never queue behind request traffic.
const logPool = () => rawPool('board log', 2);

export const closeLogPool = (): Promise<void> => closeRawPool('board log');

/** Compact once this many log rows sit on top of the latest snapshot. */
export const SNAPSHOT_EVERY_ROWS = 500;

export interface LoadedBoard {
  doc: Y.Doc;
  /** Log rows applied on top of the snapshot (drives the next compaction). */
  rowsSinceSnapshot: number;
}

/** Builds the document from the latest snapshot plus every later log row. */
export async function loadBoard(interviewId: string): Promise<LoadedBoard> {
  const snapshot = await db().boardSnapshot.findFirst({ where: { interviewId }, orderBy: { upToUpdateId: 'desc' } });
  const rows = await db().boardUpdate.findMany({
    where: { interviewId, id: { gt: snapshot?.upToUpdateId ?? 0n } },
    orderBy: { id: 'asc' },
    select: { update: true },
  });
  const doc = new Y.Doc({ gc: true });
  Y.transact(doc, () => {
    if (snapshot) applySnapshot(doc, snapshot.state, snapshot.encoding);
    for (const row of rows) Y.applyUpdate(doc, row.update);
  });
  return { doc, rowsSinceSnapshot: rows.length };
}

interface Pending {
  interviewId: string;
  update: Uint8Array;
  userId: string | null;
  at: Date;
}

export interface BoardWriterHooks {
  /** Called after each flush with how many rows the room's log gained. */
  onFlushed?: (interviewId: string, rows: number, lastId: bigint) => void;
}

export class BoardWriter {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private failures = 0;

  constructor(private readonly hooks: BoardWriterHooks = {}) {}

  /**
   * One INSERT … unnest per batch on a plain pg pool. This is the hot path:
   * Prisma's createManyAndReturn blocked the event loop ~30 ms per 400-row
   * batch and cached a query plan per distinct batch size (bench/results).
   */
  private async insert(rows: Pending[]): Promise<{ id: bigint; interviewId: string }[]> {
    const result = await logPool().query<{ id: string; interviewId: string }>(
      `INSERT INTO "BoardUpdate" ("interviewId", "update", "userId", "createdAt")
       SELECT i, u, us, to_timestamp(t / 1000.0) AT TIME ZONE 'UTC'
       FROM unnest($1::text[], $2::bytea[], $3::text[], $4::float8[]) AS x(i, u, us, t)
       RETURNING id, "interviewId"`,
      [rows.map((r) => r.interviewId), rows.map((r) => Buffer.from(r.update.buffer, r.update.byteOffset, r.update.byteLength)), rows.map((r) => r.userId), rows.map((r) => r.at.getTime())],
    );
    return result.rows.map((row) => ({ id: BigInt(row.id), interviewId: row.interviewId }));
  }

  private reportWritten(rows: { id: bigint; interviewId: string }[]) {
    const byRoom = new Map<string, { rows: number; lastId: bigint }>();
    for (const row of rows) {
      const entry = byRoom.get(row.interviewId) ?? { rows: 0, lastId: 0n };
      entry.rows += 1;
      if (row.id > entry.lastId) entry.lastId = row.id;
      byRoom.set(row.interviewId, entry);
    }
    for (const [interviewId, { rows: count, lastId }] of byRoom) this.hooks.onFlushed?.(interviewId, count, lastId);
  }

  enqueue(interviewId: string, update: Uint8Array, userId: string | null): void {
    this.pending.push({ interviewId, update, userId, at: new Date() });
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Writes everything pending; on failure the batch is kept and retried. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.flushing) await this.flushing;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.flushing = (async () => {
      try {
        this.reportWritten(await this.insert(batch));
        this.failures = 0;
      } catch {
        // One room's bad rows must not hold every other room's writes hostage:
        // retry room by room, and give up only on rows whose interview is gone.
        const retry: Pending[] = [];
        for (const rows of groupByRoom(batch).values()) {
          try {
            this.reportWritten(await this.insert(rows));
          } catch (error) {
            if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) {
              log.error(`dropping ${rows.length} board updates for ${rows[0]!.interviewId}: the interview no longer exists`);
            } else {
              retry.push(...rows);
              this.failures += 1;
              if (this.failures === 1 || this.failures % 50 === 0) log.error(`board log write failed (${rows.length} updates kept for retry)`, error);
            }
          }
        }
        if (retry.length) {
          // Kept in order, ahead of newer updates; the clients also still hold these edits.
          this.pending = [...retry, ...this.pending];
          this.timer ??= setTimeout(() => void this.flush(), Math.min(5000, FLUSH_MS * 2 ** Math.min(this.failures, 5)));
        }
      }
    })();
    await this.flushing;
    this.flushing = undefined;
  }
}

function groupByRoom(rows: Pending[]): Map<string, Pending[]> {
  const groups = new Map<string, Pending[]>();
  for (const row of rows) groups.set(row.interviewId, [...(groups.get(row.interviewId) ?? []), row]);
  return groups;
}

/**
 * Compacts through a Y.Doc: the encoded state merges every update and
 * garbage-collects overwritten content. V2 encoding plus gzip, because most of
 * a long session's snapshot is Yjs history that V1 encodes poorly.
 */
export async function writeSnapshot(interviewId: string, doc: Y.Doc, upToUpdateId: bigint): Promise<void> {
  // Async gzip runs on libuv's thread pool: compaction must not stall live rooms.
  const state = await gzipAsync(Y.encodeStateAsUpdateV2(doc));
  await db().boardSnapshot.create({ data: { interviewId, state: bytes(state), encoding: SNAPSHOT_ENCODING, upToUpdateId } });
}

const SNAPSHOT_ENCODING = 'v2-gzip';
const gzipAsync = promisify(gzip);

export function applySnapshot(doc: Y.Doc, state: Uint8Array, encoding: string): void {
  if (encoding === 'v2-gzip') Y.applyUpdateV2(doc, gunzipSync(state));
  else if (encoding === 'v1') Y.applyUpdate(doc, state);
  else throw new Error(`Unknown board snapshot encoding "${encoding}"`);
}

/** Prisma's Bytes wants a Uint8Array over a plain ArrayBuffer; Yjs may hand out views on shared ones. */
function bytes(view: Uint8Array): Uint8Array<ArrayBuffer> {
  return view.buffer instanceof ArrayBuffer ? (view as Uint8Array<ArrayBuffer>) : new Uint8Array(view);
}
