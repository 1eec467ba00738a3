/**
 * The review's board history from real Postgres: the log the live board wrote
 * (through BoardWriter and its compaction), replayed to any moment.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { db, disconnectDb } from '../../server/db/client';
import { closeRawPools } from '../../server/db/raw-pool';
import { publishRuntime } from '../../server/env';
import { BoardWriter, SNAPSHOT_EVERY_ROWS } from '../../server/realtime/yjs/persistence';
import { Room } from '../../server/realtime/yjs/room';
import { loadBoardHistory, loadBoardReplay } from '../../server/review/board-history';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  publishRuntime({ databaseUrl: database.url, dbMode: 'external', authSecret: 'x'.repeat(32), appUrl: 'http://localhost', dataDir: '/nonexistent' });
});
afterAll(async () => {
  await closeRawPools();
  await disconnectDb();
  await database?.drop();
});

describe('board history', () => {
  it('replays the logged board to any moment, across compactions, with who wrote each update', async () => {
    const user = await db().user.create({ data: { email: 'history@example.test' } });
    await db().interview.create({
      data: { id: 'history-1', scenarioSlug: 's', scenarioVersion: 'v', scenarioSnapshot: {}, title: 'T', level: 'staff', durationMinutes: 45, mode: 'peer', createdById: user.id },
    });
    let room: Room | undefined;
    const writer = new BoardWriter({ onFlushed: (_id, rows, lastId) => room!.noteFlushed(rows, lastId) });
    room = await Room.load('history-1', writer);
    const elements = room.doc.getMap<Record<string, unknown>>('elements');
    const set = (id: string, version: number) =>
      room!.doc.transact(() => elements.set(id, { id, type: 'rectangle', version, versionNonce: version, isDeleted: false, index: `a${id}`, x: version }));

    // More rows than one compaction, so a snapshot is written in between (the log must still be whole).
    for (let i = 0; i < SNAPSHOT_EVERY_ROWS + 20; i++) set(`filler-${i % 10}`, i + 1);
    await writer.flush();
    await new Promise((r) => setTimeout(r, 50));
    set('stroke', 1);
    await writer.flush();
    const strokeAt = Date.now();
    await new Promise((r) => setTimeout(r, 30));
    set('later', 1);
    await writer.flush();
    // The snapshot write is not awaited by the writer: wait for it (up to 5 s).
    let snapshots = 0;
    for (let i = 0; i < 100 && snapshots === 0; i++) {
      snapshots = await db().boardSnapshot.count({ where: { interviewId: 'history-1' } });
      if (snapshots === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(snapshots).toBeGreaterThan(0);

    const history = await loadBoardHistory('history-1');
    expect(history).toHaveLength(SNAPSHOT_EVERY_ROWS + 22);
    const replay = await loadBoardReplay('history-1', 100);
    const live = (at: number) => replay.elementsAt(at).map((e) => e.id).filter((id) => !id.startsWith('filler'));
    const stroke = history[SNAPSHOT_EVERY_ROWS + 20]!;
    expect(stroke.at).toBeLessThanOrEqual(strokeAt);
    expect(live(stroke.at - 1)).toEqual([]);
    expect(live(stroke.at)).toEqual(['stroke']);
    expect(live(history.at(-1)!.at).sort()).toEqual(['later', 'stroke']);
    // At the end the replay equals the live document.
    const end = Object.fromEntries(replay.elementsAt(Number.MAX_SAFE_INTEGER).map((e) => [e.id, e]));
    expect(elements.toJSON()).toEqual(end);
    room.destroy();
  });

  it('is empty for an interview with no board edits', async () => {
    expect(await loadBoardHistory('no-such-interview')).toEqual([]);
    expect((await loadBoardReplay('no-such-interview')).elementsAt(Date.now())).toEqual([]);
  });
});
