/**
 * The room's client connection (room-connection.ts) driven by the real
 * socket.io client against the real server, with the same reconnect policy as
 * the browser: joining, a refused join, a refused handshake, and a reconnect
 * after the server goes away that re-joins and reads the timer afresh.
 */
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOM_SOCKET_OPTIONS, RoomConnection, SESSION_EXPIRED, type RoomFeed, type RoomSocket } from '../../app/interviews/[id]/_components/room/room-connection';
import type { RevealedCard } from '../../lib/rubric/evaluation';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import type { HttpSession } from '../helpers/http-session';
import { interviewWithParties, signedInUser, type InterviewParties } from '../helpers/interview-fixture';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';
import { eventually } from '../helpers/yjs-client';

const scenario = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios')).get('payment-fraud-detection')!;
const card = scenario.guide.constraintCards[0]!;

let fixture: ServerFixture;
let parties: InterviewParties;
const connections: RoomConnection[] = [];

beforeAll(async () => {
  // A fixed port, so a connection can find the server again after a restart.
  fixture = await serverFixture({ fixedPort: true });
  parties = await interviewWithParties(fixture.server.url);
});
afterAll(async () => {
  for (const c of connections) c.close();
  await fixture?.close();
});

interface Opened {
  connection: RoomConnection;
  feed: RoomFeed[];
  /** Handshakes the socket has attempted: every connect and every connect_error. */
  attempts: () => number;
  cardLoads: () => number;
}

/** A connection as the browser makes one (same reconnect policy), signed in as `who` (or with no cookie at all). */
function open(interviewId: string, who: HttpSession | null): Opened {
  const socket: RoomSocket = io(fixture.server.url, {
    ...ROOM_SOCKET_OPTIONS,
    ...(who && { extraHeaders: { cookie: who.cookieHeader() } }),
  });
  let attempts = 0;
  socket.on('connect', () => attempts++);
  socket.on('connect_error', () => attempts++);
  let cardLoads = 0;
  const connection = new RoomConnection(socket, interviewId, async (merge) => {
    cardLoads++;
    if (!who) return;
    const { status, body } = await who.json<{ cards: RevealedCard[] }>(`/api/interviews/${interviewId}/cards`);
    if (status === 200) merge(body.cards);
  });
  const feed: RoomFeed[] = [];
  connection.subscribe((event) => feed.push(event));
  connections.push(connection.start());
  return { connection, feed, attempts: () => attempts, cardLoads: () => cardLoads };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the room connection', () => {
  it('joins: role, timer, presence, the clock offset and the cards revealed so far', async () => {
    expect((await parties.interviewer.api('POST', `/api/interviews/${parties.id}/cards/${card.id}/reveal`)).status).toBe(201);
    const { connection, feed } = open(parties.id, parties.candidate);
    await eventually(() => connection.state.connection === 'connected' && connection.state.cards.length === 1, 'the candidate joined and read the cards');
    const { state } = connection;
    expect(state.refusal).toBeNull();
    expect(state.role).toBe('candidate');
    expect(state.timer).toMatchObject({ status: 'idle', index: 0, seq: 0 });
    expect(state.timer!.phases.map((p) => p.id)).toEqual(scenario.guide.phases[45].map((p) => p.id));
    expect(state.presence.find((p) => p.role === 'candidate')).toMatchObject({ name: 'Cal Candidate', connected: true });
    expect(Number.isFinite(state.offsetMs)).toBe(true);
    expect(state.cards.map((c) => c.id)).toEqual([card.id]);
    expect(feed.map((e) => e.type)).toEqual(['connected', 'rejoined']);

    // Intent methods go over the same socket: a candidate's timer command is refused by name.
    expect(await connection.sendTimer({ type: 'start' })).toBe('Only interviewers control the timer, and only until the interview ends.');
    // ...and a live broadcast reaches the state.
    expect((await parties.interviewer.api('POST', `/api/interviews/${parties.id}/cards/${scenario.guide.constraintCards[1]!.id}/reveal`)).status).toBe(201);
    await eventually(() => connection.state.cards.length === 2, 'the second card arrives live');
  });

  it('says so when the join is refused, and does not retry', async () => {
    const outsider = await signedInUser(fixture.server.url, 'Otto Outsider');
    const { connection, attempts, cardLoads } = open(parties.id, outsider);
    await eventually(() => connection.state.connection === 'refused', 'the refusal');
    expect(connection.state.refusal).toBe('You are not a participant in this interview.');
    expect(connection.state.role).toBeNull();
    // Longer than several reconnect delays: a retrying client would have come back by now.
    await sleep(3000);
    expect(attempts()).toBe(1);
    expect(connection.socket.active).toBe(false);
    expect(connection.state.connection).toBe('refused');
    expect(cardLoads()).toBe(0);
  });

  it('says the session expired when the handshake is refused, and does not retry', async () => {
    const { connection, attempts, feed } = open(parties.id, null);
    await eventually(() => connection.state.connection === 'refused', 'the handshake refusal');
    expect(connection.state.refusal).toBe(SESSION_EXPIRED);
    await sleep(3000);
    expect(attempts()).toBe(1);
    expect(connection.socket.active).toBe(false);
    expect(feed).toEqual([]);
  });

  it('re-joins after the server drops it, with the timer as the server now has it', async () => {
    const { connection, feed, cardLoads } = open(parties.id, parties.observer);
    await eventually(() => connection.state.connection === 'connected', 'the observer joined');
    expect(connection.state.timer).toMatchObject({ status: 'idle', seq: 0 });

    expect(await fixture.server.stop()).toBe(0);
    await eventually(() => connection.state.connection === 'reconnecting', 'the drop is noticed');
    // While the server is down, the timer starts (written as a row from before payloads had versions).
    await fixture.prisma.timerEvent.create({ data: { interviewId: parties.id, seq: 1, type: 'start', payload: { type: 'start' }, actorId: null } });
    await fixture.restart();

    await eventually(() => connection.state.connection === 'connected' && connection.state.timer?.seq === 1, 'the observer is back with the fresh timer', 30_000);
    expect(connection.state.timer).toMatchObject({ status: 'running', index: 0, seq: 1 });
    expect(connection.state.role).toBe('observer');
    expect(feed.map((e) => e.type)).toEqual(['connected', 'rejoined', 'connected', 'rejoined']);
    expect(cardLoads()).toBe(2);
  });
});
