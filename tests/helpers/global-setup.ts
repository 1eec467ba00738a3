/**
 * Once per test run: make sure the production build matches the sources (the
 * tests drive real production servers) and provide a Postgres server on which
 * every test file creates its own fresh database.
 *  - TEST_DATABASE_URL set: that server (the role needs CREATEDB).
 *  - otherwise: a throwaway embedded Postgres in .test-data/, removed afterwards.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildIsCurrent, buildApp } from '../../server/boot/next-build';
import { startEmbeddedPostgres } from '../../server/db/embedded-postgres';
import { freePort } from './ports';
import { testConfig } from './test-env';

const ROOT = path.resolve(import.meta.dirname, '../..');

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

// Both the integration and e2e projects list this file; share one cluster.
const shared = globalThis as typeof globalThis & { __mockroomTestPg?: Promise<{ url: string; stop: () => Promise<void> }> };

export default async function setup(project: TestProject) {
  if (!buildIsCurrent(ROOT)) {
    console.log('[tests] building the app (sources changed since the last build)…');
    await buildApp(ROOT);
  }
  shared.__mockroomTestPg ??= (async () => {
    const external = testConfig().TEST_DATABASE_URL;
    if (external) return { url: external, stop: async () => {} };
    mkdirSync(path.join(ROOT, '.test-data'), { recursive: true });
    const dataDir = mkdtempSync(path.join(ROOT, '.test-data', 'pg-'));
    const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'mockroom_tests' });
    return {
      url: pg.url,
      stop: async () => {
        await pg.stop();
        rmSync(dataDir, { recursive: true, force: true });
        // As root from a private folder the cluster lives outside dataDir.
        if (pg.location.relocatedBecause) rmSync(pg.location.root, { recursive: true, force: true });
      },
    };
  })();
  const pg = await shared.__mockroomTestPg;
  project.provide('pgAdminUrl', pg.url);
  return async () => {
    const current = shared.__mockroomTestPg;
    shared.__mockroomTestPg = undefined;
    if (current) await (await current).stop();
  };
}
