/**
 * Finding 1 (client ids): Yjs copies a board's state vector, one entry per
 * client id it has seen, on every transaction. A writer that sends updates
 * from thousands of fresh client ids makes every later update on that board,
 * everyone's, slower, and the ids are stored for good. Past MAX_BOARD_CLIENTS
 * an update that adds ids is refused with 4413 BoardTooLarge: not applied,
 * not stored, not relayed. Boards with an honest number of writers are untouched.
 */
import * as Y from 'yjs';
import { expect, it } from 'vitest';
import { CloseCode } from '../../lib/realtime/close-codes';
import { MAX_BOARD_CLIENTS } from '../../server/realtime/yjs/limits';
import { interviewWithParties } from '../helpers/interview-fixture';
import { boardStats, closeCodeWithin, rawBoardSocket, updateMessage } from '../helpers/raw-board-socket';
import { boardAbuseServer } from '../helpers/board-abuse-server';
import { boardClient, eventually } from '../helpers/yjs-client';

const METRICS_TOKEN = 'board-client-ids-metrics-token';
const board = boardAbuseServer(METRICS_TOKEN);
const { sockets, clients } = board;

/** One update carrying `count` fresh client ids, each setting its own key. */
function manyWriters(prefix: string, count: number): Uint8Array {
  const updates: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const doc = new Y.Doc();
    doc.getMap('elements').set(`${prefix}-${i}`, i);
    updates.push(Y.encodeStateAsUpdate(doc));
  }
  return Y.mergeUpdates(updates);
}

async function room() {
  const url = board.fixture.server.url;
  const parties = await interviewWithParties(url);
  const peer = boardClient(url, parties.id, parties.candidate.cookieHeader());
  clients.push(peer);
  await peer.synced();
  const writer = rawBoardSocket(url, parties.id, parties.interviewer.cookieHeader());
  sockets.push(writer);
  await writer.opened;
  return { parties, peer, writer };
}

it('accepts an update from many writers while the board stays under the cap', async () => {
  const { peer, writer } = await room();
  await writer.send(updateMessage(manyWriters('ok', 200)));
  await eventually(() => peer.elements.size === 200, 'all 200 writers’ keys reach the peer');
  expect(await closeCodeWithin(writer, 500)).toBe('still open');
});

it('refuses the update that takes the board past the cap with 4413; nothing of it is kept, and the room carries on', async () => {
  const before = await boardStats(board.fixture.server.url, METRICS_TOKEN);
  const { parties, peer, writer } = await room();
  // The peer's own client id is not on the board until it writes, so the cap is all the writer's.
  await writer.send(updateMessage(manyWriters('flood', MAX_BOARD_CLIENTS + 1)));
  expect(await closeCodeWithin(writer, 10_000)).toBe(CloseCode.BoardTooLarge);
  expect((await writer.closed).reason).toMatch(/too many writers/);
  const stats = await boardStats(board.fixture.server.url, METRICS_TOKEN);
  expect(stats.boardTooLarge - before.boardTooLarge).toBe(1);

  // Time for a wrongly relayed or stored update to show (the log flushes every 200 ms).
  await new Promise((r) => setTimeout(r, 1000));
  expect(peer.elements.size).toBe(0);
  expect(peer.provider.wsconnected).toBe(true);
  expect(await board.fixture.prisma.boardUpdate.count({ where: { interviewId: parties.id } })).toBe(0);

  // An honest edit still goes through.
  peer.elements.set('after', { id: 'after', version: 1 });
  const joiner = boardClient(board.fixture.server.url, parties.id, parties.observer.cookieHeader());
  clients.push(joiner);
  await joiner.synced();
  await eventually(() => joiner.elements.has('after'), 'the honest edit reaches a joiner');
});
