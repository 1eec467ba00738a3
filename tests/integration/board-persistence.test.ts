/**
 * Board persistence in-process against real Postgres: the batched log, the
 * compaction into snapshots every SNAPSHOT_EVERY_ROWS rows (through a Y.Doc,
 * so overwritten content is not kept), and a cold load that equals the live doc.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { db, disconnectDb } from '../../server/db/client';
import { publishRuntime } from '../../server/env';
import { BoardWriter, closeLogPool, loadBoard, SNAPSHOT_EVERY_ROWS } from '../../server/realtime/yjs/persistence';
import { Room } from '../../server/realtime/yjs/room';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  publishRuntime({ databaseUrl: database.url, dbMode: 'external', authSecret: 'x'.repeat(32), appUrl: 'http://localhost', dataDir: '/nonexistent' });
});
afterAll(async () => {
  await closeLogPool();
  await disconnectDb();
  await database?.drop();
});

async function interview(id: string) {
  const user = await db().user.create({ data: { email: `${id}@example.test` } });
  await db().interview.create({
    data: { id, scenarioSlug: 's', scenarioVersion: 'v', scenarioSnapshot: {}, title: 'T', level: 'staff', durationMinutes: 45, mode: 'peer', createdById: user.id },
  });
}

describe('board persistence', () => {
  it('compacts into snapshots as the log grows, and a cold load equals the live document', async () => {
    await interview('persist-1');
    let room: Room | undefined;
    const writer = new BoardWriter({ onFlushed: (_id, rows, lastId) => room!.noteFlushed(rows, lastId) });
    room = await Room.load('persist-1', writer);
    const elements = room.doc.getMap<{ version: number; x: number }>('elements');

    const total = SNAPSHOT_EVERY_ROWS * 2 + 137;
    for (let i = 0; i < total; i++) {
      // 50 elements, each moved over and over: most of the log is overwritten content.
      room.doc.transact(() => elements.set(`el-${i % 50}`, { version: Math.floor(i / 50) + 1, x: i }));
      if (i % 100 === 99) await writer.flush();
    }
    await writer.flush();
    expect(await db().boardUpdate.count({ where: { interviewId: 'persist-1' } })).toBe(total);
    // Timestamps are written by our own SQL: they must read back as the real (UTC) instant.
    const newest = await db().boardUpdate.findFirstOrThrow({ where: { interviewId: 'persist-1' }, orderBy: { id: 'desc' } });
    expect(Math.abs(newest.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    // Compaction runs off the write path (gzip on the thread pool), so give it a moment to land.
    const findSnapshots = () => db().boardSnapshot.findMany({ where: { interviewId: 'persist-1' }, orderBy: { upToUpdateId: 'asc' } });
    let snapshots = await findSnapshots();
    for (let waited = 0; snapshots.length < 2 && waited < 5000; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
      snapshots = await findSnapshots();
    }
    expect(snapshots.length).toBeGreaterThanOrEqual(2);

    // Compaction went through a Y.Doc: the snapshot is far smaller than the log it covers.
    const logBytes = (await db().boardUpdate.findMany({ where: { interviewId: 'persist-1' }, select: { update: true } })).reduce((n, r) => n + r.update.length, 0);
    expect(snapshots.at(-1)!.state.length).toBeLessThan(logBytes / 4);

    const cold = await loadBoard('persist-1');
    expect(cold.doc.getMap('elements').toJSON()).toEqual(elements.toJSON());
    expect(cold.rowsSinceSnapshot).toBeLessThan(SNAPSHOT_EVERY_ROWS);
    // The log is kept whole for replay: replaying every row from nothing gives the same board.
    const replay = new Y.Doc();
    for (const row of await db().boardUpdate.findMany({ where: { interviewId: 'persist-1' }, orderBy: { id: 'asc' } })) Y.applyUpdate(replay, row.update);
    expect(replay.getMap('elements').toJSON()).toEqual(elements.toJSON());
    room.destroy();
  });

  it('stores snapshots as gzipped Yjs V2, and still loads V1 snapshots written before', async () => {
    const latest = await db().boardSnapshot.findFirstOrThrow({ where: { interviewId: 'persist-1' }, orderBy: { upToUpdateId: 'desc' } });
    expect(latest.encoding).toBe('v2-gzip');
    expect([...latest.state.slice(0, 2)]).toEqual([0x1f, 0x8b]);

    await interview('persist-v1');
    const old = new Y.Doc();
    old.getMap('elements').set('legacy', { version: 3 });
    await db().boardSnapshot.create({ data: { interviewId: 'persist-v1', state: new Uint8Array(Y.encodeStateAsUpdate(old)), upToUpdateId: 0n } });
    expect((await loadBoard('persist-v1')).doc.getMap('elements').toJSON()).toEqual({ legacy: { version: 3 } });

    await db().boardSnapshot.create({ data: { interviewId: 'persist-v1', state: new Uint8Array([1]), encoding: 'v9', upToUpdateId: 1n } });
    await expect(loadBoard('persist-v1')).rejects.toThrow('Unknown board snapshot encoding "v9"');
  });

  it("isolates one room's bad rows: the others are written, and rows for a vanished interview are dropped", async () => {
    await interview('persist-2');
    const writer = new BoardWriter();
    const doc = new Y.Doc();
    doc.on('update', (u: Uint8Array) => writer.enqueue('persist-2', u, null));
    doc.getMap('elements').set('a', { version: 1 });
    // Updates for an interview that does not exist (e.g. deleted mid-session) violate the foreign key.
    writer.enqueue('no-such-interview', new Uint8Array([0, 0]), null);
    doc.getMap('elements').set('b', { version: 1 });
    await writer.flush();
    expect(writer.pendingCount).toBe(0);
    expect(await db().boardUpdate.count({ where: { interviewId: 'persist-2' } })).toBe(2);
    expect((await loadBoard('persist-2')).doc.getMap('elements').toJSON()).toEqual({ a: { version: 1 }, b: { version: 1 } });
  });
});
