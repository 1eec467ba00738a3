/**
 * Finding 1 (reconnects): per-connection budgets restart with every socket,
 * so a user whose board sockets were refused 3 times within a minute has
 * their next sockets refused (4429) at once, before any work is done for
 * them. Other users of the same board are untouched.
 */
import { expect, it } from 'vitest';
import { CloseCode } from '../../lib/realtime/close-codes';
import { PENALTY_REFUSALS } from '../../server/realtime/yjs/limits';
import { interviewWithParties } from '../helpers/interview-fixture';
import { boardStats, closeCodeWithin, fullSyncRequest, rawBoardSocket } from '../helpers/raw-board-socket';
import { boardAbuseServer } from '../helpers/board-abuse-server';
import { boardClient } from '../helpers/yjs-client';

const METRICS_TOKEN = 'board-refusal-penalty-metrics-token';
const board = boardAbuseServer(METRICS_TOKEN);
const { sockets, clients } = board;

it('turns away the sockets of a user refused repeatedly, and only theirs', async () => {
  const url = board.fixture.server.url;
  const parties = await interviewWithParties(url);
  const flood = async () => {
    const socket = rawBoardSocket(url, parties.id, parties.observer.cookieHeader());
    sockets.push(socket);
    await socket.opened;
    for (let i = 0; i < 3; i++) void socket.send(fullSyncRequest());
    expect(await closeCodeWithin(socket, 5000)).toBe(CloseCode.RateLimited);
    return socket;
  };
  for (let i = 0; i < PENALTY_REFUSALS; i++) expect((await flood()).received().bytes).toBeGreaterThan(0);

  // The next socket is closed before the server sends it anything, not even its greeting.
  const turnedAway = rawBoardSocket(url, parties.id, parties.observer.cookieHeader());
  sockets.push(turnedAway);
  await turnedAway.opened;
  expect(await closeCodeWithin(turnedAway, 5000)).toBe(CloseCode.RateLimited);
  expect((await turnedAway.closed).reason).toMatch(/try again in a minute/);
  expect(turnedAway.received().bytes).toBe(0);

  const honest = boardClient(url, parties.id, parties.candidate.cookieHeader());
  clients.push(honest);
  await honest.synced();
  expect(honest.provider.wsconnected).toBe(true);
  const stats = await boardStats(url, METRICS_TOKEN);
  expect(stats.rateLimited).toBe(PENALTY_REFUSALS);
  expect(stats.penalized).toBe(1);
});
