/**
 * Recording across device changes, in real Chromium with fake devices: a
 * camera switch, the camera going off, a recorder stopped behind our back,
 * audio only. The file the chunks make is finished as the server finishes it
 * and played in the page.
 */
import { describe, expect, it } from 'vitest';
import { finishWebm } from '../../server/recordings/webm/finish';
import { media } from '../helpers/chunk-server';
import { count, EBML_MAGIC, recordingHarness, until, wait } from '../helpers/recording-harness';
import { blockTimes, collector } from '../helpers/webm-builder';

const h = recordingHarness();
const inPage: typeof h.inPage = (fn, arg) => h.inPage(fn, arg);

describe('recording across device changes', () => {
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
    h.chunkServer.contiguous(recordingId);
    const raw = Buffer.concat(h.chunkServer.rec(recordingId).chunks);
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

  it.each([
    { name: 'with track relays: one recorder, one WebM file', id: 'r-switch', relay: undefined, relaying: true, segments: 1 },
    { name: 'without track relays: a second segment, which the finisher joins into one timeline', id: 'r-switch-restart', relay: false, relaying: false, segments: 2 },
  ])('a camera switch mid-recording, $name, plays from before the switch to after it', async ({ id, relay, relaying, segments }) => {
    const r = await recordAcross(id, () => inPage((rec) => rec.switchCamera()), relay);
    expect(r.relaying).toBe(relaying);
    expect(r.segments).toBe(segments);
    expect(count(r.raw, EBML_MAGIC)).toBe(segments);
    expect(r.finished.streams).toBe(segments);
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
    h.chunkServer.contiguous('r-behind');
    const file = Buffer.concat(h.chunkServer.rec('r-behind').chunks);
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
    h.chunkServer.contiguous('r-audio');
    const file = Buffer.concat(h.chunkServer.rec('r-audio').chunks);
    expect(count(file, 'A_OPUS')).toBe(1);
    expect(count(file, 'V_VP')).toBe(0);
  });

});
