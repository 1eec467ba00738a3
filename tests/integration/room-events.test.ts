/**
 * Room events over socket.io against the real server: joining, presence, the
 * server-authoritative timer (interviewers only), bad payloads, and a timer
 * that survives a server restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../generated/prisma/client';
import { ClientEvent, ServerEvent, type PresencePayload, type RoomJoinAck, type TimerStatePayload } from '../../lib/realtime/protocol';
import { timerView } from '../../lib/timer/timer';
import type { AppServer } from '../helpers/app-server';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';
import type { HttpSession } from '../helpers/http-session';
import { interviewWithParties, signedInUser } from '../helpers/interview-fixture';
import { eventually } from '../helpers/yjs-client';
import { collect, joinRoom as join, socketPool, timerCommand as command, untyped } from '../helpers/room-socket';

let fixture: ServerFixture;
let server: AppServer;
let prisma: PrismaClient;
const sockets = socketPool(() => server.url);
const socketFor = (session: HttpSession) => sockets.open(session);

beforeAll(async () => {
  fixture = await serverFixture({ fixedPort: true });
  ({ server, prisma } = fixture);
});
afterAll(async () => {
  sockets.closeAll();
  await fixture?.close();
});

describe('joining a room', () => {
  it('acks with the role, the timer and who is here; others see the newcomer', async () => {
    const parties = await interviewWithParties(server.url);
    const interviewer = await socketFor(parties.interviewer);
    const presenceSeen = collect<PresencePayload>(interviewer, ServerEvent.Presence);
    const first = (await join(interviewer, parties.id)) as RoomJoinAck;
    expect(first.role).toBe('interviewer');
    expect(first.timer.state).toMatchObject({ status: 'idle', index: 0, seq: 0 });
    expect(first.timer.state.phases.map((p) => p.id)).toEqual(['clarify', 'metrics', 'data', 'modeling', 'serving', 'evaluation', 'monitoring']);
    // The timer carries the agenda only: no phase goals (guide text) reach any client.
    expect(Object.keys(first.timer.state.phases[0]!).sort()).toEqual(['id', 'plannedMs', 'title']);

    const candidate = await socketFor(parties.candidate);
    const second = (await join(candidate, parties.id)) as RoomJoinAck;
    expect(second.role).toBe('candidate');
    expect(second.presence.participants.filter((p) => p.connected).map((p) => p.role).sort()).toEqual(['candidate', 'interviewer']);
    await eventually(() => presenceSeen.some((p) => p.participants.some((x) => x.role === 'candidate' && x.connected)), 'interviewer told the candidate arrived');

    candidate.close();
    await eventually(() => presenceSeen.at(-1)!.participants.some((x) => x.role === 'candidate' && !x.connected), 'interviewer told the candidate left');
  });

  it('refuses outsiders, unknown interviews and malformed payloads with clear errors', async () => {
    const parties = await interviewWithParties(server.url);
    const outsider = await socketFor(await signedInUser(server.url, 'Otto'));
    expect(await join(outsider, parties.id)).toEqual({ error: { code: 'forbidden', message: 'You are not a participant in this interview.' } });
    expect(await join(outsider, 'nope')).toEqual({ error: { code: 'not_found', message: 'No interview with that id.' } });
    expect(await untyped(outsider).emitWithAck(ClientEvent.RoomJoin, { interview: 1 })).toEqual({
      error: { code: 'invalid_payload', message: expect.stringMatching(/^room:join: interviewId: /) },
    });
    expect(outsider.connected).toBe(true);
  });
});

describe('timer', () => {
  it('lets only interviewers drive it, rejects bad commands, and keeps both screens on the same clock', async () => {
    const parties = await interviewWithParties(server.url);
    const interviewer = await socketFor(parties.interviewer);
    const candidate = await socketFor(parties.candidate);
    await join(interviewer, parties.id);
    await join(candidate, parties.id);
    const seenByCandidate = collect<TimerStatePayload>(candidate, ServerEvent.TimerState);
    const seenByInterviewer = collect<TimerStatePayload>(interviewer, ServerEvent.TimerState);

    expect(await command(candidate, parties.id, { type: 'start' })).toEqual({
      error: { code: 'forbidden', message: 'Only interviewers control the timer, and only until the interview ends.' },
    });
    expect((await command(interviewer, parties.id, { type: 'fly' })).error).toMatchObject({ code: 'invalid_payload', message: expect.stringMatching(/^timer:command: command\.type: /) });
    expect(await command(interviewer, parties.id, { type: 'pause' })).toEqual({ error: { code: 'rejected', message: 'The timer is not running.' } });

    expect(await command(interviewer, parties.id, { type: 'start' })).toEqual({ ok: true, seq: 1 });
    expect(await command(interviewer, parties.id, { type: 'next' })).toEqual({ ok: true, seq: 2 });
    expect(await command(interviewer, parties.id, { type: 'pause' })).toEqual({ ok: true, seq: 3 });
    await eventually(() => seenByCandidate.length === 3 && seenByInterviewer.length === 3, 'both saw three states');
    const [a, b] = [seenByInterviewer.at(-1)!, seenByCandidate.at(-1)!];
    expect(a.state).toEqual(b.state);
    expect(timerView(b.state, b.serverTime)).toMatchObject({ status: 'paused', index: 1 });

    const row = await prisma.interview.findUniqueOrThrow({ where: { id: parties.id } });
    expect(row.status).toBe('live');
    expect(row.startedAt).toBeInstanceOf(Date);
    expect(await prisma.timerEvent.count({ where: { interviewId: parties.id } })).toBe(3);
  });

  it('survives a server restart: same phase, same remaining time', async () => {
    const parties = await interviewWithParties(server.url);
    const interviewer = await socketFor(parties.interviewer);
    await join(interviewer, parties.id);
    await command(interviewer, parties.id, { type: 'start' });
    await command(interviewer, parties.id, { type: 'next' });
    await command(interviewer, parties.id, { type: 'extend', minutes: 2 });
    await command(interviewer, parties.id, { type: 'pause' });
    const before = ((await join(interviewer, parties.id)) as RoomJoinAck).timer;

    expect(await server.stop()).toBe(0);
    server = await fixture.restart();
    const again = await socketFor(parties.candidate);
    const after = ((await join(again, parties.id)) as RoomJoinAck).timer;
    expect(after.state).toEqual(before.state);
    expect(timerView(after.state, after.serverTime).phaseRemainingMs).toBe(timerView(before.state, before.serverTime).phaseRemainingMs);
    expect(after.state.phases[1]!.plannedMs).toBe(before.state.phases[1]!.plannedMs);
  });
});
