/**
 * Finding 1 (size): a writer's updates that would take a board past its size
 * cap are refused with 4413 BoardTooLarge: not applied, not stored, not
 * relayed. The other participants keep the board as it was and stay connected.
 */
import * as Y from 'yjs';
import { expect, it } from 'vitest';
import { CloseCode } from '../../lib/realtime/close-codes';
import { applySnapshot } from '../../server/realtime/yjs/persistence';
import { interviewWithParties } from '../helpers/interview-fixture';
import { bigUpdate, boardStats, closeCodeWithin, rawBoardSocket, updateMessage } from '../helpers/raw-board-socket';
import { boardAbuseServer } from '../helpers/board-abuse-server';
import { boardClient, eventually } from '../helpers/yjs-client';

const METRICS_TOKEN = 'board-size-cap-metrics-token';
const board = boardAbuseServer(METRICS_TOKEN);
const { sockets, clients } = board;

async function storedKeys(interviewId: string): Promise<string[]> {
  const snapshot = await board.fixture.prisma.boardSnapshot.findFirst({ where: { interviewId }, orderBy: { upToUpdateId: 'desc' } });
  const rows = await board.fixture.prisma.boardUpdate.findMany({ where: { interviewId, id: { gt: snapshot?.upToUpdateId ?? 0n } }, orderBy: { id: 'asc' } });
  const doc = new Y.Doc();
  if (snapshot) applySnapshot(doc, snapshot.state, snapshot.encoding);
  for (const row of rows) Y.applyUpdate(doc, row.update);
  return [...doc.getMap('elements').keys()].sort();
}

it('refuses the update that would pass the cap with 4413, and nothing of it is kept or relayed', async () => {
  const url = board.fixture.server.url;
  const parties = await interviewWithParties(url);
  const peer = boardClient(url, parties.id, parties.candidate.cookieHeader());
  clients.push(peer);
  await peer.synced();
  const writer = rawBoardSocket(url, parties.id, parties.interviewer.cookieHeader());
  sockets.push(writer);
  await writer.opened;

  // 900 KB each: two fit under the 2 MiB cap, the third would pass it.
  const CHUNK = 900_000;
  await writer.send(updateMessage(bigUpdate('big-0', CHUNK)));
  await writer.send(updateMessage(bigUpdate('big-1', CHUNK)));
  await eventually(() => peer.elements.has('big-1'), 'the first two updates reach the peer');
  await writer.send(updateMessage(bigUpdate('big-2', CHUNK)));
  expect(await closeCodeWithin(writer, 5000)).toBe(CloseCode.BoardTooLarge);
  expect((await writer.closed).reason).toMatch(/size cap/);

  // Time for a wrongly relayed or stored update to show (the log flushes every 200 ms).
  await new Promise((r) => setTimeout(r, 1000));
  expect(peer.elements.has('big-2')).toBe(false);
  expect(peer.provider.wsconnected).toBe(true);
  expect(await storedKeys(parties.id)).toEqual(['big-0', 'big-1']);

  // The room carries on: a small edit still fits and reaches a fresh joiner, who sees the board as it was.
  peer.elements.set('small', { id: 'small', version: 1 });
  const joiner = boardClient(url, parties.id, parties.observer.cookieHeader());
  clients.push(joiner);
  await joiner.synced();
  await eventually(() => joiner.elements.has('small'), 'the small edit reaches a joiner');
  expect([...joiner.elements.keys()].sort()).toEqual(['big-0', 'big-1', 'small']);

  const stats = await boardStats(url, METRICS_TOKEN);
  expect(stats.boardTooLarge).toBe(1);
});
