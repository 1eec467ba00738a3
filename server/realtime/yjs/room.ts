/**
 * One live board: its Y.Doc (loaded fully from Postgres before anyone syncs),
 * its awareness, and the sockets attached to it. Document updates fan out to
 * every socket and into the batched log; compaction runs after flushes.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { log } from '../../log';
import { AwarenessOwners } from './awareness-guard';
import { REMEASURE_EVERY_BYTES, type ConnectionLimits } from './limits';
import { BoardWriter, loadBoard, SNAPSHOT_EVERY_ROWS, writeSnapshot } from './persistence';
import type { Role } from '../../../lib/interviews/roles';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;

export interface Connection {
  ws: WebSocket;
  userId: string;
  role: Role;
  /** Shown on the board for this connection, from the session (the client's claim is overwritten). */
  name: string;
  canWrite: boolean;
  /** Awareness client ids this socket controls, removed when it leaves. */
  awarenessIds: Set<number>;
  limits: ConnectionLimits;
  /** Set once the socket was refused: whatever it still sends is ignored. */
  refused: boolean;
}

export class Room {
  readonly conns = new Map<WebSocket, Connection>();
  /** Which user introduced each awareness client id, for the room's life (see awareness-guard). */
  readonly awarenessOwners = new AwarenessOwners();
  readonly awareness: awarenessProtocol.Awareness;
  private rowsSinceSnapshot: number;
  private compacting = false;
  /**
   * The encoded full state, kept until the doc changes: every joiner (and
   * every reconnect) asks for it, and re-encoding a large board per request
   * would stall the event loop that every other room shares.
   */
  private fullStateAnswer: Uint8Array | null = null;
  /** Encoded size at the last measure, plus update bytes applied since: an upper bound. */
  private measuredBytes = 0;
  private growthBytes = 0;

  constructor(
    readonly interviewId: string,
    readonly doc: Y.Doc,
    rowsSinceSnapshot: number,
    private readonly writer: BoardWriter,
  ) {
    this.rowsSinceSnapshot = rowsSinceSnapshot;
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null); // the server itself has no presence

    this.measure();
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.fullStateAnswer = null;
      const author = this.conns.get(origin as WebSocket);
      this.writer.enqueue(interviewId, update, author?.userId ?? null);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this.broadcast(encoding.toUint8Array(encoder));
    });

    this.awareness.on('update', ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>, origin: unknown) => {
      const conn = this.conns.get(origin as WebSocket);
      if (conn) {
        for (const id of added) conn.awarenessIds.add(id);
        for (const id of removed) conn.awarenessIds.delete(id);
      }
      const changed = [...added, ...updated, ...removed];
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
      this.broadcast(encoding.toUint8Array(encoder));
    });
  }

  static async load(interviewId: string, writer: BoardWriter): Promise<Room> {
    const { doc, rowsSinceSnapshot } = await loadBoard(interviewId);
    return new Room(interviewId, doc, rowsSinceSnapshot, writer);
  }

  /**
   * The sync step 2 message answering a sync request with this state vector:
   * the updates it lacks. The full-state answer is kept whole, so repeated
   * joins cost one buffer handed to the socket, not an encode and two copies.
   */
  syncAnswer(stateVector: Uint8Array): Uint8Array {
    // An empty state vector encodes as the single byte 0: a joiner with nothing yet.
    if (stateVector.length === 1 && stateVector[0] === 0) return (this.fullStateAnswer ??= syncStep2Message(Y.encodeStateAsUpdate(this.doc)));
    return syncStep2Message(Y.encodeStateAsUpdate(this.doc, stateVector));
  }

  /** Upper bound of the encoded state's size, without encoding it (see limits). */
  get sizeBound(): number {
    return this.measuredBytes + this.growthBytes;
  }

  /** Applies a client's update and keeps the size bound (re-measuring now and then). */
  applyClientUpdate(update: Uint8Array, origin: WebSocket): void {
    Y.applyUpdate(this.doc, update, origin);
    // Updates that only joined the pending state fire no 'update' event, yet change the encoding.
    this.fullStateAnswer = null;
    this.growthBytes += update.byteLength;
    if (this.growthBytes >= REMEASURE_EVERY_BYTES) this.measure();
  }

  /** Called after the doc's pending state was dropped: the cached encoding held it. */
  forgetEncodedState(): void {
    this.fullStateAnswer = null;
  }

  private measure(): void {
    const state = Y.encodeStateAsUpdate(this.doc);
    this.fullStateAnswer = syncStep2Message(state);
    this.measuredBytes = state.byteLength;
    this.growthBytes = 0;
  }

  broadcast(message: Uint8Array): void {
    for (const conn of this.conns.values()) send(conn.ws, message);
  }

  remove(ws: WebSocket): void {
    const conn = this.conns.get(ws);
    if (!conn) return;
    this.conns.delete(ws);
    awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null);
  }

  /** Called after the writer persisted rows for this room. */
  noteFlushed(rows: number, lastId: bigint): void {
    this.rowsSinceSnapshot += rows;
    if (this.rowsSinceSnapshot < SNAPSHOT_EVERY_ROWS || this.compacting) return;
    this.compacting = true;
    const covered = this.rowsSinceSnapshot;
    writeSnapshot(this.interviewId, this.doc, lastId)
      .then(() => (this.rowsSinceSnapshot -= covered))
      .catch((error: unknown) => log.error(`board snapshot for ${this.interviewId} failed (will retry after the next flush)`, error))
      .finally(() => (this.compacting = false));
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }
}

function syncStep2Message(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function send(ws: WebSocket, message: Uint8Array): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(message, (error) => {
    if (error) ws.terminate();
  });
}
