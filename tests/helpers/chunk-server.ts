/**
 * A small Node HTTP server that plays the recording chunk endpoint's contract
 * (and `complete`), records everything it received, and serves the page that
 * loads the bundled recording modules, plus finished media with Range
 * support. Used by tests/e2e/recording-queue.test.ts.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { expect } from 'vitest';

/** What the test can make the server do for one request, before the contract applies. */
export type Override = { status: number; body?: unknown } | 'accept-then-drop' | undefined;

interface Rec {
  next: number;
  chunks: Buffer[];
  lastHash: string | null;
  stopped: boolean;
}

/** The chunk endpoint, as the contract says; `log` is every request in arrival order. */
export class ChunkServer {
  recordings = new Map<string, Rec>();
  log: { recordingId: string; seq: number; status: number | 'dropped'; bytes: number }[] = [];
  override: (recordingId: string, seq: number) => Override = () => undefined;
  down = false;
  /** `complete` calls, in order: the chunk count each declared, and what was answered. */
  completions: { recordingId: string; chunks: number; status: number }[] = [];
  /** Answer this many `complete` calls with 503 first. */
  completeFailures = 0;

  complete(recordingId: string, chunks: number): number {
    const status = this.completeFailures-- > 0 ? 503 : 200;
    this.completions.push({ recordingId, chunks, status });
    return status;
  }

  rec(recordingId: string): Rec {
    let r = this.recordings.get(recordingId);
    if (!r) this.recordings.set(recordingId, (r = { next: 0, chunks: [], lastHash: null, stopped: false }));
    return r;
  }

  /** Chunks [0, n) straight into the server's state, as if another page had sent them. */
  preload(recordingId: string, bodies: string[]): void {
    const r = this.rec(recordingId);
    for (const body of bodies) r.chunks.push(Buffer.from(body));
    r.next = r.chunks.length;
    r.lastHash = sha(r.chunks.at(-1)!);
  }

  handle(recordingId: string, seq: number, body: Buffer): { status: number; body?: unknown } | 'dropped' {
    const r = this.rec(recordingId);
    const forced = this.override(recordingId, seq);
    if (this.down) return { status: 503, body: { error: { code: 'unavailable', message: 'down' } } };
    if (forced && forced !== 'accept-then-drop') return forced;
    const answer = this.contract(r, seq, body);
    return forced === 'accept-then-drop' && answer.status === 200 ? 'dropped' : answer;
  }

  private contract(r: Rec, seq: number, body: Buffer): { status: number; body?: unknown } {
    if (r.stopped) return { status: 409, body: { error: { code: 'stopped', message: 'stopped' } } };
    if (seq === r.next) {
      r.chunks.push(body);
      r.next++;
      r.lastHash = sha(body);
      return { status: 200, body: { nextSeq: r.next } };
    }
    // Only the last accepted chunk is remembered well enough to recognise an exact repeat.
    if (seq === r.next - 1 && sha(body) === r.lastHash) return { status: 200, body: { nextSeq: r.next } };
    if (seq > r.next + 100) return { status: 422, body: { error: { code: 'invalid', message: 'far ahead' } } };
    return { status: 409, body: { error: { code: 'gap', message: 'send from expected', expected: r.next } } };
  }

  /** Asserts the server holds seqs 0..n-1 (each exactly once, in order) and returns n. */
  contiguous(recordingId: string): number {
    const accepted = this.log.filter((e) => e.recordingId === recordingId && (e.status === 200 || e.status === 'dropped'));
    const firstTimes = [...new Set(accepted.map((e) => e.seq))];
    expect(firstTimes).toEqual([...Array(firstTimes.length).keys()]);
    return this.rec(recordingId).chunks.length;
  }
}

function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

/** Media the page may load: name → bytes, answered with 206 for a Range like a static file server. */
export const media = new Map<string, Buffer>();

function serveMedia(req: IncomingMessage, res: import('node:http').ServerResponse, bytes: Buffer): void {
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  const headers = { 'content-type': 'video/webm', 'accept-ranges': 'bytes' };
  if (!range) {
    res.writeHead(200, { ...headers, 'content-length': bytes.length });
    return void res.end(bytes);
  }
  const start = Number(range[1]);
  const end = Math.min(range[2] ? Number(range[2]) : bytes.length - 1, bytes.length - 1);
  if (start >= bytes.length) {
    res.writeHead(416, { 'content-range': `bytes */${bytes.length}` });
    return void res.end();
  }
  res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${bytes.length}`, 'content-length': end + 1 - start });
  res.end(bytes.subarray(start, end + 1));
}

/** Starts the server; `current()` is the ChunkServer answering now (tests swap in a fresh one). */
export async function startChunkServer(bundle: string, current: () => ChunkServer): Promise<{ http: Server; origin: string }> {
  const http = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const m = /^\/api\/interviews\/([^/]+)\/recording\/([^/]+)\/chunks\/(\d+)$/.exec(url.pathname);
      const done = /^\/api\/interviews\/([^/]+)\/recording\/([^/]+)\/complete$/.exec(url.pathname);
      const chunkServer = current();
      if (req.method === 'POST' && done) {
        const { chunks } = JSON.parse((await readBody(req)).toString()) as { chunks: number };
        const status = chunkServer.complete(decodeURIComponent(done[2]!), chunks);
        res.writeHead(status, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(status === 200 ? { nextSeq: chunks, finalChunks: chunks, status: 'stopped' } : { error: { code: 'unavailable', message: 'down' } }));
      }
      if (req.method === 'POST' && m) {
        const body = await readBody(req);
        const [recordingId, seq] = [decodeURIComponent(m[2]!), Number(m[3])];
        const answer = chunkServer.handle(recordingId, seq, body);
        chunkServer.log.push({ recordingId, seq, status: answer === 'dropped' ? 'dropped' : answer.status, bytes: body.length });
        // Accepted, but the connection dies before the answer: the page never hears the 200.
        if (answer === 'dropped') return req.socket.destroy();
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(answer.body ?? {}));
      }
      const file = url.pathname.startsWith('/media/') ? media.get(url.pathname.slice('/media/'.length)) : undefined;
      if (file) return serveMedia(req, res, file);
      if (url.pathname === '/recording.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        return res.end(bundle);
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html lang="en"><title>recording</title><script src="/recording.js"></script></html>');
    })();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  // localhost, not 127.0.0.1: getUserMedia needs a secure context, and localhost is one.
  return { http, origin: `http://localhost:${(http.address() as { port: number }).port}` };
}
