/**
 * The browser side of recording uploads, in real Chromium (fake camera and
 * mic, real MediaRecorder, real IndexedDB, real fetch): capture.ts,
 * chunk-store.ts and uploader.ts against a small Node HTTP server that plays
 * the chunk endpoint's contract and records everything it received. Device
 * switches are in recording-devices.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { count, EBML_MAGIC, recordingHarness, until, wait } from '../helpers/recording-harness';

const h = recordingHarness();
const inPage: typeof h.inPage = (fn, arg) => h.inPage(fn, arg);

describe('recording capture and upload queue', () => {
  it('10 s of recording arrive in seq order with no gap, as one WebM file, and the queue ends empty', async () => {
    expect(await inPage((rec) => rec.open())).toEqual({ durable: true, reason: undefined });
    const mime = await inPage((rec, id: string) => rec.record('int_1', id), 'r-order');
    expect(mime).toMatch(/^video\/webm;codecs=vp[89]/);
    await wait(10_000);
    await inPage((rec) => rec.stop());
    await until('all uploaded', async () => (await inPage((rec) => rec.state())).state.kind === 'saved');
    const n = h.chunkServer.contiguous('r-order');
    // 3 s timeslices over ~10 s, plus the final piece from stop().
    expect(n).toBeGreaterThanOrEqual(4);
    expect(h.chunkServer.log.map((e) => e.seq)).toEqual([...Array(n).keys()]);
    const file = Buffer.concat(h.chunkServer.rec('r-order').chunks);
    expect(file.subarray(0, 4)).toEqual(EBML_MAGIC);
    expect(count(file, EBML_MAGIC)).toBe(1);
    expect(file.length).toBeGreaterThan(100_000);
    // Then the browser says how many chunks it captured, once, and forgets the recording.
    await until('the recording completed', () => h.chunkServer.completions.length > 0);
    expect(h.chunkServer.completions).toEqual([{ recordingId: 'r-order', chunks: n, status: 200 }]);
    expect(await inPage((rec) => rec.peek())).toEqual([]);
  });

  it('keeps telling the server the recording is complete until it answers', async () => {
    h.chunkServer.completeFailures = 2;
    await inPage((rec) => rec.open());
    await inPage((rec, id: string) => rec.record('int_1', id), 'r-complete');
    await wait(4000);
    await inPage((rec) => rec.stop());
    await until('the recording completed after two refusals', () => h.chunkServer.completions.some((c) => c.status === 200), 30_000);
    const n = h.chunkServer.contiguous('r-complete');
    expect(h.chunkServer.completions.map((c) => [c.chunks, c.status])).toEqual([
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
    h.chunkServer.override = (_id, seq) => (seq === 1 && drops < 2 ? (drops++, 'accept-then-drop') : undefined);
    await inPage((rec) => rec.putSynthetic('int_1', 'r-repeat', [0, 1, 2, 3]).then(() => rec.nudge('r-repeat')));
    await until('drained', async () => (await inPage((rec) => rec.pending('r-repeat'))).length === 0);
    const sent = h.chunkServer.log.map((e) => [e.seq, e.status]);
    expect(sent.slice(0, 3)).toEqual([[0, 200], [1, 'dropped'], [1, 'dropped']]);
    expect(sent.slice(3)).toEqual([[1, 200], [2, 200], [3, 200]]);
    expect(h.chunkServer.contiguous('r-repeat')).toBe(4);
    expect(h.chunkServer.rec('r-repeat').chunks.map(String)).toEqual([0, 1, 2, 3].map((s) => `chunk r-repeat #${s}`));
  });

  it('409 gap with a later expected seq: the server has those, the queue resends from expected', async () => {
    await inPage((rec) => rec.open());
    // Another page sent 0..3 and never heard back: the server has them, this store still does too.
    h.chunkServer.preload('r-gap', [0, 1, 2, 3].map((s) => `chunk r-gap #${s}`));
    await inPage((rec) => rec.putSynthetic('int_1', 'r-gap', [0, 1, 2, 3, 4, 5]).then(() => rec.nudge('r-gap')));
    await until('drained', async () => (await inPage((rec) => rec.pending('r-gap'))).length === 0);
    expect(h.chunkServer.log.map((e) => [e.seq, e.status])).toEqual([[0, 409], [4, 200], [5, 200]]);
    expect(h.chunkServer.rec('r-gap').chunks.map(String)).toEqual([0, 1, 2, 3, 4, 5].map((s) => `chunk r-gap #${s}`));
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
    expect(h.chunkServer.log).toHaveLength(1);
  });

  it('413 and 422 are reported and the chunk is kept, not deleted', async () => {
    await inPage((rec) => rec.open());
    h.chunkServer.override = (_id, seq) => (seq === 0 ? { status: 413, body: { error: { code: 'too_large', message: 'too large' } } } : undefined);
    await inPage((rec) => rec.putSynthetic('int_1', 'r-413', [0, 1]).then(() => rec.nudge('r-413')));
    await until('reported', async () => (await inPage((rec) => rec.state())).reports.length > 0);
    expect((await inPage((rec) => rec.state())).reports).toEqual([expect.objectContaining({ type: 'refused', seq: 0, status: 413 })]);
    expect(await inPage((rec) => rec.pending('r-413'))).toEqual([0, 1]);
  });

  it('409 conflict (the server holds other bytes under that seq) is reported and held, not retried forever', async () => {
    await inPage((rec) => rec.open());
    h.chunkServer.override = (_id, seq) => (seq === 1 ? { status: 409, body: { error: { code: 'conflict', message: 'other bytes' } } } : undefined);
    await inPage((rec) => rec.putSynthetic('int_1', 'r-conflict', [0, 1, 2]).then(() => rec.nudge('r-conflict')));
    await until('reported', async () => (await inPage((rec) => rec.state())).reports.length > 0);
    const { reports, state } = await inPage((rec) => rec.state());
    expect(reports).toEqual([expect.objectContaining({ type: 'refused', recordingId: 'r-conflict', seq: 1, status: 409 })]);
    expect(state).toMatchObject({ kind: 'error', pendingChunks: 2, message: expect.stringMatching(/kept on this device/) });
    // Held: a retry with backoff would have asked again within 3 s.
    await wait(3500);
    expect(h.chunkServer.log.map((e) => [e.seq, e.status])).toEqual([[0, 200], [1, 409]]);
    expect(await inPage((rec) => rec.pending('r-conflict'))).toEqual([1, 2]);
    // retry() tries once more; the server says the same, and the chunks stay.
    await inPage((rec) => rec.retry());
    await until('asked again', () => h.chunkServer.log.length === 3);
    expect(await inPage((rec) => rec.pending('r-conflict'))).toEqual([1, 2]);
  });

  it('409 stopped drops everything pending for that recording', async () => {
    await inPage((rec) => rec.open());
    h.chunkServer.rec('r-stop').stopped = true;
    await inPage((rec) => rec.putSynthetic('int_1', 'r-stop', [0, 1, 2]).then(() => rec.nudge('r-stop')));
    await until('reported', async () => (await inPage((rec) => rec.state())).reports.length > 0);
    expect((await inPage((rec) => rec.state())).reports).toEqual([{ type: 'stopped', recordingId: 'r-stop' }]);
    expect(await inPage((rec) => rec.pending('r-stop'))).toEqual([]);
    expect(h.chunkServer.log.map((e) => [e.seq, e.status])).toEqual([[0, 409]]);
  });

  it('8 s offline keeps chunks in IndexedDB with state offline, and going online drains them', async () => {
    await inPage((rec) => rec.open());
    await inPage((rec) => rec.record('int_1', 'r-offline'));
    await until('first chunk uploaded', () => h.chunkServer.rec('r-offline').chunks.length >= 1);
    await h.page.context().setOffline(true);
    await wait(8000);
    const during = await inPage((rec) => rec.state());
    expect(during.state.kind).toBe('offline');
    expect(during.state.pendingChunks).toBeGreaterThanOrEqual(2);
    // They are in IndexedDB itself, read through a second connection.
    const stored = (await inPage((rec) => rec.peek())).find((r) => r.recordingId === 'r-offline')!;
    expect(stored.pending.length).toBeGreaterThanOrEqual(2);
    const uploadedBefore = h.chunkServer.rec('r-offline').chunks.length;
    await h.page.context().setOffline(false);
    await until('drained after online', () => h.chunkServer.rec('r-offline').chunks.length >= uploadedBefore + stored.pending.length, 10_000);
    await inPage((rec) => rec.stop());
    await until('saved', async () => (await inPage((rec) => rec.state())).state.kind === 'saved');
    h.chunkServer.contiguous('r-offline');
  });

  it('a reload mid-recording loses nothing stored: the new page resumes uploading and the server seqs are contiguous', async () => {
    await inPage((rec) => rec.open());
    await inPage((rec) => rec.record('int_1', 'r-reload'));
    await until('first chunk uploaded', () => h.chunkServer.rec('r-reload').chunks.length >= 1);
    // The server goes away for a while, so chunks pile up in the store; then the page reloads.
    h.chunkServer.down = true;
    await until('3 chunks waiting', async () => (await inPage((rec) => rec.pending('r-reload'))).length >= 3);
    await h.page.reload();
    h.chunkServer.down = false;
    const [before] = await inPage((rec) => rec.peek());
    expect(before!.pending.length).toBeGreaterThanOrEqual(3);
    await inPage((rec) => rec.open());
    await until('resumed and drained', () => h.chunkServer.rec('r-reload').next === before!.nextSeqToCapture);
    expect(h.chunkServer.contiguous('r-reload')).toBe(before!.nextSeqToCapture);
    await until('store empty', async () => (await inPage((rec) => rec.pending('r-reload'))).length === 0);
  });

  it('falls back to memory with durable: false when IndexedDB cannot be opened, and still uploads', async () => {
    await h.page.addInitScript(() => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      };
    });
    await h.page.reload();
    const opened = await inPage((rec) => rec.open());
    expect(opened.durable).toBe(false);
    expect(opened.reason).toMatch(/denied permission/);
    await inPage((rec) => rec.putSynthetic('int_1', 'r-mem', [0, 1]).then(() => rec.nudge('r-mem')));
    await until('drained', async () => (await inPage((rec) => rec.pending('r-mem'))).length === 0);
    expect(h.chunkServer.contiguous('r-mem')).toBe(2);
  });
});
