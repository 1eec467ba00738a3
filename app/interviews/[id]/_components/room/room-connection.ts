/**
 * The one client-side owner of the room's socket.io connection: clock sync,
 * joining, presence, timer state, revealed constraint cards and the release
 * signal, plus intent methods for the UI. Interviewer-only events (notes) are
 * passed to feed subscribers; only interviewers' sockets ever receive them.
 *
 * Plain TypeScript, no React and no DOM: it is handed a socket (made by the
 * caller, with whatever reconnect policy it wants) and a card loader, so the
 * join, refusal and reconnect paths run in tests against the real server.
 */
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import { isEventError, type ClientToServerEvents, type ServerToClientEvents } from '@/lib/realtime/events';
import { ClientEvent, HandshakeError, ServerEvent, SOCKET_IO_PATH, type EventError, type PresenceEntry, type RoomJoinAck } from '@/lib/realtime/protocol';
import { clockOffset, type TimerCommand, type TimerState } from '@/lib/timer/timer';
import type { NoteView, RevealedCard } from '@/lib/rubric/evaluation';
import type { Role } from '@/lib/interviews/roles';

export type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * How the browser opens the room socket: jittered backoff so the clients of a
 * restarted server do not all return at once, and started by `start()` once
 * the connection's listeners are in place. Tests open theirs the same way.
 */
export const ROOM_SOCKET_OPTIONS = {
  path: SOCKET_IO_PATH,
  transports: ['websocket'],
  reconnectionDelay: 500,
  reconnectionDelayMax: 8000,
  randomizationFactor: 0.5,
  autoConnect: false,
} satisfies Partial<ManagerOptions & SocketOptions>;

export type Connection = 'connecting' | 'connected' | 'reconnecting' | 'refused';

export interface RoomState {
  connection: Connection;
  /** Why the server refused us, when it did. */
  refusal: string | null;
  role: Role | null;
  timer: TimerState | null;
  presence: PresenceEntry[];
  /** Add to Date.now() to read the server's clock. */
  offsetMs: number;
  /** The interviewer ended the interview while we were here. */
  endedLive: boolean;
  /** Constraint cards played so far, oldest first. */
  cards: RevealedCard[];
  /** Feedback was released while we were here. */
  releasedLive: boolean;
  /** Grows on every `recording:changed` and every (re)join: the recording status is read afresh then. */
  recordingTick: number;
  /** Round 2 of this peer session was started while we were here (its id): the room moves there. */
  nextRoundLive: string | null;
}

export const INITIAL_ROOM_STATE: RoomState = {
  connection: 'connecting', refusal: null, role: null, timer: null, presence: [], offsetMs: 0, endedLive: false, cards: [], releasedLive: false, recordingTick: 0, nextRoundLive: null,
};

/** What the room forwards to panels that subscribe (interviewer-only traffic). */
export type RoomFeed = { type: 'note-added'; note: NoteView } | { type: 'note-deleted'; noteId: string } | { type: 'rejoined' } | { type: 'connected' };

/** Reads the cards revealed so far and hands them to `merge`; called after every (re)join. */
export type CardLoader = (merge: (cards: RevealedCard[]) => void) => Promise<void>;

export const SESSION_EXPIRED = 'Your session has expired. Sign in again to rejoin.';

function mergeCards(known: RevealedCard[], incoming: RevealedCard[]): RevealedCard[] {
  const byId = new Map(known.map((c) => [c.id, c]));
  for (const card of incoming) byId.set(card.id, card);
  return [...byId.values()].sort((a, b) => a.revealedAt.localeCompare(b.revealedAt));
}

async function measureOffset(socket: RoomSocket): Promise<number> {
  // Several pings; the one with the shortest round trip has the least error.
  let best = { offset: 0, rtt: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 5; i++) {
    const sentAt = Date.now();
    const pong = await within(socket.emitWithAck(ClientEvent.ClockPing, { clientSentAt: sentAt }), 3000, ClientEvent.ClockPing);
    if (isEventError(pong)) continue;
    const sample = clockOffset(sentAt, pong.serverTime, Date.now());
    if (sample.rtt < best.rtt) best = sample;
  }
  return Number.isFinite(best.rtt) ? best.offset : 0;
}

/**
 * Waits for an ack up to `ms`. socket.io-client types `timeout().emitWithAck`
 * as any; a plain `emitWithAck` keeps the reply type from the event map.
 */
export function within<T>(reply: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  return Promise.race([reply, late]).finally(() => clearTimeout(timer));
}

export class RoomConnection {
  private current: RoomState = INITIAL_ROOM_STATE;
  private readonly watchers = new Set<(state: RoomState) => void>();
  private readonly feeds = new Set<(event: RoomFeed) => void>();

  constructor(
    readonly socket: RoomSocket,
    private readonly interviewId: string,
    private readonly loadCards: CardLoader,
  ) {
    socket.on('connect', () => void this.join());
    socket.on('disconnect', () => this.update((s) => (s.connection === 'refused' ? s : { ...s, connection: 'reconnecting' })));
    socket.on('connect_error', (error) => {
      if (error.message === HandshakeError.Unauthorized || error.message === HandshakeError.Forbidden) {
        this.update((s) => ({ ...s, connection: 'refused', refusal: SESSION_EXPIRED }));
        socket.disconnect();
      } else {
        this.update((s) => ({ ...s, connection: 'reconnecting' }));
      }
    });
    const mine = (payload: { interviewId: string }) => payload.interviewId === interviewId;
    socket.on(ServerEvent.TimerState, (payload) => mine(payload) && this.acceptTimer(payload.state));
    socket.on(ServerEvent.InterviewEnded, (payload) => mine(payload) && this.update((s) => ({ ...s, endedLive: true })));
    socket.on(ServerEvent.CardRevealed, (payload) => mine(payload) && this.addCard(payload.card));
    socket.on(ServerEvent.FeedbackReleased, (payload) => mine(payload) && this.update((s) => ({ ...s, releasedLive: true })));
    socket.on(ServerEvent.NoteAdded, (note) => mine(note) && this.publish({ type: 'note-added', note }));
    socket.on(ServerEvent.NoteDeleted, (payload) => mine(payload) && this.publish({ type: 'note-deleted', noteId: payload.noteId }));
    socket.on(ServerEvent.Presence, (payload) => mine(payload) && this.update((s) => ({ ...s, presence: payload.participants })));
    socket.on(ServerEvent.RoundSwapped, (payload) => mine(payload) && this.update((s) => ({ ...s, nextRoundLive: payload.nextInterviewId })));
    socket.on(ServerEvent.RecordingChanged, (payload) => mine(payload) && this.update((s) => ({ ...s, recordingTick: s.recordingTick + 1 })));
  }

  /** Opens the socket (when the caller made it with autoConnect off). */
  start(): this {
    if (!this.socket.connected) this.socket.connect();
    return this;
  }

  close(): void {
    this.socket.close();
    this.watchers.clear();
    this.feeds.clear();
  }

  get state(): RoomState {
    return this.current;
  }

  /** Calls `fn` on every state change; returns the unsubscribe. */
  watch(fn: (state: RoomState) => void): () => void {
    this.watchers.add(fn);
    return () => void this.watchers.delete(fn);
  }

  /** Subscribes to interviewer-only traffic and (re)connection signals; returns the unsubscribe. */
  subscribe(fn: (event: RoomFeed) => void): () => void {
    this.feeds.add(fn);
    return () => void this.feeds.delete(fn);
  }

  /** Sends a timer command; resolves with an error message, or null on success. */
  async sendTimer(command: TimerCommand): Promise<string | null> {
    if (!this.socket.connected) return 'Not connected. Wait for the connection to come back.';
    try {
      const reply = await within(this.socket.emitWithAck(ClientEvent.TimerCommand, { interviewId: this.interviewId, command }), 5000, ClientEvent.TimerCommand);
      return isEventError(reply) ? reply.error.message : null;
    } catch {
      return 'The server did not answer in time. Try again.';
    }
  }

  /** A card the interviewer just revealed, shown before its broadcast comes back. */
  addCard(card: RevealedCard): void {
    this.update((s) => ({ ...s, cards: mergeCards(s.cards, [card]) }));
  }

  private async join(): Promise<void> {
    // The call needs only the connection, not the room join: it starts at once.
    this.publish({ type: 'connected' });
    try {
      // Clock pings and the join run side by side: five round trips of pings
      // before joining would delay the board, the call and presence on slow links.
      const [offsetMs, reply] = await Promise.all([
        measureOffset(this.socket),
        within(this.socket.emitWithAck(ClientEvent.RoomJoin, { interviewId: this.interviewId }), 10_000, ClientEvent.RoomJoin),
      ]);
      if (isEventError(reply)) return this.refuse(reply);
      this.joined(reply, offsetMs);
      // Anything announced while we were away (cards, notes) is read afresh after every (re)join.
      this.publish({ type: 'rejoined' });
      await this.loadCards((cards) => this.update((s) => ({ ...s, cards: mergeCards(s.cards, cards) })));
    } catch {
      // A timed-out join: socket.io reconnects and 'connect' fires again.
      this.update((s) => ({ ...s, connection: 'reconnecting' }));
    }
  }

  private joined(reply: RoomJoinAck, offsetMs: number): void {
    // Whatever changed about recording while we were away is read afresh.
    this.update((s) => ({ ...s, connection: 'connected', refusal: null, role: reply.role, presence: reply.presence.participants, offsetMs, recordingTick: s.recordingTick + 1 }));
    this.acceptTimer(reply.timer.state);
  }

  /** A refused join is final: no reconnects, so a non-participant does not hammer the server. */
  private refuse(reply: EventError): void {
    this.update((s) => ({ ...s, connection: 'refused', refusal: reply.error.message }));
    this.socket.disconnect();
  }

  private acceptTimer(incoming: TimerState): void {
    this.update((s) => (s.timer && s.timer.seq > incoming.seq ? s : { ...s, timer: incoming }));
  }

  private update(change: (state: RoomState) => RoomState): void {
    const next = change(this.current);
    if (next === this.current) return;
    this.current = next;
    for (const fn of [...this.watchers]) fn(next);
  }

  private publish(event: RoomFeed): void {
    for (const fn of [...this.feeds]) fn(event);
  }
}
