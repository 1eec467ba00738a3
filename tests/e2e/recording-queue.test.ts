/**
 * The browser side of recording uploads, in real Chromium (fake camera and
 * mic, real MediaRecorder, real IndexedDB, real fetch): capture.ts,
 * chunk-store.ts and uploader.ts against a small Node HTTP server that plays
 * the chunk endpoint's contract and records everything it received.
 */
import type { Server } from 'node:http';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser';
import { finishWebm } from '../../server/recordings/webm/finish';
import { ChunkServer, media, startChunkServer } from '../helpers/chunk-server';
import { blockTimes, collector } from '../helpers/webm-builder';
import type { RecApi } from '../helpers/recording-page';

const ROOT = path.resolve(import.meta.dirname, '../..');
const INTERVIEW = 'int_1';

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
  ({ http, origin } = await startChunkServer(bundle, () => chunkServer));
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

  it('409 conflict (the server holds other bytes under that seq) is reported and held, not retried forever', async () => {
    await inPage((rec) => rec.open());
    chunkServer.override = (_id, seq) => (seq === 1 ? { status: 409, body: { error: { code: 'conflict', message: 'other bytes' } } } : undefined);
    await inPage((rec) => rec.putSynthetic('int_1', 'r-conflict', [0, 1, 2]).then(() => rec.nudge('r-conflict')));
    await until('reported', async () => (await inPage((rec) => rec.state())).reports.length > 0);
    const { reports, state } = await inPage((rec) => rec.state());
    expect(reports).toEqual([expect.objectContaining({ type: 'refused', recordingId: 'r-conflict', seq: 1, status: 409 })]);
    expect(state).toMatchObject({ kind: 'error', pendingChunks: 2, message: expect.stringMatching(/kept on this device/) });
    // Held: a retry with backoff would have asked again within 3 s.
    await wait(3500);
    expect(chunkServer.log.map((e) => [e.seq, e.status])).toEqual([[0, 200], [1, 409]]);
    expect(await inPage((rec) => rec.pending('r-conflict'))).toEqual([1, 2]);
    // retry() tries once more; the server says the same, and the chunks stay.
    await inPage((rec) => rec.retry());
    await until('asked again', () => chunkServer.log.length === 3);
    expect(await inPage((rec) => rec.pending('r-conflict'))).toEqual([1, 2]);
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

  /**
   * Records ~4 s, does `change` (a device switch, the camera going off), records ~4 s more, stops,
   * finishes the uploaded file as the server does, and plays it in the page.
   */
  async function recordAcross(recordingId: string, change: () => Promise<number>, relay?: boolean) {
    await inPage((rec) => rec.open());
    const began = Date.now();
    await inPage((rec, a: { id: string; relay?: boolean }) => rec.record('int_1', a.id, { video: true, relay: a.relay }), { id: recordingId, relay });
    const relaying = await inPage((rec) => rec.relaying());
    await wait(4000);
    const segments = await change();
    await wait(4000);
    await inPage((rec) => rec.stop());
    const recordedMs = Date.now() - began;
    await until('saved', async () => (await inPage((rec) => rec.state())).state.kind === 'saved');
    chunkServer.contiguous(recordingId);
    const raw = Buffer.concat(chunkServer.rec(recordingId).chunks);
    const out = collector();
    const finished = await finishWebm(async function* () {
      yield raw;
    }, out.sink);
    media.set(`${recordingId}.webm`, Buffer.from(out.bytes()));
    const played = await inPage((rec, url: string) => rec.play(url, 0.9), `/media/${recordingId}.webm`);
    console.log(`[capture] ${recordingId}: relaying ${relaying}, ${segments} segment(s), recorded ~${recordedMs} ms, finished ${finished.durationMs} ms, played`, played);
    const [videoTimes, audioTimes] = [await blockTimes(out.bytes(), 1), await blockTimes(out.bytes(), 2)];
    return { relaying, segments, raw, finished, played, recordedMs, videoTimes, audioTimes, errors: (await inPage((rec) => rec.state())).errors };
  }

  /** The finished file covers the whole recording, before and after the change, and seeks to 90%. */
  function expectWhole(r: Awaited<ReturnType<typeof recordAcross>>) {
    expect(r.finished.torn).toBeNull();
    expect(r.finished.notes).toEqual([]);
    // The page's own start and stop happen inside the measured span, a little after and before its ends.
    expect(r.finished.durationMs).toBeGreaterThan(r.recordedMs - 1500);
    expect(r.finished.durationMs).toBeLessThan(r.recordedMs + 500);
    expect(Math.abs(r.played.duration * 1000 - r.finished.durationMs)).toBeLessThan(1000);
    expect(r.played.seeked).toBe(true);
    expect(r.played.currentTime).toBeGreaterThan(r.played.duration * 0.85);
    expect(r.errors).toEqual([]);
  }

  /** Video frames in the finished file from its start to its last half-second, with no gap over 1 s (the switch included). */
  function expectVideoThroughout(r: Awaited<ReturnType<typeof recordAcross>>) {
    const times = r.videoTimes;
    expect(times[0]).toBeLessThan(500);
    expect(times.at(-1)).toBeGreaterThan(r.finished.durationMs - 500);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps)).toBeLessThan(1000);
  }

  it('a camera switch mid-recording keeps one recorder: one WebM file that plays from before the switch to after it', async () => {
    const r = await recordAcross('r-switch', () => inPage((rec) => rec.switchCamera()));
    expect(r.relaying).toBe(true);
    expect(r.segments).toBe(1);
    expect(count(r.raw, EBML_MAGIC)).toBe(1);
    expect(r.finished.streams).toBe(1);
    expectWhole(r);
    expectVideoThroughout(r);
  });

  it('without track relays a camera switch makes a second segment, and the finisher joins both into one timeline', async () => {
    const r = await recordAcross('r-switch-restart', () => inPage((rec) => rec.switchCamera()), false);
    expect(r.relaying).toBe(false);
    expect(r.segments).toBe(2);
    expect(count(r.raw, EBML_MAGIC)).toBe(2);
    expect(r.finished.streams).toBe(2);
    expectWhole(r);
    expectVideoThroughout(r);
  });

  it('the camera going off mid-recording keeps the same recorder, and the sound goes on to the end', async () => {
    const r = await recordAcross('r-camera-off', () => inPage((rec) => rec.cameraOff()));
    expect(r.segments).toBe(1);
    expect(count(r.raw, EBML_MAGIC)).toBe(1);
    expect(count(r.raw, 'V_VP')).toBe(1);
    expectWhole(r);
    // Pictures until the camera went off (~4 s in, plus one black frame), sound to the end.
    expect(r.videoTimes.at(-1)).toBeLessThan(r.finished.durationMs - 2500);
    expect(r.audioTimes.at(-1)).toBeGreaterThan(r.finished.durationMs - 500);
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
