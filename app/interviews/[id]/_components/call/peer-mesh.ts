/**
 * A full mesh of RTCPeerConnections, one per other person in the call, using
 * the perfect-negotiation pattern (MDN / W3C webrtc-pc §10.7): either side may
 * renegotiate at any time, and an offer collision is resolved by the "polite"
 * peer (the one with the larger socket id) rolling back.
 *
 * To keep collisions rare in the first place, only the impolite peer opens a
 * connection: it offers both kinds, and the polite peer attaches its tracks to
 * the offered transceivers before answering. One round trip, no glare. (A
 * test caught simultaneous first offers leaving connections stuck at "new".)
 * Signalling goes over the room's socket.io connection; the server only relays.
 */
import { isEventError, type ServerToClientEvents } from '@/lib/realtime/events';
import { MediaClientEvent, MediaServerEvent, type MediaPeer, type MediaSignal, type MediaSignalRelay } from '@/lib/realtime/media';
import { within, type RoomSocket } from '../room/room-connection';

/** The candidate as signalled: the same fields as its toJSON(), with the candidate line always present. */
function iceCandidateInit(c: RTCIceCandidate): NonNullable<MediaSignal['candidate']> {
  return { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex, usernameFragment: c.usernameFragment };
}

export interface RemotePeer {
  info: MediaPeer;
  stream: MediaStream;
  connection: RTCPeerConnectionState;
}

interface Entry extends RemotePeer {
  pc: RTCPeerConnection;
  polite: boolean;
  makingOffer: boolean;
  ignoreOffer: boolean;
  settingRemoteAnswer: boolean;
}


export class PeerMesh {
  private readonly peers = new Map<string, Entry>();
  private self = '';
  private iceServers: RTCIceServer[] = [];
  private local: MediaStream | null = null;
  private readonly off: (() => void)[] = [];
  /**
   * Signals are applied strictly one after another: a candidate that arrives
   * while its offer is still being applied would otherwise meet a null remote
   * description and be lost, leaving the connection stuck at "new".
   */
  private inbox: Promise<void> = Promise.resolve();
  /** Signals that beat their sender's peer-joined here; replayed when it arrives. */
  private readonly early = new Map<string, MediaSignalRelay[]>();

  constructor(
    private readonly socket: RoomSocket,
    private readonly interviewId: string,
    private readonly onChange: () => void,
  ) {
    const mine = (payload: { interviewId: string }) => payload.interviewId === this.interviewId;
    const peerJoined: ServerToClientEvents[typeof MediaServerEvent.PeerJoined] = (p) => void (mine(p) && this.connect(p.peer));
    const peerLeft: ServerToClientEvents[typeof MediaServerEvent.PeerLeft] = (p) => void (mine(p) && this.drop(p.socketId));
    const signal: ServerToClientEvents[typeof MediaServerEvent.Signal] = (p) => void (mine(p) && this.receive(p));
    const state: ServerToClientEvents[typeof MediaServerEvent.State] = ({ interviewId, socketId, audio, video }) => {
      const entry = this.peers.get(socketId);
      if (interviewId !== this.interviewId || !entry) return;
      entry.info = { ...entry.info, audio, video };
      this.onChange();
    };
    socket.on(MediaServerEvent.PeerJoined, peerJoined);
    socket.on(MediaServerEvent.PeerLeft, peerLeft);
    socket.on(MediaServerEvent.Signal, signal);
    socket.on(MediaServerEvent.State, state);
    this.off.push(
      () => socket.off(MediaServerEvent.PeerJoined, peerJoined),
      () => socket.off(MediaServerEvent.PeerLeft, peerLeft),
      () => socket.off(MediaServerEvent.Signal, signal),
      () => socket.off(MediaServerEvent.State, state),
    );
  }

  get remotes(): RemotePeer[] {
    return [...this.peers.values()].map(({ info, stream, connection }) => ({ info, stream, connection }));
  }

  /** Enters the call; resolves with an error message, or null once joined. */
  async join(local: MediaStream | null, state: { audio: boolean; video: boolean }): Promise<string | null> {
    this.local = local;
    const reply = await within(this.socket.emitWithAck(MediaClientEvent.Join, { interviewId: this.interviewId, ...state }), 10_000, MediaClientEvent.Join);
    if (isEventError(reply)) return reply.error.message;
    this.self = reply.self;
    this.iceServers = reply.iceServers;
    for (const peer of reply.peers) this.connect(peer);
    return null;
  }

  sendState(state: { audio: boolean; video: boolean }): void {
    this.socket.emit(MediaClientEvent.State, { interviewId: this.interviewId, ...state });
  }

  /** Swaps a device's track into every connection without renegotiating. */
  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack): Promise<void> {
    await Promise.all(
      [...this.peers.values()].flatMap(({ pc }) => pc.getSenders().filter((s) => s.track?.kind === kind).map((s) => s.replaceTrack(track))),
    );
  }

  close(): void {
    this.off.forEach((fn) => fn());
    for (const id of [...this.peers.keys()]) this.drop(id);
    if (this.socket.connected) this.socket.emit(MediaClientEvent.Leave, { interviewId: this.interviewId });
  }

  private signal(to: string, body: Pick<MediaSignal, 'description' | 'candidate'>) {
    this.socket.emit(MediaClientEvent.Signal, { interviewId: this.interviewId, to, ...body });
  }

  private connect(info: MediaPeer): void {
    this.drop(info.socketId);
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    const entry: Entry = {
      info, pc, stream: new MediaStream(), connection: pc.connectionState,
      polite: this.self > info.socketId, makingOffer: false, ignoreOffer: false, settingRemoteAnswer: false,
    };
    this.peers.set(info.socketId, entry);

    if (!entry.polite) {
      const tracks = this.local?.getTracks() ?? [];
      for (const track of tracks) pc.addTrack(track, this.local!);
      // Receive both kinds even when we send none (observers, or a camera-less laptop).
      for (const kind of ['audio', 'video'] as const) if (!tracks.some((t) => t.kind === kind)) pc.addTransceiver(kind, { direction: 'recvonly' });
    }

    pc.ontrack = ({ track }) => {
      entry.stream.addTrack(track);
      track.onended = () => entry.stream.removeTrack(track);
      this.onChange();
    };
    pc.onicecandidate = ({ candidate }) => this.signal(info.socketId, { candidate: candidate && iceCandidateInit(candidate) });
    pc.onnegotiationneeded = async () => {
      try {
        entry.makingOffer = true;
        await pc.setLocalDescription();
        this.signal(info.socketId, { description: pc.localDescription!.toJSON() });
      } catch (error) {
        console.warn('call: negotiation failed', error);
      } finally {
        entry.makingOffer = false;
      }
    };
    const early = this.early.get(info.socketId) ?? [];
    this.early.delete(info.socketId);
    for (const signal of early) this.receive(signal);
    pc.onconnectionstatechange = () => {
      entry.connection = pc.connectionState;
      // A network change can kill the ICE path while signalling survives; new candidates bring it back.
      if (pc.connectionState === 'failed') pc.restartIce();
      this.onChange();
    };
    this.onChange();
  }

  private receive(signal: MediaSignalRelay): void {
    this.inbox = this.inbox.then(() => this.onSignal(signal)).catch((e: unknown) => console.warn('call: signal failed', e));
  }

  private async onSignal(signal: MediaSignalRelay): Promise<void> {
    const { from, description, candidate } = signal;
    const entry = this.peers.get(from);
    if (!entry) {
      const queued = this.early.get(from) ?? [];
      if (queued.length < 50) queued.push(signal);
      this.early.set(from, queued);
      setTimeout(() => this.early.delete(from), 10_000);
      return;
    }
    const { pc } = entry;
    if (description) {
      const readyForOffer = !entry.makingOffer && (pc.signalingState === 'stable' || entry.settingRemoteAnswer);
      const collision = description.type === 'offer' && !readyForOffer;
      entry.ignoreOffer = !entry.polite && collision;
      if (entry.ignoreOffer) return;
      entry.settingRemoteAnswer = description.type === 'answer';
      await pc.setRemoteDescription(description as RTCSessionDescriptionInit);
      entry.settingRemoteAnswer = false;
      if (description.type === 'offer') {
        await this.attachLocal(pc);
        await pc.setLocalDescription();
        this.signal(from, { description: pc.localDescription!.toJSON() });
      }
    } else if (candidate !== undefined) {
      try {
        await pc.addIceCandidate(candidate ?? undefined);
      } catch (error) {
        // Candidates for an offer we ignored are expected to fail.
        if (!entry.ignoreOffer) throw error;
      }
    }
  }

  /** The polite side's tracks ride on the transceivers the offer created; JSEP then answers sendonly to an observer's recvonly. */
  private async attachLocal(pc: RTCPeerConnection): Promise<void> {
    for (const transceiver of pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind;
      const track = this.local?.getTracks().find((t) => t.kind === kind);
      if (!track || transceiver.sender.track || transceiver.currentDirection === 'stopped') continue;
      await transceiver.sender.replaceTrack(track);
      transceiver.direction = 'sendrecv';
    }
  }

  private drop(socketId: string): void {
    const entry = this.peers.get(socketId);
    if (!entry) return;
    entry.pc.close();
    entry.stream.getTracks().forEach((t) => entry.stream.removeTrack(t));
    this.peers.delete(socketId);
    this.onChange();
  }
}
