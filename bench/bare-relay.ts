/**
 * A bare y-websocket relay on y-protocols, the floor the app is compared
 * with in bench/whiteboard-load.ts: one Y.Doc and one Awareness per room
 * name, sync + awareness, broadcast to every socket of the room. No auth, no
 * persistence, no socket.io, no Next. Clients connect to
 * ws://127.0.0.1:<port>/<room> (y-websocket appends /<room> to the URL).
 *
 *   node --import tsx bench/bare-relay.ts [--port 0]
 *
 * Prints "bare relay listening on <port>". With METRICS_TOKEN set it answers
 * GET /internal/metrics (Bearer token) in the same shape as the app server.
 * Binds 127.0.0.1 only. Stops on SIGTERM/SIGINT.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocketServer, type WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MAX_PAYLOAD = 1024 * 1024; // same cap as the app

interface RelayRoom {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  conns: Map<WebSocket, Set<number>>;
}

const rooms = new Map<string, RelayRoom>();

function send(ws: WebSocket, message: Uint8Array) {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(message, (error) => {
    if (error) ws.terminate();
  });
}

function getRoom(name: string): RelayRoom {
  let room = rooms.get(name);
  if (room) return room;
  const doc = new Y.Doc({ gc: true });
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(null);
  const conns = new Map<WebSocket, Set<number>>();
  room = { doc, awareness, conns };
  doc.on('update', (update: Uint8Array) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    const message = encoding.toUint8Array(encoder);
    for (const ws of conns.keys()) send(ws, message);
  });
  awareness.on('update', ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>, origin: unknown) => {
    const owned = conns.get(origin as WebSocket);
    if (owned) {
      for (const id of added) owned.add(id);
      for (const id of removed) owned.delete(id);
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]));
    const message = encoding.toUint8Array(encoder);
    for (const ws of conns.keys()) send(ws, message);
  });
  rooms.set(name, room);
  return room;
}

function onConnection(ws: WebSocket, roomName: string) {
  const room = getRoom(roomName);
  room.conns.set(ws, new Set());
  ws.on('message', (data: Buffer) => {
    try {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      const encoder = encoding.createEncoder();
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) {
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.readSyncMessage(decoder, encoder, room.doc, ws);
        if (encoding.length(encoder) > 1) send(ws, encoding.toUint8Array(encoder));
      } else if (type === MESSAGE_AWARENESS) {
        awarenessProtocol.applyAwarenessUpdate(room.awareness, decoding.readVarUint8Array(decoder), ws);
      }
    } catch {
      ws.close(4400, 'malformed message');
    }
  });
  ws.on('close', () => {
    const owned = room.conns.get(ws);
    room.conns.delete(ws);
    if (owned?.size) awarenessProtocol.removeAwarenessStates(room.awareness, [...owned], null);
    // The last one out unloads the room (as y-websocket's reference server does without persistence).
    if (room.conns.size === 0 && rooms.get(roomName) === room) {
      rooms.delete(roomName);
      room.awareness.destroy();
      room.doc.destroy();
    }
  });
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
}

const token = process.env.METRICS_TOKEN;
const server = createServer((req, res) => {
  if (token && req.url === '/internal/metrics') {
    if (req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401).end();
    let connections = 0;
    for (const room of rooms.values()) connections += room.conns.size;
    const body = { memory: process.memoryUsage(), cpu: process.cpuUsage(), uptimeSeconds: process.uptime(), boards: { rooms: rooms.size, connections, pendingUpdates: 0 } };
    return void res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  }
  res.writeHead(404).end();
});
const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
server.on('upgrade', (req, socket, head) => {
  const roomName = decodeURIComponent(new URL(req.url ?? '/', 'http://relay').pathname.slice(1));
  if (!roomName) return void socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, roomName));
});

const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
server.listen(port, '127.0.0.1', () => {
  console.log(`bare relay listening on ${(server.address() as AddressInfo).port}`);
});

const stop = () => {
  for (const ws of wss.clients) ws.terminate();
  wss.close();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
