/**
 * The one WebSocket upgrade dispatcher. socket.io owns /socket.io/ (engine.io
 * listens for its own path); Yjs documents live under /ws/yjs/; in development
 * Next's HMR socket under /_next/. Anything else is refused, so no upgrade
 * ever reaches Next's page router (which closes it).
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, MAX_WS_PAYLOAD_BYTES } from '../../lib/realtime/close-codes';
import { SOCKET_IO_PATH, YJS_WS_PREFIX } from '../../lib/realtime/protocol';
import { readSession, type SessionUser } from '../auth/session';
import { log } from '../log';
import { originAllowed } from './origin';

type NextUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void> | void;

/** What a document channel does with an authenticated socket (the Yjs server plugs in here). */
export type DocumentChannel = (ws: WebSocket, user: SessionUser, docName: string, req: IncomingMessage) => Promise<void> | void;

export interface UpgradeOptions {
  allowedOrigins: readonly string[];
  nextUpgrade?: NextUpgrade;
  documentChannel?: DocumentChannel;
}

export function attachUpgradeDispatcher(server: HttpServer, options: UpgradeOptions): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_PAYLOAD_BYTES });

  // Rejections are sent as close codes on an accepted socket: browsers hide
  // HTTP upgrade statuses, and the client must know not to retry.
  const acceptThenClose = (req: IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string) => {
    wss.handleUpgrade(req, socket, head, (ws) => ws.close(code, reason));
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? '/', 'http://internal').pathname;
    socket.on('error', (error) => log.warn(`upgrade socket error on ${pathname}: ${error.message}`));

    if (pathname.startsWith(SOCKET_IO_PATH)) return; // engine.io's own listener answers
    if (pathname.startsWith('/_next/') && options.nextUpgrade) return void options.nextUpgrade(req, socket, head);
    if (!pathname.startsWith(YJS_WS_PREFIX)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }

    void (async () => {
      if (!originAllowed(req.headers.origin, options.allowedOrigins)) {
        return acceptThenClose(req, socket, head, CloseCode.Forbidden, 'origin not allowed');
      }
      const user = await readSession(req.headers).catch(() => null);
      if (!user) return acceptThenClose(req, socket, head, CloseCode.Unauthorized, 'sign in required');
      const docName = decodeURIComponent(pathname.slice(YJS_WS_PREFIX.length));
      if (!docName || !options.documentChannel) return acceptThenClose(req, socket, head, CloseCode.NotFound, 'no such document');
      const channel = options.documentChannel;
      wss.handleUpgrade(req, socket, head, (ws) => void channel(ws, user, docName, req));
    })().catch((error: unknown) => {
      log.error(`upgrade on ${pathname} failed`, error);
      socket.destroy();
    });
  });

  return wss;
}
