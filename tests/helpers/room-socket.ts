/** socket.io clients for integration tests, signed in with an HttpSession's cookies. */
import { io as connect, type Socket } from 'socket.io-client';
import { ClientEvent } from '../../lib/realtime/protocol';
import type { HttpSession } from './http-session';

export interface SocketPool {
  open(session: HttpSession): Promise<Socket>;
  closeAll(): void;
}

/** Opens sockets against whatever `baseUrl()` says now (it changes when a fixture restarts on a new port). */
export function socketPool(baseUrl: () => string): SocketPool {
  const sockets: Socket[] = [];
  return {
    async open(session) {
      const socket = connect(baseUrl(), { path: '/socket.io/', transports: ['websocket'], reconnection: false, extraHeaders: { cookie: session.cookieHeader() } });
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

export const joinRoom = (socket: Socket, interviewId: string) => socket.emitWithAck(ClientEvent.RoomJoin, { interviewId });
export const timerCommand = (socket: Socket, interviewId: string, cmd: unknown) => socket.emitWithAck(ClientEvent.TimerCommand, { interviewId, command: cmd });

/** Records every payload of one event from now on. */
export function collect<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}
