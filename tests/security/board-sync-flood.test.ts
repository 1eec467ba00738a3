/**
 * Finding 1 (sync flood): a read-only observer asking for the whole board
 * over and over (`00 00 01 00`) gets at most one full-state answer per
 * interval; the next request inside it closes the socket with 4429, so the
 * bytes the server sends stay bounded by about one board.
 */
import { expect, it } from 'vitest';
import { CloseCode } from '../../lib/realtime/close-codes';
import { interviewWithParties } from '../helpers/interview-fixture';
import { bigUpdate, boardStats, closeCodeWithin, fullSyncRequest, rawBoardSocket, updateMessage } from '../helpers/raw-board-socket';
import { boardAbuseServer } from '../helpers/board-abuse-server';
import { eventually } from '../helpers/yjs-client';

const METRICS_TOKEN = 'board-sync-flood-metrics-token';
const board = boardAbuseServer(METRICS_TOKEN);
const { sockets } = board;

it("answers an observer's repeated full-sync requests once, then closes it; bytes sent stay about one board", async () => {
  const url = board.fixture.server.url;
  const parties = await interviewWithParties(url);
  const BOARD = 1_000_000;
  const writer = rawBoardSocket(url, parties.id, parties.interviewer.cookieHeader());
  sockets.push(writer);
  await writer.opened;
  await writer.send(updateMessage(bigUpdate('content', BOARD)));

  const observer = rawBoardSocket(url, parties.id, parties.observer.cookieHeader());
  sockets.push(observer);
  await observer.opened;
  // The writer's update went through the room before the observer's requests (one event loop, in order).
  await eventually(() => writer.received().messages >= 1, "the server's greeting to the writer");
  const REQUESTS = 20;
  for (let i = 0; i < REQUESTS; i++) void observer.send(fullSyncRequest());
  expect(await closeCodeWithin(observer, 10_000)).toBe(CloseCode.RateLimited);
  expect((await observer.closed).reason).toBe('sync requests too frequent');

  const { bytes } = observer.received();
  // One answer is the board (~1 MB); the old server sent all twenty (~20 MB).
  expect(bytes).toBeGreaterThanOrEqual(BOARD);
  expect(bytes).toBeLessThan(BOARD * 1.5);
  expect((await boardStats(url, METRICS_TOKEN)).rateLimited).toBe(1);
});
