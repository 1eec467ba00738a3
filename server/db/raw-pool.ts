/**
 * Plain pg pools for the few hot paths where Prisma's per-query work on the
 * event loop showed in a bench: the board's update log and recording chunk
 * uploads (bench/results/whiteboard-load-*.md, recording.md). Each gets a small
 * pool of its own, so neither queues behind the other nor behind request
 * traffic. Kept on globalThis for the same reason as the Prisma client: Next
 * bundles its own copy of this module next to the custom server's.
 */
import pg from 'pg';
import { getRuntime } from '../env';
import { log } from '../log';

type Holder = Map<string, { url: string; pool: pg.Pool }>;
const holder = globalThis as typeof globalThis & { __mockroomRawPools?: Holder };
const pools = (): Holder => (holder.__mockroomRawPools ??= new Map());

export function rawPool(name: string, max: number): pg.Pool {
  const { databaseUrl } = getRuntime();
  const current = pools().get(name);
  if (current?.url === databaseUrl) return current.pool;
  if (current) void current.pool.end().catch(() => {});
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  pool.on('error', (error) => log.warn(`${name} pool: ${error.message}`));
  pools().set(name, { url: databaseUrl, pool });
  return pool;
}

export async function closeRawPool(name: string): Promise<void> {
  const current = pools().get(name);
  pools().delete(name);
  await current?.pool.end();
}

/** At shutdown, after the last request: every raw pool this process opened. */
export async function closeRawPools(): Promise<void> {
  const all = [...pools().keys()];
  await Promise.all(all.map((name) => closeRawPool(name)));
}
