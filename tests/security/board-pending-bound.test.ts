/**
 * Finding 1 (variant): updates with a clock gap can never be integrated; the
 * server used to keep them as pending structs (in memory, and in every
 * joiner's first sync). Past the bound the writer is closed with 4422
 * UnresolvedUpdates and the pending state is dropped.
 */
import { expect, it } from 'vitest';
import { CloseCode } from '../../lib/realtime/close-codes';
import { MAX_PENDING_BYTES } from '../../server/realtime/yjs/limits';
import { interviewWithParties } from '../helpers/interview-fixture';
import { boardStats, clockGapUpdate, closeCodeWithin, fullSyncRequest, rawBoardSocket, updateMessage } from '../helpers/raw-board-socket';
import { boardAbuseServer } from '../helpers/board-abuse-server';
import { eventually } from '../helpers/yjs-client';

const METRICS_TOKEN = 'board-pending-bound-metrics-token';
const board = boardAbuseServer(METRICS_TOKEN);
const { sockets } = board;

it('closes a writer whose gap updates pile up past the bound, and keeps none of them', async () => {
  const url = board.fixture.server.url;
  const parties = await interviewWithParties(url);
  const writer = rawBoardSocket(url, parties.id, parties.interviewer.cookieHeader());
  sockets.push(writer);
  await writer.opened;
  // Several gap updates from different clients, together well past the bound.
  const EACH = 200_000;
  for (let i = 0; i < Math.ceil((MAX_PENDING_BYTES * 3) / EACH) && writer.ws.readyState === writer.ws.OPEN; i++) {
    await writer.send(updateMessage(clockGapUpdate(`gap-${i}`, EACH)));
  }
  expect(await closeCodeWithin(writer, 5000)).toBe(CloseCode.UnresolvedUpdates);

  const stats = await boardStats(url, METRICS_TOKEN);
  expect(stats.unresolvedUpdates).toBe(1);
  expect(stats.pendingStructBytes).toBe(0);

  // A joiner's first sync carries none of it.
  const joiner = rawBoardSocket(url, parties.id, parties.candidate.cookieHeader());
  sockets.push(joiner);
  await joiner.opened;
  await joiner.send(fullSyncRequest());
  await eventually(() => joiner.received().messages >= 2, 'the greeting and the answer');
  await new Promise((r) => setTimeout(r, 300));
  expect(joiner.received().bytes).toBeLessThan(MAX_PENDING_BYTES);
  expect(await closeCodeWithin(joiner, 100)).toBe('still open');
  // Nothing pending was stored either.
  expect(await board.fixture.prisma.boardUpdate.count({ where: { interviewId: parties.id } })).toBe(0);
});
