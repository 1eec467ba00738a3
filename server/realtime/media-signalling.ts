/**
 * Signalling for the peer-to-peer call: who is in an interview's call, and
 * relaying SDP and ICE between two of its sockets. Membership is re-checked
 * against the database on every signal, and a signal only ever goes to a
 * socket that is in the same call. Media flows browser to browser.
 */
import {
  MAX_CALL_PEERS,
  MAX_PENDING_SIGNALS,
  MediaClientEvent,
  MediaServerEvent,
  type MediaPeer,
  type MediaSignalRelay,
  type MediaStateRelay,
} from '../../lib/realtime/media';
import { displayName } from '../../lib/auth/display-name';
import { getEnv } from '../env';
import { can } from '../interviews/policy';
import { authorizeLean } from '../interviews/service';
import { EventRejected, fail, handle, type IoServer, type IoSocket } from './handler';

const callOf = (interviewId: string) => `call:${interviewId}`;

export class MediaSignalling {
  /** interviewId -> socket id -> peer, for the join ack and for leaving. */
  private readonly calls = new Map<string, Map<string, MediaPeer>>();

  constructor(private readonly io: IoServer) {}

  register(socket: IoSocket): void {
    // The session user from the handshake: its name is what the rest of the room shows too.
    const { user } = socket.data;

    handle(socket, MediaClientEvent.Join, async ({ interviewId, audio, video }, ack) => {
      const view = await authorizeLean(interviewId, user.id, 'media.join');
      const publishes = can(view.actor, 'media.publish', view.interview);
      // No awaits from here to the broadcast: two people joining at once must each
      // either be in the other's ack or get the other's peer-joined, never neither.
      const call = this.calls.get(interviewId) ?? new Map<string, MediaPeer>();
      if (!call.has(socket.id) && call.size >= MAX_CALL_PEERS) {
        throw new EventRejected(`The call is full: peer-to-peer video takes up to ${MAX_CALL_PEERS} people. You can still use the board and the timer.`);
      }
      const peer: MediaPeer = {
        socketId: socket.id, userId: user.id, name: displayName(user), role: view.actor.role!,
        publishes, audio: publishes && audio, video: publishes && video,
      };
      const others = [...call.values()].filter((p) => p.socketId !== socket.id);
      call.set(socket.id, peer);
      this.calls.set(interviewId, call);
      void socket.join(callOf(interviewId));
      socket.to(callOf(interviewId)).emit(MediaServerEvent.PeerJoined, { interviewId, peer });
      ack({ self: socket.id, peers: others, iceServers: getEnv().ICE_SERVERS, canPublish: publishes });
    });

    // Relays from one socket leave in the order they came: the membership check
    // is async, and an ICE candidate overtaking its offer is lost at the far end.
    let relays: Promise<unknown> = Promise.resolve();
    let pending = 0;
    handle(socket, MediaClientEvent.Signal, async ({ interviewId, to, description, candidate }, ack) => {
      if (pending >= MAX_PENDING_SIGNALS) {
        throw new EventRejected(`Too many call signals at once (more than ${MAX_PENDING_SIGNALS} waiting); this one was dropped.`);
      }
      pending++;
      const relay = relays.then(async () => {
        const call = this.calls.get(interviewId);
        if (!call?.has(socket.id)) return fail(ack, 'forbidden', 'Join the call before signalling.');
        if (!call.has(to)) return fail(ack, 'not_found', 'That person has left the call.');
        // Roles and membership can change mid-call; a removed participant stops reaching anyone at once.
        await authorizeLean(interviewId, user.id, 'media.join');
        const payload: MediaSignalRelay = { interviewId, from: socket.id, ...(description && { description }), ...(candidate !== undefined && { candidate }) };
        this.io.to(to).emit(MediaServerEvent.Signal, payload);
        ack({ ok: true });
      });
      relays = relay.catch(() => {}).finally(() => pending--);
      return relay;
    });

    handle(socket, MediaClientEvent.State, async ({ interviewId, audio, video }, ack) => {
      const peer = this.calls.get(interviewId)?.get(socket.id);
      if (!peer) return fail(ack, 'forbidden', 'Join the call first.');
      peer.audio = peer.publishes && audio;
      peer.video = peer.publishes && video;
      const relay: MediaStateRelay = { interviewId, socketId: socket.id, audio: peer.audio, video: peer.video };
      socket.to(callOf(interviewId)).emit(MediaServerEvent.State, relay);
      ack({ ok: true });
    });

    handle(socket, MediaClientEvent.Leave, async ({ interviewId }, ack) => {
      this.leave(socket, interviewId);
      ack({ ok: true });
    });

    socket.on('disconnecting', () => {
      for (const room of socket.rooms) if (room.startsWith('call:')) this.leave(socket, room.slice('call:'.length));
    });
  }

  private leave(socket: IoSocket, interviewId: string): void {
    const call = this.calls.get(interviewId);
    if (!call?.delete(socket.id)) return;
    if (!call.size) this.calls.delete(interviewId);
    void socket.leave(callOf(interviewId));
    socket.to(callOf(interviewId)).emit(MediaServerEvent.PeerLeft, { interviewId, socketId: socket.id });
  }
}
