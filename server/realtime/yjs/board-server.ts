/**
 * The Yjs side of the room: authorizes each socket against the policy, keeps
 * one Room per interview (loaded once, before the first sync), and speaks the
 * y-websocket protocol. Observers and ended interviews are read-only: their
 * document updates are dropped, but they still receive everything.
 *
 * Every socket is held to the limits in ./limits (unless BOARD_LIMITS=off, for
 * benchmarks): past one, the socket is closed with a named close code, the
 * refusal is logged once and counted in `stats`, and the room carries on.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { displayName } from '../../../lib/auth/display-name';
import { CloseCode } from '../../../lib/realtime/close-codes';
import type { SessionUser } from '../../auth/session';
import { getEnv } from '../../env';
import { NotFoundError } from '../../http/errors';
import { can } from '../../interviews/policy';
import { loadForActor } from '../../interviews/service';
import { log } from '../../log';
import { eventBus } from '../../events/bus';
import { AwarenessRejected, filterAwarenessUpdate } from './awareness-guard';
import { ConnectionLimits, dropPending, PENALTY_MS, RefusalPenalties, MAX_BOARD_BYTES, MAX_BOARD_CLIENTS, MAX_EARLY_BYTES, MAX_PENDING_BYTES, newClientIds, pendingBytes, type Refusal } from './limits';
import { BoardWriter, closeLogPool } from './persistence';
import { MESSAGE_AWARENESS, MESSAGE_SYNC, Room, send, type Connection } from './room';

const IDLE_ROOM_MS = 30_000;
const PING_MS = 30_000;
/** A refused socket is cut off this long after our close frame (its reply is never read). */
const REFUSED_GRACE_MS = 1_000;

export class BoardServer {
  private readonly rooms = new Map<string, Promise<Room>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly writer = new BoardWriter({
    onFlushed: (interviewId, rows, lastId) => void this.rooms.get(interviewId)?.then((room) => room.noteFlushed(rows, lastId)),
  });
  /** Counters for tests and benchmarks. */
  readonly stats = { droppedReadOnlyUpdates: 0, rejectedMessages: 0, boardTooLarge: 0, rateLimited: 0, unresolvedUpdates: 0, penalized: 0 };
  private readonly limitsOn = getEnv().BOARD_LIMITS === 'on';
  private readonly penalties = new RefusalPenalties();

  constructor() {
    // An ended interview's board freezes for everyone already connected, too.
    eventBus().subscribe('interview-ended', ({ interviewId }) => {
      void this.rooms.get(interviewId)?.then((room) => {
        for (const conn of room.conns.values()) conn.canWrite = false;
      });
    });
  }

  /** The document channel handed to the upgrade dispatcher. */
  readonly channel = async (ws: WebSocket, user: SessionUser, interviewId: string): Promise<void> => {
    if (this.limitsOn && this.penalties.blocked(user.id)) {
      // Not logged per socket: the penalty's start was, and a reconnect loop would flood the log.
      this.stats.penalized += 1;
      this.closeRefused(ws, CloseCode.RateLimited, 'too many refused board connections; try again in a minute');
      return;
    }
    // Messages can arrive while we authorize and load; hold them until the room is ready.
    const early: Uint8Array[] = [];
    let earlyBytes = 0;
    const hold = (data: Buffer) => {
      if (this.limitsOn && earlyBytes > MAX_EARLY_BYTES) return; // already refused
      earlyBytes += data.byteLength;
      if (this.limitsOn && earlyBytes > MAX_EARLY_BYTES) {
        early.length = 0;
        this.stats.rateLimited += 1;
        log.warn(`board ${interviewId}: closing socket of ${user.id}: too much sent before the board was ready`);
        this.notePenalty(user.id);
        this.closeRefused(ws, CloseCode.RateLimited, 'too much sent before the board was ready');
        return;
      }
      early.push(new Uint8Array(data));
    };
    ws.on('message', hold);

    let role: Connection['role'];
    let canWrite: boolean;
    try {
      const view = await loadForActor(interviewId, user.id);
      if (!view.actor.role || !can(view.actor, 'board.read', view.interview)) {
        ws.close(CloseCode.Forbidden, 'not a participant');
        return;
      }
      role = view.actor.role;
      canWrite = can(view.actor, 'board.write', view.interview);
    } catch (error) {
      if (error instanceof NotFoundError) ws.close(CloseCode.NotFound, 'no such interview');
      else {
        log.error(`board auth for ${interviewId} failed`, error);
        ws.close(CloseCode.TryAgainLater, 'temporarily unavailable');
      }
      return;
    }

    let room: Room;
    try {
      room = await this.room(interviewId);
    } catch (error) {
      log.error(`loading board ${interviewId} failed`, error);
      ws.close(CloseCode.TryAgainLater, 'board could not be loaded');
      return;
    }
    if (ws.readyState !== ws.OPEN) return;

    const conn: Connection = { ws, userId: user.id, role, name: displayName(user), canWrite, awarenessIds: new Set(), limits: new ConnectionLimits(), refused: false };
    room.conns.set(ws, conn);
    clearTimeout(this.idleTimers.get(interviewId));
    ws.off('message', hold);
    ws.on('message', (data: Buffer) => this.onMessage(room, conn, new Uint8Array(data)));
    ws.on('close', () => this.leave(room, ws));

    let alive = true;
    ws.on('pong', () => (alive = true));
    const ping = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, PING_MS);
    ws.once('close', () => clearInterval(ping));

    // Sync step 1 from the server, then the current presence.
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, room.doc);
    send(ws, encoding.toUint8Array(encoder));
    const states = [...room.awareness.getStates().keys()];
    if (states.length) {
      const aw = encoding.createEncoder();
      encoding.writeVarUint(aw, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(aw, awarenessProtocol.encodeAwarenessUpdate(room.awareness, states));
      send(ws, encoding.toUint8Array(aw));
    }
    for (const message of early) this.onMessage(room, conn, message);
  };

  private room(interviewId: string): Promise<Room> {
    let room = this.rooms.get(interviewId);
    if (!room) {
      room = Room.load(interviewId, this.writer);
      this.rooms.set(interviewId, room);
      room.catch(() => this.rooms.delete(interviewId));
    }
    return room;
  }

  private onMessage(room: Room, conn: Connection, message: Uint8Array): void {
    if (conn.refused) return;
    try {
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) {
        const syncType = decoding.readVarUint(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) return this.onSyncRequest(room, conn, decoding.readVarUint8Array(decoder));
        // Charged before the read-only check: an observer's dropped updates still cost us their bytes.
        const overBudget = this.limitsOn ? conn.limits.update(message.byteLength) : null;
        if (overBudget) return this.refuse(room, conn, overBudget);
        if (!conn.canWrite) {
          this.stats.droppedReadOnlyUpdates += 1;
          return;
        }
        if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) throw new Error(`unknown sync message type ${syncType}`);
        // Applied directly, not via y-protocols' readSyncStep2/readUpdate: those catch and
        // merely log a malformed update, which would leave a broken client connected.
        this.onUpdate(room, conn, decoding.readVarUint8Array(decoder));
      } else if (type === MESSAGE_AWARENESS) {
        const overBudget = this.limitsOn ? conn.limits.awareness(message.byteLength) : null;
        if (overBudget) return this.refuse(room, conn, overBudget);
        const update = filterAwarenessUpdate(decoding.readVarUint8Array(decoder), conn.ws, { id: conn.userId, role: conn.role, name: conn.name }, room.awarenessOwners);
        if (update) awarenessProtocol.applyAwarenessUpdate(room.awareness, update, conn.ws);
      } else {
        throw new Error(`unknown message type ${type}`);
      }
    } catch (error) {
      // A malformed or forbidden message ends that socket only; the room and server carry on.
      this.stats.rejectedMessages += 1;
      const reason = error instanceof AwarenessRejected ? error.message : `malformed message: ${(error as Error).message}`;
      log.warn(`board ${room.interviewId}: closing socket of ${conn.userId}: ${reason}`);
      conn.refused = true;
      conn.ws.close(CloseCode.BadRequest, reason.slice(0, 120));
    }
  }

  /** Sync step 1: answered with what the requester lacks, at most once per interval. */
  private onSyncRequest(room: Room, conn: Connection, stateVector: Uint8Array): void {
    const overBudget = this.limitsOn ? conn.limits.syncRequest(stateVector.byteLength) : null;
    if (overBudget) return this.refuse(room, conn, overBudget);
    send(conn.ws, room.syncAnswer(stateVector));
  }

  private onUpdate(room: Room, conn: Connection, update: Uint8Array): void {
    if (this.limitsOn && room.sizeBound + update.byteLength > MAX_BOARD_BYTES) {
      // Refused before applying: not in the doc, not in the log, not relayed.
      return this.refuse(room, conn, { kind: 'BoardTooLarge', reason: `the board is at its size cap (${MAX_BOARD_BYTES} bytes)` });
    }
    if (this.limitsOn) {
      const added = newClientIds(room.doc, update);
      if (added > 0 && room.doc.store.clients.size + added > MAX_BOARD_CLIENTS) {
        return this.refuse(room, conn, { kind: 'BoardTooLarge', reason: `too many writers on this board (at most ${MAX_BOARD_CLIENTS} client ids)` });
      }
    }
    room.applyClientUpdate(update, conn.ws);
    if (this.limitsOn && pendingBytes(room.doc) > MAX_PENDING_BYTES) {
      // Pending structs are never stored or relayed, but they sit in memory and
      // every joiner's first sync would carry them.
      dropPending(room.doc);
      room.forgetEncodedState();
      this.refuse(room, conn, { kind: 'UnresolvedUpdates', reason: 'too many updates with missing dependencies' });
    }
  }

  private refuse(room: Room, conn: Connection, { kind, reason }: Refusal): void {
    conn.refused = true;
    if (kind === 'BoardTooLarge') this.stats.boardTooLarge += 1;
    else if (kind === 'RateLimited') this.stats.rateLimited += 1;
    else this.stats.unresolvedUpdates += 1;
    log.warn(`board ${room.interviewId}: closing socket of ${conn.userId} (${kind}): ${reason}`);
    this.closeRefused(conn.ws, CloseCode[kind], reason);
    this.notePenalty(conn.userId);
  }

  private notePenalty(userId: string): void {
    if (this.penalties.note(userId)) log.warn(`board: ${userId} was refused repeatedly; their board sockets are refused for ${PENALTY_MS / 1000} s`);
  }

  private closeRefused(ws: WebSocket, code: CloseCode, reason: string): void {
    ws.close(code, reason.slice(0, 120));
    // Stop reading: whatever a refused peer still sends (megabyte frames, as
    // often as not) stays in the kernel instead of being parsed and unmasked.
    // The peer still gets the close frame, so it learns the code.
    ws.pause();
    setTimeout(() => ws.terminate(), REFUSED_GRACE_MS).unref();
  }

  private leave(room: Room, ws: WebSocket): void {
    room.remove(ws);
    if (room.conns.size > 0) return;
    // Keep an empty room briefly so a reload does not pay for a fresh load.
    this.idleTimers.set(
      room.interviewId,
      setTimeout(() => {
        if (room.conns.size > 0) return;
        this.idleTimers.delete(room.interviewId);
        this.rooms.delete(room.interviewId);
        void this.writer.flush().finally(() => room.destroy());
      }, IDLE_ROOM_MS),
    );
  }

  /** Live figures for the metrics endpoint and benchmarks. */
  async snapshotStats() {
    const rooms = await Promise.all([...this.rooms.values()].map((r) => r.catch(() => null)));
    const live = rooms.filter((r): r is Room => r !== null);
    return {
      rooms: live.length,
      connections: live.reduce((n, r) => n + r.conns.size, 0),
      pendingUpdates: this.writer.pendingCount,
      /** Bytes of updates held for missing dependencies, over every live board. */
      pendingStructBytes: live.reduce((n, r) => n + pendingBytes(r.doc), 0),
      ...this.stats,
    };
  }

  /** For shutdown: persist everything still buffered. */
  async flush(): Promise<void> {
    await this.writer.flush();
  }

  /** For tests: the live document of a loaded room, if any. */
  async peek(interviewId: string) {
    return this.rooms.get(interviewId);
  }

  async close(): Promise<void> {
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    await this.writer.flush();
    await closeLogPool();
    for (const room of this.rooms.values()) void room.then((r) => r.destroy()).catch(() => {});
    this.rooms.clear();
  }
}
