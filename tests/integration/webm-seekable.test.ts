/**
 * Real Chromium records ~12 s of its fake camera and microphone with
 * MediaRecorder (2 s timeslices, as the room will), the chunks are joined in
 * Node as the server will join them, and the finisher makes the file
 * seekable. The page then plays both files from a same-origin URL served with
 * Range requests (206), as S3 or our server would serve them:
 *  - the raw recording has no duration (Infinity): the problem we fix;
 *  - the finished one has a finite duration within 1 s of the recorded time
 *    and a seek to 90% completes.
 * Needs no app server: the page and the media are answered by page.route.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishWebm, finishWebmFile } from '../../server/recordings/webm/finish';
import { launchBrowser } from '../helpers/browser';
import { CHROMIUM_ARGS } from '../helpers/chromium.mjs';
import { collector, writeRepeated } from '../helpers/webm-builder';

// localhost is a secure context, which getUserMedia needs; nothing listens there, page.route answers.
const ORIGIN = 'http://localhost:9';
const RECORD_MS = 12_000;

interface Captured {
  video: string[];
  audio: string[];
  recordedMs: number;
  videoType: string;
}

const files = new Map<string, Buffer>();
/** Media too large to hold in memory, served from disk. */
const diskFiles = new Map<string, string>();
/** Most bytes one Range response carries, like a server that answers open-ended ranges in parts. */
const MAX_RANGE = 4 << 20;
/** Bytes served per file, to see how much of it a seek had to read. */
const served = new Map<string, number>();

/** Answers a media request like a static file server: whole file, or the requested Range with 206. */
async function serveMedia(route: Route): Promise<void> {
  const name = new URL(route.request().url()).pathname.slice('/media/'.length);
  const memory = files.get(name);
  const disk = diskFiles.get(name);
  if (!memory && !disk) return route.fulfill({ status: 404, body: 'not found' });
  const length = memory?.length ?? statSync(disk!).size;
  const slice = async (start: number, end: number) => {
    if (memory) return memory.subarray(start, end + 1);
    const file = await open(disk!);
    try {
      const { buffer, bytesRead } = await file.read({ buffer: Buffer.alloc(end + 1 - start), position: start });
      return buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  };
  const type = name.startsWith('audio') ? 'audio/webm' : 'video/webm';
  const range = /^bytes=(\d+)-(\d*)$/.exec(route.request().headers()['range'] ?? '');
  if (!range && memory) return route.fulfill({ status: 200, body: memory, headers: { 'Content-Type': type, 'Accept-Ranges': 'bytes' } });
  const start = range ? Number(range[1]) : 0;
  const end = Math.min(range?.[2] ? Number(range[2]) : length - 1, length - 1, start + MAX_RANGE - 1);
  if (start >= length) return route.fulfill({ status: 416, headers: { 'Content-Range': `bytes */${length}` } });
  const body = await slice(start, end);
  served.set(name, (served.get(name) ?? 0) + body.length);
  return route.fulfill({
    status: 206,
    body,
    headers: { 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Content-Range': `bytes ${start}-${end}/${length}` },
  });
}

async function record(page: Page): Promise<Captured> {
  return page.evaluate(async (ms) => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    const start = (tracks: MediaStream, mimeTypes: string[]) => {
      const mimeType = mimeTypes.find((t) => MediaRecorder.isTypeSupported(t));
      if (!mimeType) throw new Error(`none of ${mimeTypes.join(', ')} is supported`);
      const recorder = new MediaRecorder(tracks, { mimeType });
      const chunks: Blob[] = [];
      recorder.ondataavailable = (event) => {
        if (event.data.size > 0) chunks.push(event.data);
      };
      const stopped = new Promise((resolve) => (recorder.onstop = resolve));
      recorder.start(2000);
      return { recorder, chunks, stopped, mimeType };
    };
    const began = performance.now();
    const video = start(stream, ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus']);
    const audio = start(new MediaStream(stream.getAudioTracks()), ['audio/webm;codecs=opus']);
    await new Promise((resolve) => setTimeout(resolve, ms));
    video.recorder.stop();
    audio.recorder.stop();
    const recordedMs = performance.now() - began;
    await Promise.all([video.stopped, audio.stopped]);
    for (const track of stream.getTracks()) track.stop();
    const base64 = async (blob: Blob) => {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(text);
    };
    return {
      video: await Promise.all(video.chunks.map(base64)),
      audio: await Promise.all(audio.chunks.map(base64)),
      recordedMs,
      videoType: video.mimeType,
    };
  }, RECORD_MS);
}

/** Loads a media URL in a fresh element; its duration as text (Infinity and NaN included). */
async function durationOf(page: Page, url: string, kind: 'video' | 'audio'): Promise<string> {
  return page.evaluate(
    async ({ url, kind }) => {
      const media = document.createElement(kind);
      media.muted = true;
      media.preload = 'metadata';
      await new Promise((resolve, reject) => {
        media.onloadedmetadata = resolve;
        media.onerror = () => reject(new Error(`media error ${media.error?.code}: ${media.error?.message}`));
        media.src = url;
      });
      return String(media.duration);
    },
    { url, kind },
  );
}

/** Seeks to `fraction` of the duration and reports whether `seeked` fired within `timeoutMs`. */
async function seek(page: Page, url: string, kind: 'video' | 'audio', fraction: number, timeoutMs: number) {
  return page.evaluate(
    async ({ url, kind, fraction, timeoutMs }) => {
      const media = document.createElement(kind);
      media.muted = true;
      media.preload = 'metadata';
      await new Promise((resolve, reject) => {
        media.onloadedmetadata = resolve;
        media.onerror = () => reject(new Error(`media error ${media.error?.code}`));
        media.src = url;
      });
      const target = media.duration * fraction;
      const began = performance.now();
      const seeked = await new Promise<boolean>((resolve) => {
        media.onseeked = () => resolve(true);
        setTimeout(() => resolve(false), timeoutMs);
        media.currentTime = target;
      });
      return { seeked, ms: performance.now() - began, target, currentTime: media.currentTime };
    },
    { url, kind, fraction, timeoutMs },
  );
}

const join = (chunks: string[]) => Buffer.concat(chunks.map((chunk) => Buffer.from(chunk, 'base64')));

describe('a MediaRecorder recording, finished', () => {
  let browser: Browser;
  let page: Page;
  let captured: Captured;
  const dir = mkdtempSync(path.join(tmpdir(), 'webm-seekable-'));

  beforeAll(async () => {
    // The recording relies on the fake camera and microphone, granted without a prompt.
    expect(CHROMIUM_ARGS).toEqual(expect.arrayContaining(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']));
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.route(`${ORIGIN}/media/**`, serveMedia);
    await page.route(`${ORIGIN}/`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>recording</title><body></body>' }));
    await page.goto(`${ORIGIN}/`);
    captured = await record(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const kind of ['video', 'audio'] as const) {
    it(`${kind}: has no duration as recorded, and a true one and working seeks once finished`, async () => {
      const raw = join(captured[kind]);
      // 12 s in 2 s slices: the chunks really are the pieces the server will join.
      expect(captured[kind].length).toBeGreaterThanOrEqual(6);
      files.set(`${kind}-raw.webm`, raw);
      expect(['Infinity', 'NaN']).toContain(await durationOf(page, `${ORIGIN}/media/${kind}-raw.webm`, kind));

      const out = collector();
      const result = await finishWebm(
        async function* () {
          for (const chunk of captured[kind]) yield Buffer.from(chunk, 'base64');
        },
        out.sink,
      );
      expect(result.torn).toBeNull();
      expect(result.cues).toBeGreaterThanOrEqual(1);
      expect(Math.abs(result.durationMs - captured.recordedMs)).toBeLessThan(1000);
      files.set(`${kind}-finished.webm`, Buffer.from(out.bytes()));

      const duration = Number(await durationOf(page, `${ORIGIN}/media/${kind}-finished.webm`, kind));
      expect(Number.isFinite(duration)).toBe(true);
      expect(Math.abs(duration * 1000 - captured.recordedMs)).toBeLessThan(1000);

      const seeked = await seek(page, `${ORIGIN}/media/${kind}-finished.webm`, kind, 0.9, 5000);
      console.log(`[webm] ${kind}: recorded ${captured.recordedMs.toFixed(0)} ms, Duration ${result.durationMs} ms, <${kind}> duration ${duration} s, ${result.cues} cues, seek to 90% in ${seeked.ms.toFixed(0)} ms`);
      expect(seeked.seeked).toBe(true);
      expect(seeked.currentTime).toBeCloseTo(seeked.target, 1);
    });
  }

  it('two recorder runs laid end to end (a restart mid-recording) finish as one timeline that plays and seeks', async () => {
    // The video capture twice (Chromium's own muxer output, each with its EBML header), and the
    // audio-only capture followed by the video one (the later video has no track to join, so it is dropped).
    for (const [name, parts, kind] of [
      ['video-twice', [...captured.video, ...captured.video], 'video'],
      ['audio-then-video', [...captured.audio, ...captured.video], 'audio'],
    ] as const) {
      const out = collector();
      const result = await finishWebm(
        async function* () {
          for (const chunk of parts) yield Buffer.from(chunk, 'base64');
        },
        out.sink,
      );
      expect(result.streams).toBe(2);
      expect(result.torn).toBeNull();
      expect(result.notes).toEqual(kind === 'audio' ? [expect.stringMatching(/video track .* dropped/)] : []);
      expect(Math.abs(result.durationMs - 2 * captured.recordedMs)).toBeLessThan(2000);
      files.set(`${name}.webm`, Buffer.from(out.bytes()));
      const duration = Number(await durationOf(page, `${ORIGIN}/media/${name}.webm`, kind));
      expect(Math.abs(duration * 1000 - result.durationMs)).toBeLessThan(1000);
      const seeked = await seek(page, `${ORIGIN}/media/${name}.webm`, kind, 0.9, 5000);
      console.log(`[webm] ${name}: Duration ${result.durationMs} ms, <${kind}> duration ${duration} s, seek to 90% in ${seeked.ms.toFixed(0)} ms`);
      expect(seeked.seeked).toBe(true);
      expect(seeked.currentTime).toBeCloseTo(seeked.target, 1);
    }
  });

  it('an hour of it: finishes streaming with flat memory, and Chromium seeks to 54 minutes', async () => {
    // The real capture's Clusters repeated with shifted Timecodes up to 3600 s.
    const capture = join(captured.video);
    const period = await finishWebm(
      async function* () {
        yield capture;
      },
      collector().sink,
    );
    const raw = path.join(dir, 'hour-raw.webm');
    const finished = path.join(dir, 'hour-finished.webm');
    const rawBytes = await writeRepeated(capture, Math.ceil(period.durationMs), 3_600_000, raw);

    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const began = performance.now();
    const result = await finishWebmFile(raw, finished);
    const seconds = (performance.now() - began) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(`[webm] an hour: ${(rawBytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(2)} s (${(rawBytes / 1e6 / seconds).toFixed(0)} MB/s), peak RSS growth ${((peak - before) / 1e6).toFixed(1)} MB, ${result.clusters} Clusters, ${result.cues} cues`);

    expect(result.torn).toBeNull();
    expect(result.bytes).toBe(statSync(finished).size);
    expect(Math.abs(result.durationMs - 3_600_000)).toBeLessThan(Math.ceil(period.durationMs) + 1000);
    // Holding the file (or even a tenth of it) would show; the finisher keeps chunks and per-Cluster numbers.
    expect(peak - before).toBeLessThan(Math.min(96e6, rawBytes / 3));

    diskFiles.set('video-hour.webm', finished);
    const duration = Number(await durationOf(page, `${ORIGIN}/media/video-hour.webm`, 'video'));
    expect(Math.abs(duration * 1000 - result.durationMs)).toBeLessThan(1000);
    served.clear();
    const seeked = await seek(page, `${ORIGIN}/media/video-hour.webm`, 'video', 0.9, 5000);
    const read = served.get('video-hour.webm') ?? 0;
    console.log(`[webm] seek to ${seeked.target.toFixed(0)} s of the hour: ${seeked.ms.toFixed(0)} ms, ${(read / 1e6).toFixed(1)} MB read of ${(result.bytes / 1e6).toFixed(0)} MB`);
    expect(seeked.seeked).toBe(true);
    expect(seeked.currentTime).toBeGreaterThan(3000);
    // The Cues send the player straight to the Cluster: it reads a few Range responses, not the hour.
    expect(read).toBeLessThan(result.bytes / 10);
  }, 60_000);
});
