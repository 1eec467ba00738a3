/**
 * The board's limits must never touch honest drawing: a real-sized board
 * drawn, a small drag at 144 Hz, a whole-board drag at 60 Hz, and a fresh
 * joiner, through the real y-websocket client and the app's own binding.
 * Nobody is refused and everyone converges.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeLocalElements } from '../../lib/whiteboard/binding';
import { interviewWithParties } from '../helpers/interview-fixture';
import { boardStats } from '../helpers/raw-board-socket';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';
import { boardClient, eventually, type BoardClient } from '../helpers/yjs-client';

const METRICS_TOKEN = 'board-honest-editing-metrics-token';
let fixture: ServerFixture;
const clients: BoardClient[] = [];

beforeAll(async () => {
  fixture = await serverFixture({ env: { METRICS_TOKEN } });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await fixture?.close();
});

/** An Excalidraw 0.18-shaped rectangle, ~450 bytes of JSON like the benches' elements. */
function element(i: number, version: number) {
  return {
    id: `element-${String(i).padStart(4, '0')}-honest-board`,
    type: 'rectangle',
    version,
    versionNonce: (version * 7919 + i * 104729) % 2_147_483_647,
    isDeleted: false,
    x: (i % 20) * 140 + version,
    y: Math.floor(i / 20) * 110 + version,
    width: 120,
    height: 80,
    angle: 0,
    strokeColor: '#1e1e1e',
    backgroundColor: 'transparent',
    fillStyle: 'solid',
    strokeWidth: 2,
    strokeStyle: 'solid',
    roughness: 1,
    opacity: 100,
    groupIds: [],
    frameId: null,
    index: `a${i.toString(36).padStart(4, '0')}`,
    roundness: { type: 3 },
    seed: 1_000_000 + i,
    boundElements: null,
    updated: 1_763_800_000_000 + version,
    link: null,
    locked: false,
  };
}

/** Calls `step` every `everyMs` for `forMs`, like pointer moves during a drag. */
async function drag(everyMs: number, forMs: number, step: (n: number) => void): Promise<number> {
  let n = 0;
  const started = Date.now();
  while (Date.now() - started < forMs) {
    step(n++);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return n;
}

it('a real-sized board, fast drags and a joiner: nobody is refused, everyone converges', async () => {
  const url = fixture.server.url;
  const parties = await interviewWithParties(url);
  const writer = boardClient(url, parties.id, parties.interviewer.cookieHeader());
  const peer = boardClient(url, parties.id, parties.candidate.cookieHeader());
  clients.push(writer, peer);
  await Promise.all([writer.synced(), peer.synced()]);
  const version = new Map<number, number>();
  const write = (ids: number[]) =>
    writeLocalElements(
      writer.doc,
      ids.map((i) => {
        version.set(i, (version.get(i) ?? 0) + 1);
        return element(i, version.get(i)!);
      }),
      'local',
    );

  // 300 elements, one per update, at ~100 Hz.
  const ELEMENTS = 300;
  for (let i = 0; i < ELEMENTS; i++) {
    write([i]);
    if (i % 10 === 9) await new Promise((r) => setTimeout(r, 100));
  }
  // A 7-element selection dragged at 144 Hz for 5 s, then the whole board at 60 Hz for 1 s.
  const small = await drag(1000 / 144, 5000, (n) => write([0, 1, 2, 3, 4, 5, 6].map((k) => (k + n) % ELEMENTS)));
  const all = await drag(1000 / 60, 1000, () => write([...Array(ELEMENTS).keys()]));
  expect(small + all).toBeGreaterThan(300);

  const settled = () => [...version].every(([i, v]) => (peer.elements.get(element(i, v).id) as { version?: number } | undefined)?.version === v);
  await eventually(settled, 'the peer holds the latest version of every element', 20_000);
  const joiner = boardClient(url, parties.id, parties.observer.cookieHeader());
  clients.push(joiner);
  await joiner.synced();
  expect(joiner.elements.toJSON()).toEqual(writer.elements.toJSON());

  for (const c of [writer, peer, joiner]) {
    expect(c.provider.wsconnected).toBe(true);
    expect(c.attempts()).toBe(1);
  }
  const stats = await boardStats(url, METRICS_TOKEN);
  expect({ boardTooLarge: stats.boardTooLarge, rateLimited: stats.rateLimited, unresolvedUpdates: stats.unresolvedUpdates, rejected: stats.rejectedMessages }).toEqual({
    boardTooLarge: 0,
    rateLimited: 0,
    unresolvedUpdates: 0,
    rejected: 0,
  });
});
