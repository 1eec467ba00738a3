/**
 * apiFetch against a real local HTTP server (node:http on port 0): what it
 * sends, how it parses success and error bodies, and how it tells a refusal
 * from a malformed answer and from no answer at all.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFetch, failureMessage } from '../../lib/api/client';
import { ApiError } from '../../lib/api/errors';
import { addNote, deleteNote, listNotes } from '../../lib/api/notes';
import { freePort } from '../helpers/ports';

const note = {
  id: 'n1', interviewId: 'i 1/x', authorId: 'u1', authorName: 'Ines', text: 'Asked about label delay.',
  sessionMs: 1000, phaseId: 'metrics', phaseTitle: 'Metrics', createdAt: '2026-01-01T10:00:00.000Z',
};

type Seen = { method: string; url: string; contentType: string | undefined; body: string };
let server: Server;
let baseUrl: string;
let answer: (req: IncomingMessage, res: ServerResponse, seen: Seen) => void = () => {};
const seen: Seen[] = [];

function send(res: ServerResponse, status: number, body: string, type = 'application/json') {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const entry = { method: req.method!, url: req.url!, contentType: req.headers['content-type'], body };
      seen.push(entry);
      answer(req, res, entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('apiFetch', () => {
  it('fills and encodes path params, and parses a success body with the response schema', async () => {
    answer = (_req, res) => send(res, 200, JSON.stringify({ notes: [note], extra: 'dropped' }));
    const result = await apiFetch(listNotes, { params: { id: 'i 1/x' }, baseUrl });
    expect(result).toEqual({ notes: [note] });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/interviews/i%201%2Fx/notes', contentType: undefined, body: '' });
  });

  it('sends the body as JSON and returns the created resource', async () => {
    answer = (_req, res, s) => send(res, 201, JSON.stringify({ ...note, text: (JSON.parse(s.body) as { text: string }).text }));
    const created = await apiFetch(addNote, { params: { id: 'i1' }, body: { text: 'Went deep on features.' }, baseUrl, keepalive: true });
    expect(created.text).toBe('Went deep on features.');
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/api/interviews/i1/notes', contentType: 'application/json', body: '{"text":"Went deep on features."}' });
  });

  it('answers null for a 204 route', async () => {
    answer = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    expect(await apiFetch(deleteNote, { params: { id: 'i1', noteId: 'n1' }, baseUrl })).toBeNull();
    expect(seen.at(-1)).toMatchObject({ method: 'DELETE', url: '/api/interviews/i1/notes/n1' });
  });

  it('turns an error body into an ApiError with the status, code, message and fields', async () => {
    answer = (_req, res) => send(res, 403, JSON.stringify({ error: { code: 'forbidden', message: 'You can only delete your own notes.' } }));
    const refused = await failure(apiFetch(deleteNote, { params: { id: 'i1', noteId: 'n1' }, baseUrl }));
    expect(refused).toMatchObject({ status: 403, code: 'forbidden', message: 'You can only delete your own notes.', isNetwork: false });
    expect(failureMessage(refused, { offline: 'offline', refused: (s) => `refused ${s}` })).toBe('You can only delete your own notes.');

    answer = (_req, res) => send(res, 422, JSON.stringify({ error: { code: 'invalid_input', message: 'text: write something first', fields: { text: 'write something first' } } }));
    const invalid = await failure(apiFetch(addNote, { params: { id: 'i1' }, body: { text: '' }, baseUrl }));
    expect(invalid).toMatchObject({ status: 422, code: 'invalid_input', fields: { text: 'write something first' } });
  });

  it('names the status when an error answer is not JSON or carries no error message', async () => {
    answer = (_req, res) => send(res, 502, '<html>Bad gateway</html>', 'text/html');
    const gateway = await failure(apiFetch(listNotes, { params: { id: 'i1' }, baseUrl }));
    expect(gateway).toMatchObject({ status: 502, code: 'bad_response' });
    expect(gateway.message).toBe('GET /api/interviews/i1/notes failed with HTTP 502, and the answer carries no error message.');
    expect(failureMessage(gateway, { offline: 'offline', refused: (s) => `Could not load (HTTP ${s}).` })).toBe('Could not load (HTTP 502).');

    answer = (_req, res) => send(res, 500, JSON.stringify({ oops: true }));
    expect(await failure(apiFetch(listNotes, { params: { id: 'i1' }, baseUrl }))).toMatchObject({ status: 500, code: 'bad_response' });
  });

  it('refuses a success body that does not match the contract, saying where', async () => {
    answer = (_req, res) => send(res, 200, JSON.stringify({ notes: [{ ...note, createdAt: 'yesterday' }] }));
    const mismatch = await failure(apiFetch(listNotes, { params: { id: 'i1' }, baseUrl }));
    expect(mismatch).toMatchObject({ status: 200, code: 'bad_response' });
    expect(mismatch.message).toMatch(/^The answer to GET \/api\/interviews\/i1\/notes \(HTTP 200\) is not what this page expects: notes\.0\.createdAt: /);

    answer = (_req, res) => send(res, 200, 'not json', 'text/plain');
    const notJson = await failure(apiFetch(listNotes, { params: { id: 'i1' }, baseUrl }));
    expect(notJson).toMatchObject({ status: 200, code: 'bad_response', message: 'The answer to GET /api/interviews/i1/notes (HTTP 200) is not JSON.' });
  });

  it('reports no answer at all as a network error with status 0', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const offline = await failure(apiFetch(listNotes, { params: { id: 'i1' }, baseUrl: nobody }));
    expect(offline).toMatchObject({ status: 0, code: 'network', isNetwork: true });
    expect(offline.message).toMatch(/^Could not reach the server for GET \/api\/interviews\/i1\/notes/);
    expect(failureMessage(offline, { offline: 'No connection.', refused: (s) => `refused ${s}` })).toBe('No connection.');
  });

  it('reports a cancelled request as aborted, not as offline', async () => {
    answer = (_req, res) => setTimeout(() => send(res, 200, JSON.stringify({ notes: [] })), 2000);
    const controller = new AbortController();
    const pending = apiFetch(listNotes, { params: { id: 'i1' }, baseUrl, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await failure(pending)).toMatchObject({ status: 0, code: 'aborted', isNetwork: false });
  });

  it('rethrows anything that is not an ApiError instead of dressing it up', () => {
    const bug = new TypeError('not an API failure');
    expect(() => failureMessage(bug, { offline: 'offline', refused: () => 'refused' })).toThrow(bug);
  });
});
