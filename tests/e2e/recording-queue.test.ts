/**
 * The browser side of recording uploads, in real Chromium (fake camera and
 * mic, real MediaRecorder, real IndexedDB, real fetch): capture.ts,
 * chunk-store.ts and uploader.ts against a small Node HTTP server that plays
 * the chunk endpoint's contract and records everything it received.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser';
import type { RecApi } from '../helpers/recording-page';

const ROOT = path.resolve(import.meta.dirname, '../..');
const INTERVIEW = 'int_1';

/** What the test can make the server do for one request, before the contract applies. */
type Override = { status: number; body?: unknown } | 'accept-then-drop' | undefined;

interface Rec {
  next: number;
  chunks: Buffer[];
  lastHash: string | null;
  stopped: boolean;
}

/** The chunk endpoint, as the contract says; `log` is every request in arrival order. */
class ChunkServer {
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

let bundle = '';
let http: Server;
let origin = '';
let chunkServer = new ChunkServer();
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  const result = await build({
    entryPoints: [path.join(ROOT, 'tests', 'helpers', 'recording-page.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]!.text;
  http = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const m = /^\/api\/interviews\/([^/]+)\/recording\/([^/]+)\/chunks\/(\d+)$/.exec(url.pathname);
      const done = /^\/api\/interviews\/([^/]+)\/recording\/([^/]+)\/complete$/.exec(url.pathname);
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
  origin = `http://localhost:${(http.address() as { port: number }).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  http?.closeAllConnections();
  await new Promise((resolve) => http?.close(resolve));
});

beforeEach(async () => {
  chunkServer = new ChunkServer();
  context = await browser.newContext();
  page = await context.newPage();
  await page.goto(origin);
});

afterEach(async () => {
  await context.close();
});

/** Runs `fn(rec)` in the page. */
function inPage<T, A>(fn: (rec: RecApi, arg: A) => T | Promise<T>, arg?: A): Promise<T> {
  return page.evaluate(
    ([source, a]) => {
      const f = new Function(`return (${source})`)() as (rec: unknown, arg: unknown) => unknown;
      return f((window as unknown as { rec: unknown }).rec, a);
    },
    [fn.toString(), arg] as const,
  ) as Promise<T>;
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const EBML_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);
const count = (haystack: Buffer, needle: Buffer | string) => {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) n++;
  return n;
};

describe('recording capture and upload queue', () => {
  it('10 s of recording arrive in seq order with no gap, as one WebM file, and the queue ends empty', async () => {
    expect(await inPage((rec) => rec.open())).toEqual({ durable: true, reason: undefined });
    const mime = await inPage((rec, id: string) => rec.record('int_1', id), 'r-order');
    expect(mime).toMatch(/^video\/webm;codecs=vp[89]/);
    await wait(10_000);
    await inPage((rec) => rec.stop());
    await until('all uploaded', async () => (await inPage((rec) => rec.state())).state.kind === 'saved');
    const n = chunkServer.contiguous('r-order');
    // 3 s timeslices over ~10 s, plus the final piece from stop().
    expect(n).toBeGreaterThanOrEqual(4);
    expect(chunkServer.log.map((e) => e.seq)).toEqual([...Array(n).keys()]);
    const file = Buffer.concat(chunkServer.rec('r-order').chunks);
    expect(file.subarray(0, 4)).toEqual(EBML_MAGIC);
    expect(count(file, EBML_MAGIC)).toBe(1);
    expect(file.length).toBeGreaterThan(100_000);
    // Then the browser says how many chunks it captured, once, and forgets the recording.
    await until('the recording completed', () => chunkServer.completions.length > 0);
    expect(chunkServer.completions).toEqual([{ recordingId: 'r-order', chunks: n, status: 200 }]);
    expect(await inPage((rec) => rec.peek())).toEqual([]);
  });

  it('keeps telling the server the recording is complete until it answers', async () => {
    chunkServer.completeFailures = 2;
    await inPage((rec) => rec.open());
    await inPage((rec, id: string) => rec.record('int_1', id), 'r-complete');
    await wait(4000);
    await inPage((rec) => rec.stop());
    await until('the recording completed after two refusals', () => chunkServer.completions.some((c) => c.status === 200), 30_000);
    const n = chunkServer.contiguous('r-complete');
    expect(chunkServer.completions.map((c) => [c.chunks, c.status])).toEqual([
      [n, 503],
      [n, 503],
      [n, 200],
    ]);
    expect(await inPage((rec) => rec.peek())).toEqual([]);
  });

  it('a repeated chunk after a lost 200 answer is accepted as a repeat and nothing is sent twice after it', async () => {
    await inPage((rec) => rec.open());
    // Chromium itself resends a POST once when a reused connection dies before any answer byte,
    // so the first two answers for chunk 1 are lost: only then does the page's fetch fail,
    // and the repeat that finally gets through is the uploader's own retry.
    let drops = 0;
    chunkServer.override = (_id, seq) => (seq === 1 && drops < 2 ? (drops++, 'accept-then-drop') : undefined);
    await inPage((rec) => rec.putSynthetic('int_1', 'r-repeat', [0, 1, 2, 3]).then(() => rec.nudge('r-repeat')));
    await until('drained', async () => (await inPage((rec) => rec.pending('r-repeat'))).length === 0);
    const sent = chunkServer.log.map((e) => [e.seq, e.status]);
    expect(sent.slice(0, 3)).toEqual([[0, 200], [1, 'dropped'], [1, 'dropped']]);
    expect(sent.slice(3)).toEqual([[1, 200], [2, 200], [3, 200]]);
    expect(chunkServer.contiguous('r-repeat')).toBe(4);
    expect(chunkServer.rec('r-repeat').chunks.map(String)).toEqual([0, 1, 2, 3].map((s) => `chunk r-repeat #${s}`));
  });

  it('409 gap with a later expected seq: the server has those, the queue resends from expected', async () => {
    await inPage((rec) => rec.open());
    // Another page sent 0..3 and never heard back: the server has them, this store still does too.
    chunkServer.preload('r-gap', [0, 1, 2, 3].map((s) => `chunk r-gap #${s}`));
    await inPage((rec) => rec.putSynthetic('int_1', 'r-gap', [0, 1, 2, 3, 4, 5]).then(() => rec.nudge('r-gap')));
    await until('drained', async () => (await inPage((rec) => rec.pending('r-gap'))).length === 0);
    expect(chunkServer.log.map((e) => [e.seq, e.status])).toEqual([[0, 409], [4, 200], [5, 200]]);
    expect(chunkServer.rec('r-gap').chunks.map(String)).toEqual([0, 1, 2, 3, 4, 5].map((s) => `chunk r-gap #${s}`));
    expect((await inPage((rec) => rec.state())).state).toEqual({ kind: 'saved', pendingChunks: 0 });
  });

  it('409 gap with an earlier expected seq: the missing chunks are reported lost, the rest is kept', async () => {
    await inPage((rec) => rec.open());
    // Chunks 0 and 1 never reached the store (e.g. a failed write): the server wants 0.
    await inPage((rec) => rec.putSynthetic('int_1', 'r-lost', [2, 3, 4]).then(() => rec.nudge('r-lost')));
    await until('reported', async () => (await inPage((rec) => rec.state())).state.kind === 'error');
    const { reports, state } = await inPage((rec) => rec.state());
    expect(reports).toEqual([
      { type: 'lost', recordingId: 'r-lost', seq: 0 },
      { type: 'lost', recordingId: 'r-lost', seq: 1 },
      expect.objectContaining({ type: 'refused', recordingId: 'r-lost', seq: 2, status: 409 }),
    ]);
    expect(state.pendingChunks).toBe(3);
    await wait(1500);
    expect(await inPage((rec) => rec.pending('r-lost'))).toEqual([2, 3, 4]);
    expect(chunkServer.log).toHaveLength(1);
  });

  it('413 and 422 are reported and the chunk is kept, not deleted', async () => {
    await inPage((rec) => rec.open());
    chunkServer.override = (_id, seq) => (seq === 0 ? { status: 413, body: { error: { code: 'too_large', message: 'too large' } } } : undefined);
    await inPage((rec) => rec.putSynthetic('int_1', 'r-413', [0, 1]).then(() => rec.nudge('r-413')));
    await until('reported', async () => (await inPage((rec) => rec.state())).reports.length > 0);
    expect((await inPage((rec) => rec.state())).reports).toEqual([expect.objectContaining({ type: 'refused', seq: 0, status: 413 })]);
    expect(await inPage((rec) => rec.pending('r-413'))).toEqual([0, 1]);
  });

  it('409 stopped drops everything pending for that recording', async () => {
    await inPage((rec) => rec.open());
    chunkServer.rec('r-stop').stopped = true;
    await inPage((rec) => rec.putSynthetic('int_1', 'r-stop', [0, 1, 2]).then(() => rec.nudge('r-stop')));
    await until('reported', async () => (await inPage((rec) => rec.state())).reports.length > 0);
    expect((await inPage((rec) => rec.state())).reports).toEqual([{ type: 'stopped', recordingId: 'r-stop' }]);
    expect(await inPage((rec) => rec.pending('r-stop'))).toEqual([]);
    expect(chunkServer.log.map((e) => [e.seq, e.status])).toEqual([[0, 409]]);
  });

  it('8 s offline keeps chunks in IndexedDB with state offline, and going online drains them', async () => {
    await inPage((rec) => rec.open());
    await inPage((rec) => rec.record('int_1', 'r-offline'));
    await until('first chunk uploaded', () => chunkServer.rec('r-offline').chunks.length >= 1);
    await context.setOffline(true);
    await wait(8000);
    const during = await inPage((rec) => rec.state());
    expect(during.state.kind).toBe('offline');
    expect(during.state.pendingChunks).toBeGreaterThanOrEqual(2);
    // They are in IndexedDB itself, read through a second connection.
    const stored = (await inPage((rec) => rec.peek())).find((r) => r.recordingId === 'r-offline')!;
    expect(stored.pending.length).toBeGreaterThanOrEqual(2);
    const uploadedBefore = chunkServer.rec('r-offline').chunks.length;
    await context.setOffline(false);
    await until('drained after online', () => chunkServer.rec('r-offline').chunks.length >= uploadedBefore + stored.pending.length, 10_000);
    await inPage((rec) => rec.stop());
    await until('saved', async () => (await inPage((rec) => rec.state())).state.kind === 'saved');
    chunkServer.contiguous('r-offline');
  });

  it('a reload mid-recording loses nothing stored: the new page resumes uploading and the server seqs are contiguous', async () => {
    await inPage((rec) => rec.open());
    await inPage((rec) => rec.record('int_1', 'r-reload'));
    await until('first chunk uploaded', () => chunkServer.rec('r-reload').chunks.length >= 1);
    // The server goes away for a while, so chunks pile up in the store; then the page reloads.
    chunkServer.down = true;
    await until('3 chunks waiting', async () => (await inPage((rec) => rec.pending('r-reload'))).length >= 3);
    await page.reload();
    chunkServer.down = false;
    const [before] = await inPage((rec) => rec.peek());
    expect(before!.pending.length).toBeGreaterThanOrEqual(3);
    await inPage((rec) => rec.open());
    await until('resumed and drained', () => chunkServer.rec('r-reload').next === before!.nextSeqToCapture);
    expect(chunkServer.contiguous('r-reload')).toBe(before!.nextSeqToCapture);
    await until('store empty', async () => (await inPage((rec) => rec.pending('r-reload'))).length === 0);
  });

  it('a camera switch mid-recording continues the seq numbering in a new WebM segment', async () => {
    await inPage((rec) => rec.open());
    await inPage((rec) => rec.record('int_1', 'r-switch'));
    await wait(4000);
    expect(await inPage((rec) => rec.switchCamera())).toBe(2);
    await wait(4000);
    await inPage((rec) => rec.stop());
    await until('saved', async () => (await inPage((rec) => rec.state())).state.kind === 'saved');
    chunkServer.contiguous('r-switch');
    const file = Buffer.concat(chunkServer.rec('r-switch').chunks);
    expect(count(file, EBML_MAGIC)).toBe(2);
    expect((await inPage((rec) => rec.state())).errors).toEqual([]);
  });

  it('when the browser stops the recorder itself (a track removed from its stream), a new segment goes on with the next seq', async () => {
    await inPage((rec) => rec.open());
    await inPage((rec) => rec.record('int_1', 'r-behind'));
    await wait(3500);
    expect(await inPage((rec) => rec.removeTrackBehindItsBack('audio'))).toBe(2);
    await wait(3500);
    await inPage((rec) => rec.stop());
    await until('saved', async () => (await inPage((rec) => rec.state())).state.kind === 'saved');
    chunkServer.contiguous('r-behind');
    const file = Buffer.concat(chunkServer.rec('r-behind').chunks);
    expect(count(file, EBML_MAGIC)).toBe(2);
    // Chromium 156 says: InvalidModificationError "Tracks in MediaStream were removed."
    expect((await inPage((rec) => rec.state())).errors).toEqual([expect.stringMatching(/InvalidModificationError/)]);
  });

  it('records audio only when the video track is stopped', async () => {
    await inPage((rec) => rec.open());
    expect(await inPage((rec) => rec.record('int_1', 'r-audio', { video: true, stopVideo: true }))).toBe('audio/webm;codecs=opus');
    await wait(3500);
    await inPage((rec) => rec.stop());
    await until('saved', async () => (await inPage((rec) => rec.state())).state.kind === 'saved');
    chunkServer.contiguous('r-audio');
    const file = Buffer.concat(chunkServer.rec('r-audio').chunks);
    expect(count(file, 'A_OPUS')).toBe(1);
    expect(count(file, 'V_VP')).toBe(0);
  });

  it('falls back to memory with durable: false when IndexedDB cannot be opened, and still uploads', async () => {
    await page.addInitScript(() => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      };
    });
    await page.reload();
    const opened = await inPage((rec) => rec.open());
    expect(opened.durable).toBe(false);
    expect(opened.reason).toMatch(/denied permission/);
    await inPage((rec) => rec.putSynthetic('int_1', 'r-mem', [0, 1]).then(() => rec.nudge('r-mem')));
    await until('drained', async () => (await inPage((rec) => rec.pending('r-mem'))).length === 0);
    expect(chunkServer.contiguous('r-mem')).toBe(2);
  });
});
