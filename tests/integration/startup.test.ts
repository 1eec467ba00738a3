/**
 * Start-up of the real server process: configuration errors, migrating the
 * database named by DATABASE_URL, and /api/health reporting database state.
 */
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readMigrations } from '../../server/db/migrate';
import { runServerExpectingExit, startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

describe('configuration errors stop start-up with a message naming the variable', () => {
  it('a non-numeric PORT', async () => {
    const { code, output } = await runServerExpectingExit(testServerEnv(undefined, { PORT: 'eighty' }));
    expect(code).toBe(1);
    expect(output).toMatch(/Invalid environment configuration:\n\s+PORT: expected a port number \(got "eighty"\)/);
    expect(output).not.toMatch(/Mockroom is ready/);
  });

  it('a DATABASE_URL that is not a Postgres URL, without echoing it', async () => {
    const { code, output } = await runServerExpectingExit(testServerEnv('mysql://root:hunter2@localhost/db'));
    expect(code).toBe(1);
    expect(output).toMatch(/DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(output).not.toContain('hunter2');
  });

  it('a half-configured OAuth provider', async () => {
    const { code, output } = await runServerExpectingExit(testServerEnv(undefined, { GOOGLE_CLIENT_ID: 'id-only' }));
    expect(code).toBe(1);
    expect(output).toMatch(/GOOGLE_CLIENT_SECRET: must be set together with GOOGLE_CLIENT_ID/);
  });

  it('a database that cannot be reached', async () => {
    const { code, output } = await runServerExpectingExit(testServerEnv('postgresql://nobody@127.0.0.1:1/none'));
    expect(code).toBe(1);
    expect(output).toMatch(/Mockroom failed to start: .*(ECONNREFUSED|connect)/);
  });
});

describe('with DATABASE_URL', () => {
  let server: AppServer;
  let database: TestDatabase;

  it('migrates that database at start-up and serves from it', async () => {
    database = await createTestDatabase(inject('pgAdminUrl'), { migrated: false });
    cleanup.push(() => database.drop());
    server = await startAppServer(testServerEnv(database.url));
    cleanup.push(() => server.stop());

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY 1');
    await client.end();
    expect(rows.map((r) => r.migration_name)).toEqual(readMigrations().map((m) => m.name));
    expect(server.output()).toMatch(/Applied migrations: \d{14}_init/);
  });

  it('reports app and database state on /api/health', async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toMatchObject({ status: 'ok', app: { status: 'up' }, db: { status: 'up', mode: 'external' } });
    expect(body.db.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('answers 503 with the database error when the database goes away, and stays up', async () => {
    // Drop the database under the running server: health must say so, not hang or crash.
    await database.drop();
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body).toMatchObject({ status: 'degraded', app: { status: 'up' }, db: { status: 'down' } });
    expect(body.db.error).toMatch(/\S/);
    // The process is still serving pages.
    expect((await fetch(`${server.url}/`)).status).toBe(200);
    expect(server.process.exitCode).toBeNull();
  });
});
