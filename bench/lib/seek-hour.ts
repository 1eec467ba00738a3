/**
 * The seek part of bench/recording.ts: an unfinished hour of MediaRecorder
 * WebM goes through the app like a browser's recording (chunk route, then
 * complete), the server's finishing step makes it seekable, and Chromium
 * seeks in it through the media route (Range requests, session cookie).
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { lastBlockMs } from '../../tests/helpers/recorded-file';
import { launchBrowser } from '../../tests/helpers/browser';
import type { HttpSession } from '../../tests/helpers/http-session';
import { writeRepeated } from '../../tests/helpers/webm-builder';
import { now, sleep } from './common';
import { rng } from './elements';

export interface HourFile {
  path: string;
  bytes: number;
  periodMs: number;
}

/** The capture's Clusters repeated with shifted Timecodes for `lengthMs`: still without Duration or Cues. */
export async function writeHour(capture: Buffer, dir: string, lengthMs: number): Promise<HourFile> {
  // One repetition lasts up to its last block plus one 30 fps frame; the next starts right after.
  const periodMs = Math.ceil((await lastBlockMs(capture)) + 1000 / 30);
  const file = path.join(dir, 'hour-unfinished.webm');
  const bytes = await writeRepeated(capture, periodMs, lengthMs, file);
  return { path: file, bytes, periodMs };
}

/** Uploads the file in order through the chunk route, `chunkBytes` at a time; returns the chunk count. */
export async function uploadFile(session: HttpSession, interviewId: string, recordingId: string, file: string, chunkBytes: number): Promise<number> {
  const handle = await open(file);
  try {
    let seq = 0;
    for (let position = 0; ; position += chunkBytes, seq++) {
      const { buffer, bytesRead } = await handle.read({ buffer: Buffer.alloc(chunkBytes), position });
      if (bytesRead === 0) return seq;
      const response = await session.fetch(`/api/interviews/${interviewId}/recording/${recordingId}/chunks/${seq}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: buffer.subarray(0, bytesRead),
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`chunk ${seq} answered ${response.status}: ${text}`);
    }
  } finally {
    await handle.close();
  }
}

export interface Finished {
  status: string;
  /** The server's own clock: stoppedAt (set by complete) to finishedAt. */
  finishingMs: number;
  /** From the complete request to the bench seeing the row finished (polled every 100 ms). */
  observedMs: number;
  durationMs: number;
  bytes: number;
}

/** Completes the recording and waits until the finishing step has run (the row says finished or failed). */
export async function completeAndWait(session: HttpSession, db: pg.Client, interviewId: string, recordingId: string, chunks: number, timeoutMs: number): Promise<Finished> {
  const began = now();
  const done = await session.api('POST', `/api/interviews/${interviewId}/recording/${recordingId}/complete`, { chunks });
  if (done.status !== 200) throw new Error(`complete answered ${done.status}: ${JSON.stringify(done.body)}`);
  while (now() - began < timeoutMs) {
    const { rows } = await db.query<{ status: string; stoppedAt: Date; finishedAt: Date | null; durationMs: number | null; bytes: string }>(
      'SELECT status, "stoppedAt", "finishedAt", "durationMs", bytes::text FROM "Recording" WHERE id = $1',
      [recordingId],
    );
    const row = rows[0]!;
    if (row.status === 'finished' || row.status === 'failed') {
      return {
        status: row.status,
        finishingMs: row.finishedAt ? row.finishedAt.getTime() - row.stoppedAt.getTime() : Number.NaN,
        observedMs: now() - began,
        durationMs: row.durationMs ?? Number.NaN,
        bytes: Number(row.bytes),
      };
    }
    await sleep(100);
  }
  throw new Error(`the recording was not finished within ${timeoutMs / 1000} s`);
}

export interface Seek {
  target: number;
  /** currentTime set → 'seeked', ms; null when it did not fire within the timeout. */
  seekedMs: number | null;
  /** currentTime set → the first frame presented after it (requestVideoFrameCallback), ms. */
  frameMs: number | null;
  landedAt: number;
}

export interface SeekRun {
  duration: number;
  metadataMs: number;
  seeks: Seek[];
  mediaRequests: number;
  /** Sum of Content-Length of the media responses during the seeks (what the server was asked for). */
  mediaBytesAnswered: number;
}

/**
 * In real Chromium, signed in with `cookieHeader`, on the app's origin: one
 * <video> loads the media URL, then seeks to `count` seeded random points,
 * one after another, like a reviewer jumping along the timeline.
 */
export async function seekInChromium(baseUrl: string, cookieHeader: string, mediaPath: string, count: number, seed: number, timeoutMs: number): Promise<SeekRun> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
    await context.addCookies(
      cookieHeader.split('; ').map((pair) => {
        const at = pair.indexOf('=');
        return { name: pair.slice(0, at), value: pair.slice(at + 1), url: baseUrl };
      }),
    );
    const page = await context.newPage();
    // A blank page on the app's origin (answered by the browser's router), so the media request carries the session cookie.
    await page.route(`${baseUrl}/__bench/seek`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>seek</title><body></body>' }));
    await page.goto(`${baseUrl}/__bench/seek`);
    let mediaRequests = 0;
    let mediaBytesAnswered = 0;
    let counting = false;
    page.on('response', (response) => {
      if (!counting || !response.url().endsWith(mediaPath)) return;
      mediaRequests += 1;
      mediaBytesAnswered += Number(response.headers()['content-length'] ?? 0);
    });

    const loaded = await page.evaluate(
      async ({ url, timeoutMs }) => {
        const video = document.createElement('video');
        video.muted = true;
        video.preload = 'metadata';
        video.width = 320;
        document.body.append(video);
        (window as unknown as { benchVideo: HTMLVideoElement }).benchVideo = video;
        const began = performance.now();
        await new Promise<void>((resolve, reject) => {
          video.onloadedmetadata = () => resolve();
          video.onerror = () => reject(new Error(`media error ${video.error?.code}: ${video.error?.message}`));
          setTimeout(() => reject(new Error('no loadedmetadata')), timeoutMs);
          video.src = url;
        });
        return { duration: video.duration, metadataMs: performance.now() - began };
      },
      { url: `${baseUrl}${mediaPath}`, timeoutMs },
    );
    if (!Number.isFinite(loaded.duration)) throw new Error(`the finished recording has no finite duration in Chromium (${loaded.duration})`);

    const random = rng(seed);
    const seeks: Seek[] = [];
    counting = true;
    for (let i = 0; i < count; i++) {
      const target = random() * Math.max(0, loaded.duration - 1);
      seeks.push(
        await page.evaluate(
          async ({ target, timeoutMs }) => {
            // No named function expressions in here: tsx would wrap them in a helper the page does not have.
            const video = (window as unknown as { benchVideo: HTMLVideoElement }).benchVideo;
            const framed = new Promise<number>((resolve) => video.requestVideoFrameCallback(() => resolve(performance.now())));
            const seeked = new Promise<number>((resolve) => video.addEventListener('seeked', () => resolve(performance.now()), { once: true }));
            const began = performance.now();
            video.currentTime = target;
            const seekedAt = await Promise.race([seeked, new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs))]);
            const frameAt = await Promise.race([framed, new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs))]);
            return { target, seekedMs: seekedAt === null ? null : seekedAt - began, frameMs: frameAt === null ? null : frameAt - began, landedAt: video.currentTime };
          },
          { target, timeoutMs },
        ),
      );
    }
    counting = false;
    return { ...loaded, seeks, mediaRequests, mediaBytesAnswered };
  } finally {
    await browser.close();
  }
}
