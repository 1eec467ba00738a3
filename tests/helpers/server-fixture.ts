/**
 * The usual integration setup in one call: a fresh migrated database, the
 * real server on it, and a Prisma client for assertions. With `fixedPort`,
 * `restart()` brings the server back on the same port (and the same auth
 * secret), so connected clients can reconnect to it.
 */
import { inject } from 'vitest';
import type { PrismaClient } from '../../generated/prisma/client';
import { createPrismaClient } from '../../server/db/client';
import { startAppServer, testServerEnv, type AppServer } from './app-server';
import { createTestDatabase, type TestDatabase } from './database';
import { freePort } from './ports';

export interface ServerFixture {
  database: TestDatabase;
  env: Record<string, string>;
  /** The running server; replaced by restart(). */
  server: AppServer;
  prisma: PrismaClient;
  /** Starts the server again with the same environment (after a stop or a kill). */
  restart(): Promise<AppServer>;
  close(): Promise<void>;
}

export async function serverFixture({ fixedPort = false, env: extra = {} }: { fixedPort?: boolean; env?: Record<string, string> } = {}): Promise<ServerFixture> {
  const database = await createTestDatabase(inject('pgAdminUrl'));
  // Tests sign many people up from 127.0.0.1; the per-IP budget would get in the way.
  const env = testServerEnv(database.url, { SIGNIN_LIMIT_PER_IP: '1000', ...(fixedPort ? { PORT: String(await freePort()) } : {}), ...extra });
  const fixture: ServerFixture = {
    database,
    env,
    server: await startAppServer(env),
    prisma: createPrismaClient(database.url),
    async restart() {
      fixture.server = await startAppServer(env);
      return fixture.server;
    },
    async close() {
      await fixture.prisma.$disconnect();
      await fixture.server.stop();
      await database.drop();
    },
  };
  return fixture;
}
