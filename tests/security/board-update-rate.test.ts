/**
 * Finding 1 (rate): a writer sending board updates faster than any person
 * draws is closed with 4429 RateLimited, whether it floods messages or bytes,
 * and the server stops applying what it sends.
 */
import * as Y from 'yjs';
import { expect, it } from 'vitest';
import { CloseCode } from '../../lib/realtime/close-codes';
import { UPDATE_BYTES, UPDATE_MESSAGES } from '../../server/realtime/yjs/limits';
import { interviewWithParties } from '../helpers/interview-fixture';
import { bigUpdate, boardStats, closeCodeWithin, rawBoardSocket, updateMessage } from '../helpers/raw-board-socket';
import { boardAbuseServer } from '../helpers/board-abuse-server';

const METRICS_TOKEN = 'board-update-rate-metrics-token';
const board = boardAbuseServer(METRICS_TOKEN);
const { sockets } = board;

async function writerSocket() {
  const parties = await interviewWithParties(board.fixture.server.url);
  const writer = rawBoardSocket(board.fixture.server.url, parties.id, parties.interviewer.cookieHeader());
  sockets.push(writer);
  await writer.opened;
  return { parties, writer };
}

it('closes a socket that floods small updates, and stops applying them', async () => {
  const { parties, writer } = await writerSocket();
  // Well past the burst, sent as fast as the socket takes them. One writer's
  // successive edits, as a fast client sends them: each costs the server about
  // the same, so it takes them far faster than the bucket refills even on a
  // loaded machine. (A fresh Y.Doc per message adds a client id each time, and
  // Yjs's per-update cost grows with the client ids a board holds; a slow
  // server could then apply fewer than the sustained rate and never trip.)
  const total = UPDATE_MESSAGES.burst * 2;
  const doc = new Y.Doc();
  const edits: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => edits.push(update));
  for (let i = 0; i < total; i++) doc.getMap('elements').set(`tiny-${i}`, i);
  expect(edits).toHaveLength(total);
  for (const edit of edits) {
    if (writer.ws.readyState !== writer.ws.OPEN) break;
    void writer.send(updateMessage(edit));
  }
  expect(await closeCodeWithin(writer, 10_000)).toBe(CloseCode.RateLimited);
  expect((await writer.closed).reason).toBe('too many board updates');
  await new Promise((r) => setTimeout(r, 1000));
  const stored = await board.fixture.prisma.boardUpdate.count({ where: { interviewId: parties.id } });
  // The burst plus what refilled while sending; far from everything sent.
  expect(stored).toBeGreaterThanOrEqual(UPDATE_MESSAGES.burst);
  expect(stored).toBeLessThan(total);
});

it('closes a socket that floods bytes, even when the board itself stays small', async () => {
  const before = await boardStats(board.fixture.server.url, METRICS_TOKEN);
  const { writer } = await writerSocket();
  // Each update overwrites the same key, so the doc stays ~600 KB while the bytes add up.
  const CHUNK = 600_000;
  const count = Math.ceil((UPDATE_BYTES.burst * 1.5) / CHUNK);
  for (let i = 0; i < count && writer.ws.readyState === writer.ws.OPEN; i++) await writer.send(updateMessage(bigUpdate('same-key', CHUNK)));
  expect(await closeCodeWithin(writer, 10_000)).toBe(CloseCode.RateLimited);
  expect((await writer.closed).reason).toBe('too many board update bytes');
  const stats = await boardStats(board.fixture.server.url, METRICS_TOKEN);
  // Counted against this socket alone, whatever the first test left behind.
  expect(stats.rateLimited - before.rateLimited).toBe(1);
  expect(stats.boardTooLarge).toBe(0);
});
