/**
 * The whiteboard document server with the real y-websocket client: sync,
 * refusals with named close codes (and no retries), read-only observers,
 * frame caps, and persistence across restarts and kill -9.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../generated/prisma/client';
import { CloseCode } from '../../lib/realtime/close-codes';
import { applySnapshot } from '../../server/realtime/yjs/persistence';
import type { AppServer } from '../helpers/app-server';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';
import { interviewWithParties, signedInUser, type InterviewParties } from '../helpers/interview-fixture';
import { boardClient, eventually, type BoardClient } from '../helpers/yjs-client';

let fixture: ServerFixture;
let server: AppServer;
let prisma: PrismaClient;
const clients: BoardClient[] = [];

beforeAll(async () => {
  // A fixed port, so clients can reconnect to a restarted server.
  fixture = await serverFixture({ fixedPort: true });
  ({ server, prisma } = fixture);
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await fixture?.close();
});

function client(parties: InterviewParties | { id: string }, who: { cookieHeader(): string } | null): BoardClient {
  const c = boardClient(server.url, parties.id, who ? who.cookieHeader() : null);
  clients.push(c);
  return c;
}

describe('sync between participants', () => {
  it('converges: what the interviewer writes the candidate sees, and the other way round', async () => {
    const parties = await interviewWithParties(server.url);
    const a = client(parties, parties.interviewer);
    const b = client(parties, parties.candidate);
    await Promise.all([a.synced(), b.synced()]);
    a.elements.set('rect-1', { id: 'rect-1', type: 'rectangle', version: 1 });
    b.elements.set('arrow-1', { id: 'arrow-1', type: 'arrow', version: 1 });
    await eventually(() => a.elements.size === 2 && b.elements.size === 2, 'both elements on both sides');
    expect(a.elements.toJSON()).toEqual(b.elements.toJSON());
  });

  it("drops an observer's edits but keeps the observer in sync", async () => {
    const parties = await interviewWithParties(server.url);
    const writer = client(parties, parties.interviewer);
    const observer = client(parties, parties.observer);
    await Promise.all([writer.synced(), observer.synced()]);
    observer.elements.set('sneaky', { id: 'sneaky', version: 1 });
    writer.elements.set('legit', { id: 'legit', version: 1 });
    await eventually(() => observer.elements.has('legit'), 'observer sees the interviewer');
    // Give the observer's edit time to travel if the server wrongly relayed it.
    await new Promise((r) => setTimeout(r, 500));
    expect(writer.elements.has('sneaky')).toBe(false);
    const fresh = client(parties, parties.candidate);
    await fresh.synced();
    expect(fresh.elements.has('legit')).toBe(true);
    expect(fresh.elements.has('sneaky')).toBe(false);
  });
});

describe('refusals', () => {
  async function refusedWith(c: BoardClient, code: number) {
    const closed = await c.closed;
    expect(closed.code).toBe(code);
    // The client must not keep knocking: wait well past its backoff and count sockets.
    await new Promise((r) => setTimeout(r, 1200));
    expect(c.attempts()).toBe(1);
    expect(c.provider.shouldConnect).toBe(false);
  }

  it('closes a socket without a session with 4401, and the client stops', async () => {
    const parties = await interviewWithParties(server.url);
    await refusedWith(client(parties, null), CloseCode.Unauthorized);
  });

  it('closes a non-member with 4403, and an unknown interview with 4404', async () => {
    const parties = await interviewWithParties(server.url);
    const outsider = await signedInUser(server.url, 'Otto Outsider');
    await refusedWith(client(parties, outsider), CloseCode.Forbidden);
    await refusedWith(client({ id: 'no-such-interview-id' }, outsider), CloseCode.NotFound);
  });

  function rawSocket(parties: InterviewParties) {
    return new WebSocket(`${server.url.replace(/^http/, 'ws')}/ws/yjs/${parties.id}`, { headers: { cookie: parties.interviewer.cookieHeader() } });
  }
  const closeOf = (ws: WebSocket) => new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));

  it('closes an oversized frame with 1009 while other rooms keep working', async () => {
    const [big, other] = await Promise.all([interviewWithParties(server.url), interviewWithParties(server.url)]);
    const a = client(other, other.interviewer);
    const b = client(other, other.candidate);
    await Promise.all([a.synced(), b.synced()]);

    const ws = rawSocket(big);
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = closeOf(ws);
    ws.send(new Uint8Array(2 * 1024 * 1024));
    expect((await closed).code).toBe(CloseCode.MessageTooBig);

    a.elements.set('after-big-frame', { version: 1 });
    await eventually(() => b.elements.has('after-big-frame'), 'the other room still syncing');
  });

  it('closes a malformed message with 4400, naming the problem', async () => {
    const parties = await interviewWithParties(server.url);
    const ws = rawSocket(parties);
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = closeOf(ws);
    ws.send(new Uint8Array([0, 2, 250, 250, 250])); // a sync update with a truncated payload
    expect(await closed).toMatchObject({ code: CloseCode.BadRequest, reason: 'malformed message: Unexpected end of array' });
    // The room is unharmed: participants still sync.
    const a = client(parties, parties.interviewer);
    const b = client(parties, parties.candidate);
    await Promise.all([a.synced(), b.synced()]);
    a.elements.set('after-garbage', { version: 1 });
    await eventually(() => b.elements.has('after-garbage'), 'room still syncing after a malformed message');
  });

  it('relays presence between participants (the client echoes peers; that must not be taken for spoofing)', async () => {
    const parties = await interviewWithParties(server.url);
    const a = client(parties, parties.interviewer);
    const b = client(parties, parties.candidate);
    await Promise.all([a.synced(), b.synced()]);
    const [ia, ib] = await Promise.all([parties.interviewer.json<any>('/api/auth/session'), parties.candidate.json<any>('/api/auth/session')]);
    a.provider.awareness.setLocalState({ user: { id: ia.body.user.id, name: 'Ines', color: '#1971c2', role: 'interviewer' }, pointer: { x: 1, y: 2, tool: 'pointer' } });
    b.provider.awareness.setLocalState({ user: { id: ib.body.user.id, name: 'Cal', color: '#2f9e44', role: 'candidate' }, pointer: null });
    const names = (c: BoardClient) => [...c.provider.awareness.getStates().values()].map((s) => (s as { user?: { name: string } }).user?.name).filter(Boolean).sort();
    await eventually(() => names(a).length === 2 && names(b).length === 2, 'each sees both presences');
    a.provider.awareness.setLocalStateField('pointer', { x: 50, y: 60, tool: 'pointer' });
    await eventually(() => [...b.provider.awareness.getStates().values()].some((s) => (s as { pointer?: { x: number } }).pointer?.x === 50), 'cursor moves reach the peer');
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
  });

  it('closes a socket whose presence claims to be someone else with 4400', async () => {
    const parties = await interviewWithParties(server.url);
    const spoof = client(parties, parties.candidate);
    await spoof.synced();
    spoof.provider.awareness.setLocalState({ user: { id: 'someone-else', name: 'Boss', color: '#123456', role: 'interviewer' }, pointer: null });
    const spoofClosed = await spoof.closed;
    expect(spoofClosed.code).toBe(CloseCode.BadRequest);
    expect(spoofClosed.reason).toBe('awareness state must describe the connected user');
  });
});

describe('persistence', () => {
  async function storedElementCount(interviewId: string): Promise<number> {
    const snapshot = await prisma.boardSnapshot.findFirst({ where: { interviewId }, orderBy: { upToUpdateId: 'desc' } });
    const rows = await prisma.boardUpdate.findMany({ where: { interviewId, id: { gt: snapshot?.upToUpdateId ?? 0n } }, orderBy: { id: 'asc' } });
    const doc = new Y.Doc();
    if (snapshot) applySnapshot(doc, snapshot.state, snapshot.encoding);
    for (const row of rows) Y.applyUpdate(doc, row.update);
    return doc.getMap('elements').size;
  }

  it('writes updates to the log within a second', async () => {
    const parties = await interviewWithParties(server.url);
    const a = client(parties, parties.interviewer);
    await a.synced();
    for (let i = 0; i < 20; i++) a.elements.set(`e${i}`, { version: 1, i });
    const written = Date.now();
    let rows = 0;
    while (Date.now() - written < 1000 && rows < 20) {
      rows = await prisma.boardUpdate.count({ where: { interviewId: parties.id } });
      if (rows < 20) await new Promise((r) => setTimeout(r, 50));
    }
    expect(rows).toBeGreaterThanOrEqual(1);
    expect(await storedElementCount(parties.id)).toBe(20);
  });

  it('survives kill -9: the client reconnects and the server ends up holding every update', async () => {
    const parties = await interviewWithParties(server.url);
    const writer = client(parties, parties.candidate);
    await writer.synced();
    let written = 0;
    const drawing = setInterval(() => {
      writer.elements.set(`k${written}`, { version: 1, n: written });
      written += 1;
    }, 10);
    await eventually(() => written >= 50, 'some drawing before the crash');

    server.process.kill('SIGKILL');
    await new Promise((r) => server.process.once('exit', r));
    await eventually(() => written >= 80, 'drawing continues offline');
    server = await fixture.restart();
    await eventually(() => writer.provider.wsconnected && writer.provider.synced, 'writer reconnected', 20_000);
    await eventually(() => written >= 120, 'drawing after the restart');
    clearInterval(drawing);
    const total = written;

    // A fresh reader sees every element the writer ever made.
    const reader = client(parties, parties.interviewer);
    await reader.synced();
    await eventually(() => reader.elements.size === total, `reader sees all ${total} elements`);

    // ...and after every client has left and the server restarted, Postgres alone has them all.
    writer.destroy();
    reader.destroy();
    expect(await server.stop()).toBe(0);
    expect(await storedElementCount(parties.id)).toBe(total);
    server = await fixture.restart();
    const later = client(parties, parties.interviewer);
    await later.synced();
    expect(later.elements.size).toBe(total);
  });
});
