/**
 * Measures what one batched board-log write costs the process that makes it:
 * the app's own BoardWriter.flush() (Prisma createManyAndReturn) versus a
 * single raw `pg` INSERT … SELECT unnest(…) of the same rows, both against the
 * bench database. Besides the total time it records the longest stretch the
 * event loop could not run (a 1 ms interval's largest gap), which is what
 * delays every WebSocket message of every room on the server.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import pg from 'pg';
import * as Y from 'yjs';
import { disconnectDb } from '../../server/db/client';
import { publishRuntime } from '../../server/env';
import { BoardWriter } from '../../server/realtime/yjs/persistence';
import { median, now } from './common';
import { newElement, rng } from './elements';

export interface FlushCost {
  rows: number;
  updateBytes: number;
  prisma: { totalMs: number; blockMs: number; maxBlockMs: number };
  rawPg: { totalMs: number; blockMs: number; maxBlockMs: number };
  rounds: number;
  /** Heap retained (after GC) per additional distinct batch size written through Prisma, KB. */
  retainedPerDistinctSizeKB: number;
  distinctSizes: number;
}

/** A full GC in this process (bench only): expose gc at run time, then call it. */
function heapAfterGc(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function timed(work: () => Promise<unknown>): Promise<{ totalMs: number; blockMs: number }> {
  let last = now();
  let maxGap = 0;
  const tick = setInterval(() => {
    const t = now();
    maxGap = Math.max(maxGap, t - last);
    last = t;
  }, 1);
  await new Promise((r) => setTimeout(r, 5));
  last = now();
  maxGap = 0;
  const t0 = now();
  await work();
  const totalMs = now() - t0;
  maxGap = Math.max(maxGap, now() - last);
  clearInterval(tick);
  return { totalMs, blockMs: Math.max(0, maxGap - 1) };
}

export async function flushProbe(databaseUrl: string, interviewId: string, rows: number, rounds = 10): Promise<FlushCost> {
  publishRuntime({ databaseUrl, dbMode: 'external', authSecret: 'x'.repeat(32), appUrl: 'http://localhost', dataDir: '/nonexistent' });
  const doc = new Y.Doc();
  let update: Uint8Array = new Uint8Array();
  doc.on('update', (u: Uint8Array) => (update = u));
  const random = rng(7);
  doc.getMap('elements').set('probe', { ...newElement(random, 'probe', 'rectangle', 1, Date.now()), sentAt: now() });
  const writer = new BoardWriter();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const prisma: { totalMs: number; blockMs: number }[] = [];
  const raw: { totalMs: number; blockMs: number }[] = [];
  const DISTINCT_SIZES = 10;
  let retained = Number.NaN;
  try {
    for (let round = 0; round <= rounds; round++) {
      for (let i = 0; i < rows; i++) writer.enqueue(interviewId, update, null);
      prisma.push(await timed(() => writer.flush()));
      const at = new Date();
      raw.push(
        await timed(() =>
          pool.query(
            `INSERT INTO "BoardUpdate" ("interviewId", "update", "userId", "createdAt")
             SELECT * FROM unnest($1::text[], $2::bytea[], $3::text[], $4::timestamptz[]) RETURNING id, "interviewId"`,
            [Array(rows).fill(interviewId), Array(rows).fill(Buffer.from(update)), Array(rows).fill(null), Array(rows).fill(at)],
          ),
        ),
      );
    }
    // Does the process keep something per batch size? Write a few more distinct sizes and compare heaps.
    const before = heapAfterGc();
    for (let k = 1; k <= DISTINCT_SIZES; k++) {
      for (let i = 0; i < rows + k; i++) writer.enqueue(interviewId, update, null);
      await writer.flush();
    }
    retained = (heapAfterGc() - before) / DISTINCT_SIZES / 1024;
  } finally {
    doc.destroy();
    await pool.end();
    await disconnectDb();
  }
  prisma.shift(); // warm-up
  raw.shift();
  const sum = (xs: { totalMs: number; blockMs: number }[]) => ({
    totalMs: median(xs.map((x) => x.totalMs)),
    blockMs: median(xs.map((x) => x.blockMs)),
    maxBlockMs: Math.max(...xs.map((x) => x.blockMs)),
  });
  return { rows, updateBytes: update.length, prisma: sum(prisma), rawPg: sum(raw), rounds, retainedPerDistinctSizeKB: retained, distinctSizes: DISTINCT_SIZES };
}
