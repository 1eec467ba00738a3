/**
 * Call signalling against the real server: who is in the call, relays only
 * between members of the same call and in the order sent, mute state fan-out,
 * the four-person cap, ICE servers from the environment, and clear refusals.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CALL_PEERS, MAX_PENDING_SIGNALS, MediaClientEvent, MediaServerEvent, type MediaJoinAck, type MediaPeer, type MediaSignalRelay, type MediaStateRelay } from '../../lib/realtime/media';
import { interviewWithParties, joinThroughInvite, signedInUser, type InterviewParties } from '../helpers/interview-fixture';
import { collect, socketPool } from '../helpers/room-socket';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';
import { eventually } from '../helpers/yjs-client';

const ICE = [{ urls: 'stun:stun.example.test:3478' }, { urls: ['turn:turn.example.test:3478'], username: 'u', credential: 'p' }];
let fixture: ServerFixture;
let parties: InterviewParties;
const sockets = socketPool(() => fixture.server.url);

beforeAll(async () => {
  fixture = await serverFixture({ env: { ICE_SERVERS: JSON.stringify(ICE) } });
  parties = await interviewWithParties(fixture.server.url);
});
afterAll(async () => {
  sockets.closeAll();
  await fixture?.close();
});

const join = (socket: Socket, interviewId = parties.id) => socket.emitWithAck(MediaClientEvent.Join, { interviewId, audio: true, video: true });

describe('the call', () => {
  let interviewer: Socket;
  let candidate: Socket;
  let observer: Socket;

  it('tells a newcomer who is there, tells those there about the newcomer, and hands out the ICE servers', async () => {
    [interviewer, candidate, observer] = await Promise.all([parties.interviewer, parties.candidate, parties.observer].map((s) => sockets.open(s)));
    const joinedSeen = collect<{ peer: MediaPeer }>(interviewer, MediaServerEvent.PeerJoined);
    const first = (await join(interviewer)) as MediaJoinAck;
    expect(first).toEqual({ self: interviewer.id, peers: [], iceServers: ICE, canPublish: true });

    const second = (await join(candidate)) as MediaJoinAck;
    expect(second.peers).toEqual([expect.objectContaining({ socketId: interviewer.id, name: 'Ines Interviewer', role: 'interviewer', publishes: true, audio: true, video: true })]);
    await eventually(() => joinedSeen.some((e) => e.peer.socketId === candidate.id), 'interviewer told about the candidate');

    const third = (await join(observer)) as MediaJoinAck;
    expect(third.canPublish).toBe(false);
    expect(third.peers.map((p) => p.role).sort()).toEqual(['candidate', 'interviewer']);
    // An observer never counts as sending, whatever it claims.
    await eventually(() => joinedSeen.some((e) => e.peer.role === 'observer' && !e.peer.audio && !e.peer.video && !e.peer.publishes), 'observer listed as not publishing');
  });

  it('relays signals to the addressee only, in the order they were sent', async () => {
    const atCandidate = collect<MediaSignalRelay>(candidate, MediaServerEvent.Signal);
    const atObserver = collect<MediaSignalRelay>(observer, MediaServerEvent.Signal);
    const description = { type: 'offer' as const, sdp: 'v=0 fake offer' };
    await Promise.all([
      interviewer.emitWithAck(MediaClientEvent.Signal, { interviewId: parties.id, to: candidate.id, description }),
      ...Array.from({ length: 20 }, (_, i) =>
        interviewer.emitWithAck(MediaClientEvent.Signal, { interviewId: parties.id, to: candidate.id, candidate: { candidate: `candidate:${i} 1 udp 1 127.0.0.1 ${5000 + i} typ host`, sdpMid: '0', sdpMLineIndex: 0 } }),
      ),
    ]);
    await eventually(() => atCandidate.length === 21, 'all 21 signals relayed');
    expect(atCandidate[0]).toEqual({ interviewId: parties.id, from: interviewer.id, description });
    expect(atCandidate.slice(1).map((s) => s.candidate!.candidate.split(' ')[0])).toEqual(Array.from({ length: 20 }, (_, i) => `candidate:${i}`));
    expect(atObserver).toEqual([]);
  });

  it('fans out mute state, and drops a socket from the call when it leaves or disconnects', async () => {
    const states = collect<MediaStateRelay>(candidate, MediaServerEvent.State);
    const left = collect<{ socketId: string }>(candidate, MediaServerEvent.PeerLeft);
    expect(await interviewer.emitWithAck(MediaClientEvent.State, { interviewId: parties.id, audio: false, video: true })).toEqual({ ok: true });
    await eventually(() => states.some((s) => s.socketId === interviewer.id && !s.audio && s.video), 'candidate sees the mute');

    expect(await observer.emitWithAck(MediaClientEvent.Leave, { interviewId: parties.id })).toEqual({ ok: true });
    await eventually(() => left.some((l) => l.socketId === observer.id), 'observer left');
    const observerId = observer.id;
    expect(await interviewer.emitWithAck(MediaClientEvent.Signal, { interviewId: parties.id, to: observerId, candidate: null })).toEqual({
      error: { code: 'not_found', message: 'That person has left the call.' },
    });
    const rejoined = (await join(observer)) as MediaJoinAck;
    expect(rejoined.peers.find((p) => p.socketId === interviewer.id)).toMatchObject({ audio: false, video: true });
    observer.close();
    await eventually(() => left.filter((l) => l.socketId === observerId).length === 2, 'disconnect leaves the call');
  });

  it(`holds at most ${MAX_CALL_PEERS} people, with a message that says the board still works`, async () => {
    const extra = [await joinThroughInvite(fixture.server.url, 'Cora Co', parties.invites.interviewer)];
    const observers = await Promise.all(['Obi', 'Oda'].map((n) => joinThroughInvite(fixture.server.url, n, parties.invites.observer)));
    const [third, fourth, fifth] = await Promise.all([...extra, ...observers].map((s) => sockets.open(s)));
    expect(((await join(third!)) as MediaJoinAck).peers).toHaveLength(2);
    expect(((await join(fourth!)) as MediaJoinAck).peers).toHaveLength(3);
    expect(await join(fifth!)).toEqual({
      error: { code: 'rejected', message: `The call is full: peer-to-peer video takes up to ${MAX_CALL_PEERS} people. You can still use the board and the timer.` },
    });
    fourth!.close();
    await expect.poll(async () => ((await join(fifth!)) as MediaJoinAck).self).toBe(fifth!.id);
  });
});

describe('refusals', () => {
  it('refuses outsiders, unknown interviews, strangers to the call, and malformed signals by name', async () => {
    const outsider = await sockets.open(await signedInUser(fixture.server.url, 'Otto'));
    expect(await join(outsider)).toEqual({ error: { code: 'forbidden', message: 'You are not a participant in this interview.' } });
    expect(await join(outsider, 'no-such-interview')).toEqual({ error: { code: 'not_found', message: 'No interview with that id.' } });
    expect(await outsider.emitWithAck(MediaClientEvent.Signal, { interviewId: parties.id, to: 'someone', candidate: null })).toEqual({
      error: { code: 'forbidden', message: 'Join the call before signalling.' },
    });

    const member = await sockets.open(parties.candidate);
    const bad: [unknown, RegExp][] = [
      [{ interviewId: parties.id, to: 'x' }, /^media:signal: payload: send either a description or a candidate$/],
      [{ interviewId: parties.id, to: 'x', description: { type: 'offer', sdp: 'x'.repeat(70_000) } }, /^media:signal: description\.sdp: /],
      [{ interviewId: parties.id, to: 'x', candidate: null, extra: 1 }, /^media:signal: payload: Unrecognized key/],
      ['not an object', /^media:signal: payload: /],
    ];
    for (const [payload, message] of bad) {
      const reply = (await member.emitWithAck(MediaClientEvent.Signal, payload)) as { error: { code: string; message: string } };
      expect(reply.error.code).toBe('invalid_payload');
      expect(reply.error.message).toMatch(message);
    }
    // Without LiveKit configured the token endpoint says so, whoever asks.
    const token = await parties.interviewer.api('POST', `/api/interviews/${parties.id}/media/token`);
    expect(token.status).toBe(404);
    expect(token.body.error.message).toBe('LiveKit is not configured on this server; the call runs peer-to-peer.');
    // The same socket is still served.
    expect(await member.emitWithAck(MediaClientEvent.Leave, { interviewId: parties.id })).toEqual({ ok: true });
  });
});

describe('a flood of signals', () => {
  it(`queues at most ${MAX_PENDING_SIGNALS} per socket, refuses the rest by name, and keeps relaying afterwards`, async () => {
    const fresh = await interviewWithParties(fixture.server.url);
    const [sender, receiver] = await Promise.all([fresh.interviewer, fresh.candidate].map((s) => sockets.open(s)));
    await join(sender!, fresh.id);
    await join(receiver!, fresh.id);
    const relayed = collect<MediaSignalRelay>(receiver!, MediaServerEvent.Signal);
    const flood = 3 * MAX_PENDING_SIGNALS;
    const replies = (await Promise.all(
      Array.from({ length: flood }, (_, i) =>
        sender!.emitWithAck(MediaClientEvent.Signal, { interviewId: fresh.id, to: receiver!.id, candidate: { candidate: `candidate:${i} 1 udp 1 127.0.0.1 ${6000 + i} typ host`, sdpMid: '0', sdpMLineIndex: 0 } }),
      ),
    )) as ({ ok: true } | { error: { code: string; message: string } })[];
    const refused = replies.filter((r) => 'error' in r);
    // Every signal got an answer; the ones over the cap were refused with a reason, the rest relayed in order.
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused.map((r) => JSON.stringify(r)))).toEqual(
      new Set([JSON.stringify({ error: { code: 'rejected', message: `Too many call signals at once (more than ${MAX_PENDING_SIGNALS} waiting); this one was dropped.` } })]),
    );
    const accepted = flood - refused.length;
    expect(accepted).toBeGreaterThanOrEqual(MAX_PENDING_SIGNALS);
    await eventually(() => relayed.length === accepted, 'every accepted signal relayed');
    const order = relayed.map((r) => Number(r.candidate!.candidate.split(/[: ]/)[1]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Once the queue drains, the same socket is served normally.
    expect(await sender!.emitWithAck(MediaClientEvent.Signal, { interviewId: fresh.id, to: receiver!.id, candidate: null })).toEqual({ ok: true });
  });
});
