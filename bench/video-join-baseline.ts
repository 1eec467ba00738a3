/**
 * The video-join bench's baseline page (browser code, bundled by esbuild at
 * bench start): the least a page can do to show the interviewer's video. It
 * opens the camera, connects socket.io to the app's server, enters the same
 * interview's call with the same signalling events as the app
 * (lib/realtime/media.ts), and runs one RTCPeerConnection with the same
 * "impolite side offers" rule as the app's mesh (call/peer-mesh.ts), so the
 * app's interviewer can answer it. No React, no board, no lobby.
 *
 * Event names are written out rather than imported: lib/realtime/media.ts
 * builds zod schemas at load, which would make this page heavier than the
 * minimum it stands for.
 */
import { io } from 'socket.io-client';

interface Signal {
  from: string;
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit | null;
}
interface JoinAck {
  self: string;
  peers: { socketId: string }[];
  iceServers: RTCIceServer[];
}

const interviewId = new URLSearchParams(location.search).get('interview')!;
const remoteVideo = document.getElementById('remote') as HTMLVideoElement;
// Asked for at once, like the app's lobby does.
const camera = navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 640 }, height: { ideal: 360 } } });
const socket = io({ path: '/socket.io/', transports: ['websocket'] });

let pc: RTCPeerConnection | null = null;
let peerId = '';
const waiting: Signal[] = [];
let inbox = Promise.resolve();

function send(body: { description?: RTCSessionDescriptionInit; candidate?: RTCIceCandidateInit | null }) {
  socket.emit('media:signal', { interviewId, to: peerId, ...body });
}

async function onSignal({ description, candidate }: Signal, stream: MediaStream) {
  if (!pc) return;
  if (description) {
    await pc.setRemoteDescription(description);
    if (description.type === 'offer') {
      // Answer on the offered transceivers with our own tracks, as the app's polite side does.
      for (const t of pc.getTransceivers()) {
        const track = stream.getTracks().find((x) => x.kind === t.receiver.track.kind);
        if (track && !t.sender.track) {
          await t.sender.replaceTrack(track);
          t.direction = 'sendrecv';
        }
      }
      await pc.setLocalDescription();
      send({ description: pc.localDescription!.toJSON() });
    }
  } else if (candidate !== undefined) {
    await pc.addIceCandidate(candidate ?? undefined);
  }
}

socket.on('media:signal', (signal: Signal) => {
  if (!pc) return void waiting.push(signal);
  void camera.then((stream) => (inbox = inbox.then(() => onSignal(signal, stream)).catch((e: unknown) => console.error('baseline signal', e))));
});

socket.on('connect', async () => {
  const stream = await camera;
  const ack = (await socket.emitWithAck('media:join', { interviewId, audio: true, video: true })) as JoinAck | { error: { message: string } };
  if ('error' in ack) throw new Error(ack.error.message);
  const peer = ack.peers[0];
  if (!peer) throw new Error('baseline: the interviewer is not in the call');
  peerId = peer.socketId;
  pc = new RTCPeerConnection({ iceServers: ack.iceServers });
  const remote = new MediaStream();
  remoteVideo.srcObject = remote;
  pc.ontrack = ({ track }) => remote.addTrack(track);
  pc.onicecandidate = ({ candidate }) => send({ candidate: candidate && candidate.toJSON() });
  if (ack.self < peer.socketId) {
    // Impolite: we offer, with our tracks.
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    await pc.setLocalDescription();
    send({ description: pc.localDescription!.toJSON() });
  }
  for (const signal of waiting.splice(0)) inbox = inbox.then(() => onSignal(signal, stream));
});
