/**
 * Finding 8: NUL characters (which Postgres text cannot hold) and malformed
 * percent-encodings are the client's mistake. They are refused at the
 * boundary, never a 500, an `internal` ack or a 4500 close.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../lib/realtime/close-codes';
import { MediaClientEvent } from '../../lib/realtime/media';
import { ClientEvent } from '../../lib/realtime/protocol';
import { uniqueEmail } from '../helpers/http-session';
import { interviewWithParties, TEST_PASSWORD, type InterviewParties } from '../helpers/interview-fixture';
import { socketPool, untyped } from '../helpers/room-socket';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';

let fixture: ServerFixture;
let parties: InterviewParties;
const sockets = socketPool(() => fixture.server.url);
const NUL = '\u0000';

beforeAll(async () => {
  fixture = await serverFixture();
  parties = await interviewWithParties(fixture.server.url);
});
afterAll(async () => {
  sockets.closeAll();
  await fixture?.close();
});

const url = (suffix: string) => `/api/interviews/${parties.id}${suffix}`;

describe('NUL characters in request bodies', () => {
  it('are a 422 naming the field: note text, feedback, a dimension summary', async () => {
    const note = await parties.interviewer.api('POST', url('/notes'), { text: `before${NUL}after` });
    expect(note.status).toBe(422);
    expect(note.body.error.fields).toEqual({ text: 'must not contain NUL characters' });

    const feedback = await parties.interviewer.api('PATCH', url('/evaluation'), { candidateFeedback: `good${NUL}` });
    expect(feedback.status).toBe(422);
    expect(feedback.body.error.fields).toEqual({ candidateFeedback: 'must not contain NUL characters' });

    const rubric = await parties.interviewer.json<{ dimensions: { id: string }[] }>(url('/rubric'));
    const dimension = rubric.body.dimensions[0]!.id;
    const summary = await parties.interviewer.api('PATCH', url('/evaluation'), { scores: { [dimension]: { summary: `${NUL}` } } });
    expect(summary.status).toBe(422);
    expect(summary.body.error.fields).toEqual({ [`scores.${dimension}.summary`]: 'must not contain NUL characters' });
    expect(await fixture.prisma.note.count({ where: { interviewId: parties.id } })).toBe(0);
  });

  it('are a 422 in the sign-up name', async () => {
    const email = uniqueEmail('nul');
    const reply = await fetch(new URL('/api/signup', fixture.server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Mallory${NUL}`, email, password: TEST_PASSWORD }),
    });
    expect(reply.status).toBe(422);
    expect((await reply.json()).error.fields).toEqual({ name: 'must not contain NUL characters' });
    expect(await fixture.prisma.user.count({ where: { email } })).toBe(0);
  });
});

describe('bad paths', () => {
  it('a malformed percent-encoding or a NUL in an interview id is a 400 with our JSON body', async () => {
    for (const path of ['/api/interviews/%E0%A4%A/cards', `/api/interviews/${parties.id}%00/cards`, '/api/interviews/%00/notes']) {
      const reply = await parties.interviewer.fetch(path);
      expect(reply.status, path).toBe(400);
      expect(reply.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect((await reply.json()).error.code, path).toBe('bad_request');
    }
  });

  it('an interview id outside the id alphabet is a 400 from the route wrapper', async () => {
    const reply = await parties.interviewer.api('GET', '/api/interviews/not%20an%20id/cards');
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: { code: 'bad_request', message: 'Not a valid interview id.' } });
  });
});

describe('bad interview ids on the sockets', () => {
  it('socket.io acks invalid_payload for a NUL in interviewId (room, timer and call events)', async () => {
    const socket = untyped(await sockets.open(parties.interviewer));
    const id = `${parties.id}${NUL}`;
    for (const [event, payload] of [
      [ClientEvent.RoomJoin, { interviewId: id }],
      [ClientEvent.TimerCommand, { interviewId: id, command: { type: 'start' } }],
      [MediaClientEvent.Join, { interviewId: id, audio: true, video: true }],
    ] as const) {
      const ack = (await socket.emitWithAck(event, payload)) as { error?: { code: string; message: string } };
      expect(ack.error?.code, event).toBe('invalid_payload');
      expect(ack.error?.message, event).toMatch(/interviewId: not a valid interview id/);
    }
  });

  it('the board socket closes with 4400 for a NUL or a malformed encoding in the id, not 4500', async () => {
    const close = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`${fixture.server.url.replace(/^http/, 'ws')}${path}`, { headers: { cookie: parties.interviewer.cookieHeader(), origin: fixture.server.url } });
        ws.once('close', (code) => resolve(code));
        ws.once('error', reject);
      });
    expect(await close(`/ws/yjs/${parties.id}%00`)).toBe(CloseCode.BadRequest);
    expect(await close('/ws/yjs/%E0%A4%A')).toBe(CloseCode.BadRequest);
  });
});
