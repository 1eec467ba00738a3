/**
 * Ending an interview: only interviewers may; afterwards the board is frozen
 * even for sockets already connected, everyone in the room is told, and the
 * timer and invite links stop working.
 */
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientEvent, ServerEvent, type TimerStatePayload } from '../../lib/realtime/protocol';
import type { AppServer } from '../helpers/app-server';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';
import { interviewWithParties } from '../helpers/interview-fixture';
import { boardClient, eventually, type BoardClient } from '../helpers/yjs-client';

let fixture: ServerFixture;
let server: AppServer;
const clients: BoardClient[] = [];

beforeAll(async () => {
  fixture = await serverFixture();
  server = fixture.server;
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await fixture?.close();
});

describe('ending an interview', () => {
  it('freezes the board and the timer, tells the room, and retires invite links', async () => {
    const parties = await interviewWithParties(server.url);
    const writer = boardClient(server.url, parties.id, parties.candidate.cookieHeader());
    const watcher = boardClient(server.url, parties.id, parties.interviewer.cookieHeader());
    clients.push(writer, watcher);
    await Promise.all([writer.synced(), watcher.synced()]);
    writer.elements.set('before-end', { version: 1 });
    await eventually(() => watcher.elements.has('before-end'), 'drawing works before the end');

    const socket = connect(server.url, { path: '/socket.io/', transports: ['websocket'], reconnection: false, extraHeaders: { cookie: parties.candidate.cookieHeader() } });
    await socket.emitWithAck(ClientEvent.RoomJoin, { interviewId: parties.id });
    const told = new Promise((resolve) => socket.once(ServerEvent.InterviewEnded, resolve));
    const driver = connect(server.url, { path: '/socket.io/', transports: ['websocket'], reconnection: false, extraHeaders: { cookie: parties.interviewer.cookieHeader() } });
    await driver.emitWithAck(ClientEvent.RoomJoin, { interviewId: parties.id });
    expect(await driver.emitWithAck(ClientEvent.TimerCommand, { interviewId: parties.id, command: { type: 'start' } })).toMatchObject({ ok: true });
    driver.close();
    const stopped = new Promise<TimerStatePayload>((resolve) => socket.on(ServerEvent.TimerState, (p: TimerStatePayload) => p.state.status === 'paused' && resolve(p)));

    const refused = await parties.candidate.json<any>(`/api/interviews/${parties.id}/end`, { method: 'POST' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('Only interviewers can end the interview.');

    const ended = await parties.interviewer.json<any>(`/api/interviews/${parties.id}/end`, { method: 'POST' });
    expect(ended.status).toBe(200);
    expect(ended.body.status).toBe('ended');
    expect(await told).toEqual({ interviewId: parties.id });
    // The clock stops with the interview, and stays stopped for anyone who loads the room later.
    expect((await stopped).state.runningSince).toBeNull();
    expect((await fixture.prisma.timerEvent.findMany({ where: { interviewId: parties.id }, orderBy: { seq: 'asc' } })).map((e) => [e.type, e.actorId])).toEqual([
      ['start', expect.any(String)],
      ['pause', null],
    ]);

    // The already-connected candidate's edits no longer reach anyone.
    writer.elements.set('after-end', { version: 1 });
    await new Promise((r) => setTimeout(r, 600));
    expect(watcher.elements.has('after-end')).toBe(false);
    expect(watcher.elements.has('before-end')).toBe(true);

    const interviewerSocket = connect(server.url, { path: '/socket.io/', transports: ['websocket'], reconnection: false, extraHeaders: { cookie: parties.interviewer.cookieHeader() } });
    await interviewerSocket.emitWithAck(ClientEvent.RoomJoin, { interviewId: parties.id });
    expect(await interviewerSocket.emitWithAck(ClientEvent.TimerCommand, { interviewId: parties.id, command: { type: 'start' } })).toEqual({
      error: { code: 'forbidden', message: 'Only interviewers control the timer, and only until the interview ends.' },
    });
    const token = new URL(parties.invites.observer).pathname.split('/').pop();
    const late = await parties.observer.json<any>(`/api/invites/${token}`);
    expect(late.status).toBe(410);
    expect(late.body.error.message).toBe('This interview has already ended.');
    expect((await parties.interviewer.json<any>(`/api/interviews/${parties.id}/end`, { method: 'POST' })).status).toBe(403);
    socket.close();
    interviewerSocket.close();
  });
});
