/**
 * Presence is relayed to everyone in the room, so a socket flooding awareness
 * messages costs every peer. Past its budget the socket is closed with 4429
 * RateLimited; a pointer moving at a real frame rate never is.
 */
import * as encoding from 'lib0/encoding';
import { expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from '../../lib/realtime/close-codes';
import { AWARENESS_MESSAGES } from '../../server/realtime/yjs/limits';
import type { HttpSession } from '../helpers/http-session';
import { interviewWithParties } from '../helpers/interview-fixture';
import { closeCodeWithin, rawBoardSocket, type RawBoardSocket } from '../helpers/raw-board-socket';
import { boardAbuseServer } from '../helpers/board-abuse-server';

const MESSAGE_AWARENESS = 1;
const board = boardAbuseServer();
const { sockets } = board;

/** A valid presence message for `userId` with the pointer at (x, 0), as y-websocket frames it. */
function presenceMessage(awareness: awarenessProtocol.Awareness, userId: string, x: number): Uint8Array {
  awareness.setLocalState({ user: { id: userId, name: 'Olga', color: '#123456', role: 'observer' }, pointer: { x, y: 0, tool: 'pointer' } });
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]));
  return encoding.toUint8Array(encoder);
}

async function observerSocket(): Promise<{ socket: RawBoardSocket; userId: string; awareness: awarenessProtocol.Awareness }> {
  const parties = await interviewWithParties(board.fixture.server.url);
  const observer: HttpSession = parties.observer;
  const userId = (await observer.json<{ user: { id: string } }>('/api/auth/session')).body.user.id;
  const socket = rawBoardSocket(board.fixture.server.url, parties.id, observer.cookieHeader());
  sockets.push(socket);
  await socket.opened;
  return { socket, userId, awareness: new awarenessProtocol.Awareness(new Y.Doc()) };
}

it('closes a socket that floods presence updates', async () => {
  const { socket, userId, awareness } = await observerSocket();
  const total = AWARENESS_MESSAGES.burst * 3;
  for (let i = 0; i < total && socket.ws.readyState === socket.ws.OPEN; i++) void socket.send(presenceMessage(awareness, userId, i));
  expect(await closeCodeWithin(socket, 10_000)).toBe(CloseCode.RateLimited);
  expect((await socket.closed).reason).toBe('too many presence updates');
});

it('lets a pointer move at 120 Hz for three seconds', async () => {
  const { socket, userId, awareness } = await observerSocket();
  for (let i = 0; i < 360; i++) {
    await socket.send(presenceMessage(awareness, userId, i));
    await new Promise((r) => setTimeout(r, 1000 / 120));
  }
  expect(socket.ws.readyState).toBe(socket.ws.OPEN);
});
