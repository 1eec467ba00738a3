/** socket.io clients for integration tests, signed in with an HttpSession's cookies. */
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/realtime/events';
import { ClientEvent } from '../../lib/realtime/protocol';
import type { HttpSession } from './http-session';

/** A client socket typed with the room's event maps, as the browser's is. */
export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface SocketPool {
  open(session: HttpSession): Promise<TestSocket>;
  closeAll(): void;
}

/** Opens sockets against whatever `baseUrl()` says now (it changes when a fixture restarts on a new port). */
export function socketPool(baseUrl: () => string): SocketPool {
  const sockets: TestSocket[] = [];
  return {
    async open(session) {
      const socket: TestSocket = connect(baseUrl(), { path: '/socket.io/', transports: ['websocket'], reconnection: false, extraHeaders: { cookie: session.cookieHeader() } });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return socket;
    },
    closeAll() {
      for (const s of sockets) s.close();
    },
  };
}

/**
 * The same socket without the event maps: what a hostile or outdated client
 * can send (unknown events, malformed payloads), which the typed view rightly
 * refuses to compile. Tests of the server's parsing go through this.
 */
export const untyped = (socket: TestSocket): Socket => socket as Socket;

export const joinRoom = (socket: TestSocket, interviewId: string) => socket.emitWithAck(ClientEvent.RoomJoin, { interviewId });
export const timerCommand = (socket: TestSocket, interviewId: string, cmd: unknown) => untyped(socket).emitWithAck(ClientEvent.TimerCommand, { interviewId, command: cmd });

/** Records every payload of one event from now on. */
export function collect<T>(socket: TestSocket, event: string): T[] {
  const seen: T[] = [];
  untyped(socket).on(event, (payload: T) => seen.push(payload));
  return seen;
}
