import type { DbMode, Env } from '../env';
import { log } from '../log';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { migrate } from '../db/migrate';

export interface ResolvedDatabase {
  url: string;
  mode: DbMode;
  /** True when this process started the embedded cluster (not reattached to a running one). */
  startedHere: boolean;
  /** For the start-up banner: where the embedded cluster's data lives (undefined for DATABASE_URL). */
  location?: string;
  /** Stops the embedded cluster; a no-op for DATABASE_URL. */
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise a real embedded Postgres under DATA_DIR. Then migrate. */
export async function resolveDatabase(env: Env): Promise<ResolvedDatabase> {
  let resolved: ResolvedDatabase;
  if (env.DATABASE_URL) {
    resolved = { url: env.DATABASE_URL, mode: 'external', startedHere: false, stop: async () => {} };
  } else {
    const embedded = await startEmbeddedPostgres({ dataDir: env.DATA_DIR, port: env.EMBEDDED_PG_PORT, database: 'mockroom', log: log.info });
    resolved = { url: embedded.url, mode: 'embedded', startedHere: embedded.started, location: embedded.location.pgdata, stop: () => embedded.stop() };
  }
  try {
    const applied = await migrate(resolved.url);
    log.info(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.');
  } catch (error) {
    if (resolved.startedHere) await resolved.stop().catch(() => {});
    throw error;
  }
  return resolved;
}
