/**
 * The setup every board-abuse security test shares: one real server for the
 * file (with METRICS_TOKEN so the test can read the board's refusal counters),
 * and every raw socket the test opens closed when the file ends.
 */
import { afterAll, beforeAll } from 'vitest';
import type { RawBoardSocket } from './raw-board-socket';
import type { BoardClient } from './yjs-client';
import { serverFixture, type ServerFixture } from './server-fixture';

export interface BoardAbuseServer {
  /** The running server; available inside tests (after beforeAll). */
  readonly fixture: ServerFixture;
  /** Raw sockets to close after the file. */
  readonly sockets: RawBoardSocket[];
  /** y-websocket clients to destroy after the file. */
  readonly clients: BoardClient[];
}

export function boardAbuseServer(metricsToken?: string): BoardAbuseServer {
  let fixture: ServerFixture | undefined;
  const sockets: RawBoardSocket[] = [];
  const clients: BoardClient[] = [];
  beforeAll(async () => {
    fixture = await serverFixture(metricsToken ? { env: { METRICS_TOKEN: metricsToken } } : {});
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const c of clients) c.destroy();
    await fixture?.close();
  });
  return {
    get fixture() {
      if (!fixture) throw new Error('the board abuse server is not up yet (use it inside a test)');
      return fixture;
    },
    sockets,
    clients,
  };
}
