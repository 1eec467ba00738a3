/**
 * The peer-to-peer call's signalling protocol over socket.io: event names,
 * payload schemas and shapes, shared by client and server. The server only
 * relays between sockets that are in the same interview's call, and checks
 * membership on every signal; media itself never touches the server.
 */
import { z } from 'zod';
import type { Role } from '../interviews/roles';
import { interviewIdSchema } from '../validation/text';

/** A mesh grows as n²; past four people a call needs an SFU (LiveKit). */
export const MAX_CALL_PEERS = 4;

/**
 * Signals one socket may have waiting for relay. A real client trickles a few dozen ICE candidates
 * per peer; more than this at once is a runaway or hostile client, and each queued signal costs a
 * membership query.
 */
export const MAX_PENDING_SIGNALS = 200;

export const MediaClientEvent = {
  /** Enter the call; acked with who is already in it and the ICE servers. */
  Join: 'media:join',
  Leave: 'media:leave',
  /** An SDP description or ICE candidate for one other socket in the call. */
  Signal: 'media:signal',
  /** My mic and camera are on or off. */
  State: 'media:state',
} as const;

export const MediaServerEvent = {
  PeerJoined: 'media:peer-joined',
  PeerLeft: 'media:peer-left',
  Signal: 'media:signal',
  State: 'media:state',
} as const;

const interviewId = interviewIdSchema;
const socketId = z.string().min(1).max(64);
const mediaState = { audio: z.boolean(), video: z.boolean() };

export const mediaJoinSchema = z.strictObject({ interviewId, ...mediaState });
export const mediaLeaveSchema = z.strictObject({ interviewId });
export const mediaStateSchema = z.strictObject({ interviewId, ...mediaState });

// SDP for a few audio/video m-lines is a few KB; the cap keeps a hostile client from relaying megabytes.
export const mediaSignalSchema = z
  .strictObject({
    interviewId,
    to: socketId,
    description: z.strictObject({ type: z.enum(['offer', 'answer', 'pranswer', 'rollback']), sdp: z.string().max(64_000).optional() }).optional(),
    candidate: z
      .strictObject({
        candidate: z.string().max(2_000),
        sdpMid: z.string().max(64).nullable().optional(),
        sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
        usernameFragment: z.string().max(256).nullable().optional(),
      })
      .nullable()
      .optional(),
  })
  .refine((s) => (s.description === undefined) !== (s.candidate === undefined), { message: 'send either a description or a candidate' });
export type MediaSignal = z.infer<typeof mediaSignalSchema>;

export interface MediaPeer {
  socketId: string;
  userId: string;
  name: string;
  role: Role;
  /** Observers receive the call but do not send media. */
  publishes: boolean;
  audio: boolean;
  video: boolean;
}

export interface MediaJoinAck {
  self: string;
  peers: MediaPeer[];
  iceServers: { urls: string | string[]; username?: string; credential?: string }[];
  canPublish: boolean;
}

export interface MediaSignalRelay {
  interviewId: string;
  from: string;
  description?: MediaSignal['description'];
  candidate?: MediaSignal['candidate'];
}

export interface MediaStateRelay {
  interviewId: string;
  socketId: string;
  audio: boolean;
  video: boolean;
}

export interface MediaPeerLeft {
  interviewId: string;
  socketId: string;
}
