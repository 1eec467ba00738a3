/**
 * A raw board socket for abuse tests: it speaks the y-websocket wire format by
 * hand (no provider, no retries), so a test can send exactly what an attacker
 * would, and it counts every byte the server sends back.
 */
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';

const MESSAGE_SYNC = 0;
const SYNC_STEP_1 = 0;
const SYNC_UPDATE = 2;

export interface RawBoardSocket {
  ws: WebSocket;
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  /** Bytes and messages received so far. */
  received(): { bytes: number; messages: number };
  /** Socket errors seen so far (a reset while sending to a refusing server is expected). */
  errors: Error[];
  /** Sends and resolves once the bytes left this process (or the socket closed). */
  send(message: Uint8Array): Promise<void>;
  close(): void;
}

export function rawBoardSocket(serverUrl: string, interviewId: string, cookie: string): RawBoardSocket {
  const ws = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}/ws/yjs/${interviewId}`, { headers: { cookie }, maxPayload: 64 * 1024 * 1024 });
  let bytes = 0;
  let messages = 0;
  ws.on('message', (data: Buffer) => {
    bytes += data.byteLength;
    messages += 1;
  });
  // A refused socket may see ECONNRESET while it is still sending; kept for the test to read.
  const errors: Error[] = [];
  ws.on('error', (error) => errors.push(error));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', (code) => reject(new Error(`closed with ${code} before opening`)));
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return {
    ws,
    opened,
    closed,
    received: () => ({ bytes, messages }),
    errors,
    send: (message) =>
      new Promise<void>((resolve) => {
        if (ws.readyState !== WebSocket.OPEN) return resolve();
        ws.send(message, () => resolve());
      }),
    close: () => ws.terminate(),
  };
}

/** Sync step 1 with an empty state vector: "send me the whole board" (00 00 01 00). */
export function fullSyncRequest(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, SYNC_STEP_1);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(new Y.Doc()));
  return encoding.toUint8Array(encoder);
}

/** A document update message wrapping a Yjs update. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, SYNC_UPDATE);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** A valid update from a fresh client that sets `key` to a string of `bytes` characters. */
export function bigUpdate(key: string, bytes: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('elements').set(key, 'x'.repeat(bytes));
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/**
 * An update with a clock gap: the client's second edit without its first, so
 * the server can never integrate it (its dependency never arrives).
 */
export function clockGapUpdate(key: string, bytes: number): Uint8Array {
  const doc = new Y.Doc();
  const map = doc.getMap('elements');
  map.set(`${key}-first`, 1);
  const before = Y.encodeStateVector(doc);
  map.set(key, 'x'.repeat(bytes));
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  return update;
}

/** The close code if the socket closes within `ms`, else 'still open'. */
export async function closeCodeWithin(socket: RawBoardSocket, ms: number): Promise<number | 'still open'> {
  return Promise.race([socket.closed.then((c) => c.code), new Promise<'still open'>((r) => setTimeout(() => r('still open'), ms))]);
}

/** Reads `/internal/metrics` (the server must run with METRICS_TOKEN). */
export async function boardStats(serverUrl: string, token: string): Promise<Record<string, number>> {
  const response = await fetch(`${serverUrl}/internal/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`metrics answered ${response.status}`);
  const body = (await response.json()) as { boards: Record<string, number> };
  return body.boards;
}
