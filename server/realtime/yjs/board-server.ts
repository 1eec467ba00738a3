/**
 * The Yjs side of the room: authorizes each socket against the policy, keeps
 * one Room per interview (loaded once, before the first sync), and speaks the
 * y-websocket protocol. Observers and ended interviews are read-only: their
 * document updates are dropped, but they still receive everything.
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
import { NotFoundError } from '../../http/errors';
import { can } from '../../interviews/policy';
import { loadForActor } from '../../interviews/service';
import { log } from '../../log';
import { eventBus } from '../../events/bus';
import { AwarenessRejected, filterAwarenessUpdate } from './awareness-guard';
import { BoardWriter, closeLogPool } from './persistence';
import { MESSAGE_AWARENESS, MESSAGE_SYNC, Room, send, type Connection } from './room';

const IDLE_ROOM_MS = 30_000;
const PING_MS = 30_000;

export class BoardServer {
  private readonly rooms = new Map<string, Promise<Room>>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly writer = new BoardWriter({
    onFlushed: (interviewId, rows, lastId) => void this.rooms.get(interviewId)?.then((room) => room.noteFlushed(rows, lastId)),
  });
  /** Counters for tests and benchmarks. */
  readonly stats = { droppedReadOnlyUpdates: 0, rejectedMessages: 0 };

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
    // Messages can arrive while we authorize and load; hold them until the room is ready.
    const early: Uint8Array[] = [];
    const hold = (data: Buffer) => early.push(new Uint8Array(data));
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

    const conn: Connection = { ws, userId: user.id, role, name: displayName(user), canWrite, awarenessIds: new Set() };
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
    try {
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) {
        const syncType = decoding.readVarUint(decoder);
        if (syncType !== syncProtocol.messageYjsSyncStep1 && !conn.canWrite) {
          this.stats.droppedReadOnlyUpdates += 1;
          return;
        }
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        if (syncType === syncProtocol.messageYjsSyncStep1) syncProtocol.readSyncStep1(decoder, encoder, room.doc);
        else if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
          // Applied directly, not via y-protocols' readSyncStep2/readUpdate: those catch and
          // merely log a malformed update, which would leave a broken client connected.
          Y.applyUpdate(room.doc, decoding.readVarUint8Array(decoder), conn.ws);
        } else throw new Error(`unknown sync message type ${syncType}`);
        if (encoding.length(encoder) > 1) send(conn.ws, encoding.toUint8Array(encoder));
      } else if (type === MESSAGE_AWARENESS) {
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
      conn.ws.close(CloseCode.BadRequest, reason.slice(0, 120));
    }
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
