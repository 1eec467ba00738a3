/**
 * socket.io for room events. Every connection is authenticated at the
 * handshake with the same session reader as HTTP; every event payload is
 * parsed with its schema from lib/ (see handler.ts).
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { MediaSignalling } from './media-signalling';
import { RoomEvents } from './room-events';
import { MAX_SOCKET_IO_BUFFER_BYTES } from '../../lib/realtime/close-codes';
import type { InterServerEvents, ServerSideClientEvents, ServerToClientEvents, SocketData } from '../../lib/realtime/events';
import { ClientEvent, HandshakeError, SOCKET_IO_PATH } from '../../lib/realtime/protocol';
import { readSession } from '../auth/session';
import type { EventBus } from '../events/bus';
import { log } from '../log';
import type { TimerService } from '../timer/service';
import { handle } from './handler';
import { originAllowed } from './origin';

export interface SocketIoDeps {
  timers: TimerService;
  events: EventBus;
}

/** Returns the close that stops socket.io and its bus subscriptions. */
export function attachSocketIo(httpServer: HttpServer, allowedOrigins: readonly string[], { timers, events }: SocketIoDeps): { close(): void } {
  const io = new Server<ServerSideClientEvents, ServerToClientEvents, InterServerEvents, SocketData>(httpServer, {
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

  const rooms = new RoomEvents(io, timers, events);
  const media = new MediaSignalling(io);
  io.on('connection', (socket) => {
    rooms.register(socket);
    media.register(socket);
    handle(socket, ClientEvent.ClockPing, async ({ clientSentAt }, ack) => ack({ clientSentAt, serverTime: Date.now() }));
  });

  return {
    close() {
      rooms.close();
      void io.close();
    },
  };
}
