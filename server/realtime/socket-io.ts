/**
 * socket.io for room events. Every connection is authenticated at the
 * handshake with the same session reader as HTTP; every event payload is
 * parsed with its schema from lib/.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { MediaSignalling } from './media-signalling';
import { RoomEvents } from './room-events';
import { MAX_SOCKET_IO_BUFFER_BYTES } from '../../lib/realtime/close-codes';
import { ClientEvent, clockPingSchema, HandshakeError, SOCKET_IO_PATH, type ClockPong, type EventError } from '../../lib/realtime/protocol';
import { readSession, type SessionUser } from '../auth/session';
import { log } from '../log';
import { originAllowed } from './origin';

export interface SocketData {
  user: SessionUser;
}

export function attachSocketIo(httpServer: HttpServer, allowedOrigins: readonly string[]): Server {
  const io = new Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>(httpServer, {
    path: SOCKET_IO_PATH,
    maxHttpBufferSize: MAX_SOCKET_IO_BUFFER_BYTES,
    // Without this, engine.io destroys every upgrade it does not own after 1 s,
    // including our Yjs sockets and Next's dev HMR.
    destroyUpgrade: false,
    cors: { origin: [...allowedOrigins], credentials: true },
    serveClient: false,
  });

  io.use(async (socket, next) => {
    try {
      if (!originAllowed(socket.handshake.headers.origin, allowedOrigins)) return next(new Error(HandshakeError.Forbidden));
      const user = await readSession(socket.request.headers);
      if (!user) return next(new Error(HandshakeError.Unauthorized));
      socket.data.user = user;
      next();
    } catch (error) {
      log.error('socket.io handshake failed', error);
      next(new Error(HandshakeError.Unauthorized));
    }
  });

  const rooms = new RoomEvents(io as unknown as Server);
  const media = new MediaSignalling(io as unknown as Server);
  io.on('connection', (socket) => {
    rooms.register(socket as unknown as Socket);
    media.register(socket as unknown as Socket);
    socket.on(ClientEvent.ClockPing, (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const parsed = clockPingSchema.safeParse(payload);
      if (!parsed.success) {
        const reply: EventError = { error: { code: 'invalid_payload', message: `${ClientEvent.ClockPing}: ${parsed.error.issues[0]?.message ?? 'invalid payload'}` } };
        return ack(reply);
      }
      const reply: ClockPong = { clientSentAt: parsed.data.clientSentAt, serverTime: Date.now() };
      ack(reply);
    });
  });

  return io;
}
