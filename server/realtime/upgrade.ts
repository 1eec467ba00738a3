/**
 * The one WebSocket upgrade dispatcher. socket.io owns /socket.io/ (engine.io
 * listens for its own path); Yjs documents live under /ws/yjs/; in development
 * Next's HMR socket is /_next/hmr. Anything else is refused with a 404: Next's
 * upgrade handler leaves paths it does not know hanging open, which would also
 * hold up shutdown.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, MAX_WS_PAYLOAD_BYTES } from '../../lib/realtime/close-codes';
import { SOCKET_IO_PATH, YJS_WS_PREFIX } from '../../lib/realtime/protocol';
import { interviewIdSchema } from '../../lib/validation/text';
import { readSession, type SessionUser } from '../auth/session';
import { log } from '../log';
import { originAllowed } from './origin';

type NextUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void> | void;

/** What a document channel does with an authenticated socket (the Yjs server plugs in here). */
export type DocumentChannel = (ws: WebSocket, user: SessionUser, docName: string, req: IncomingMessage) => Promise<void> | void;

/** Next 16's dev HMR endpoint (router-server's `/_next/hmr`). */
const NEXT_HMR_PATH = '/_next/hmr';

export interface UpgradeOptions {
  allowedOrigins: readonly string[];
  nextUpgrade?: NextUpgrade;
  documentChannel?: DocumentChannel;
}

export interface UpgradeDispatcher {
  wss: WebSocketServer;
  /** Resolves once every upgraded socket has closed. */
  drained(): Promise<void>;
  /** Destroys every socket that came through an upgrade (ours and Next's); for shutdown. */
  destroyAll(): void;
}

/**
 * The interview id in a board path, or null when it is malformed (a bad
 * percent-encoding, a NUL, anything outside the id alphabet): a request that
 * retrying cannot fix, not a server failure.
 */
function documentName(pathname: string): string | null {
  let name: string;
  try {
    name = decodeURIComponent(pathname.slice(YJS_WS_PREFIX.length));
  } catch {
    return null;
  }
  return interviewIdSchema.safeParse(name).success ? name : null;
}

export function attachUpgradeDispatcher(server: HttpServer, options: UpgradeOptions): UpgradeDispatcher {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_PAYLOAD_BYTES });
  // Upgraded sockets leave the HTTP server's bookkeeping, so closeAllConnections()
  // cannot reach them; we keep our own list.
  const upgraded = new Set<Duplex>();
  let onDrained: (() => void) | undefined;

  // Rejections are sent as close codes on an accepted socket: browsers hide
  // HTTP upgrade statuses, and the client must know not to retry.
  const acceptThenClose = (req: IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string) => {
    wss.handleUpgrade(req, socket, head, (ws) => ws.close(code, reason));
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? '/', 'http://internal').pathname;
    socket.on('error', (error) => log.warn(`upgrade socket error on ${pathname}: ${error.message}`));
    upgraded.add(socket);
    socket.once('close', () => {
      upgraded.delete(socket);
      if (upgraded.size === 0) onDrained?.();
    });

    if (pathname.startsWith(SOCKET_IO_PATH)) return; // engine.io's own listener answers
    if (pathname === NEXT_HMR_PATH && options.nextUpgrade) return void options.nextUpgrade(req, socket, head);
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
      const docName = documentName(pathname);
      if (docName === null) return acceptThenClose(req, socket, head, CloseCode.BadRequest, 'not a valid interview id');
      if (!options.documentChannel) return acceptThenClose(req, socket, head, CloseCode.NotFound, 'no such document');
      const channel = options.documentChannel;
      wss.handleUpgrade(req, socket, head, (ws) => void channel(ws, user, docName, req));
    })().catch((error: unknown) => {
      log.error(`upgrade on ${pathname} failed`, error);
      socket.destroy();
    });
  });

  return {
    wss,
    drained() {
      if (upgraded.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => (onDrained = resolve));
    },
    destroyAll() {
      for (const socket of upgraded) socket.destroy();
      upgraded.clear();
    },
  };
}
