/**
 * Real WebM for bench/recording.ts: a few seconds of Chromium's MediaRecorder
 * recording its fake camera and microphone with the app's own settings
 * (capture.ts: type, bitrates, timeslice), and the pieces the benches build
 * from it: the upload load's chunks, and an unfinished hour of it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { AUDIO_BITS_PER_SECOND, TIMESLICE_MS, VIDEO_BITS_PER_SECOND, VIDEO_MIME_TYPES } from '../../app/interviews/[id]/_components/recording/capture';
import { concat, encodeId, encodeUnknownSize, ID, uintElement } from '../../server/recordings/webm/ebml';
import { launchBrowser } from '../../tests/helpers/browser';
import { simpleBlock } from '../../tests/helpers/webm-builder';

/** What the app uploads per timeslice at its bitrates: (1 Mbit/s + 64 kbit/s) × 3 s ÷ 8 ≈ 400 KB. */
export const CHUNK_BYTES = Math.round(((VIDEO_BITS_PER_SECOND + AUDIO_BITS_PER_SECOND) / 8) * (TIMESLICE_MS / 1000));
export { TIMESLICE_MS };

export interface Capture {
  bytes: Buffer;
  mimeType: string;
  recordedMs: number;
  /** Bytes of each MediaRecorder timeslice. */
  chunkSizes: number[];
}

// localhost is a secure context, which getUserMedia needs; nothing listens there, page.route answers.
const ORIGIN = 'http://localhost:9';

export async function captureInChromium(ms: number): Promise<Capture> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.route(`${ORIGIN}/`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>capture</title><body></body>' }));
    await page.goto(`${ORIGIN}/`);
    const captured = await page.evaluate(
      async ({ ms, types, videoBps, audioBps, slice }) => {
        // The call's camera size (local-media.ts) and the recorder's settings (capture.ts).
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 640 }, height: { ideal: 360 } } });
        const mimeType = types.find((t) => MediaRecorder.isTypeSupported(t));
        if (!mimeType) throw new Error(`none of ${types.join(', ')} is supported`);
        const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: videoBps, audioBitsPerSecond: audioBps });
        const chunks: Blob[] = [];
        recorder.ondataavailable = (event) => event.data.size > 0 && chunks.push(event.data);
        const stopped = new Promise((resolve) => (recorder.onstop = resolve));
        const began = performance.now();
        recorder.start(slice);
        await new Promise((resolve) => setTimeout(resolve, ms));
        recorder.stop();
        const recordedMs = performance.now() - began;
        await stopped;
        for (const track of stream.getTracks()) track.stop();
        const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
        let text = '';
        for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return { base64: btoa(text), mimeType: recorder.mimeType || mimeType, recordedMs, chunkSizes: chunks.map((c) => c.size) };
      },
      { ms, types: [...VIDEO_MIME_TYPES], videoBps: VIDEO_BITS_PER_SECOND, audioBps: AUDIO_BITS_PER_SECOND, slice: TIMESLICE_MS },
    );
    return { bytes: Buffer.from(captured.base64, 'base64'), mimeType: captured.mimeType, recordedMs: captured.recordedMs, chunkSizes: captured.chunkSizes };
  } finally {
    await browser.close();
  }
}

export interface CaptureLayout {
  /** Bytes before the first Cluster: EBML header, Segment start, Info, Tracks. */
  head: Buffer;
  clusters: number;
  videoKeyframes: number;
  videoFrames: number;
  videoTrack: number | undefined;
}

/**
 * Reads the capture with ts-ebml (not with our finisher's parser), and checks
 * it is as MediaRecorder writes it: no Cues, no Duration, so nothing but our
 * finishing step can make the hour built from it seekable.
 */
export async function captureLayout(capture: Buffer): Promise<CaptureLayout> {
  const { Decoder, tools } = await import('ts-ebml');
  const copy = new Uint8Array(capture).slice();
  type Found = { name: string; isEnd?: boolean; tagStart: number; value?: number; data?: Buffer };
  const found = new Decoder().decode(copy.buffer) as unknown as Found[];
  const forbidden = found.find((e) => e.name === 'Cues' || e.name === 'Duration' || e.name === 'CuePoint');
  if (forbidden) throw new Error(`the capture already has ${forbidden.name}: it is not an unfinished MediaRecorder file`);
  const firstCluster = found.find((e) => e.name === 'Cluster' && !e.isEnd);
  if (!firstCluster) throw new Error('the capture has no Cluster');
  let videoTrack: number | undefined;
  let number: number | undefined;
  for (const e of found) {
    if (e.name === 'TrackNumber') number = e.value;
    if (e.name === 'TrackType' && e.value === 1) videoTrack = number;
  }
  let videoKeyframes = 0;
  let videoFrames = 0;
  for (const e of found) {
    if (e.name !== 'SimpleBlock' || !e.data) continue;
    const block = tools.ebmlBlock(Buffer.from(e.data));
    if (block.trackNumber !== videoTrack) continue;
    videoFrames += 1;
    if (block.keyframe) videoKeyframes += 1;
  }
  return {
    head: capture.subarray(0, firstCluster.tagStart),
    clusters: found.filter((e) => e.name === 'Cluster' && !e.isEnd).length,
    videoKeyframes,
    videoFrames,
    videoTrack,
  };
}

/**
 * The upload load's chunks, written into `dir`: chunk 0 is the capture's real
 * head followed by a Cluster, and every later chunk is one Cluster (its
 * Timecode written per seq by the uploader) of 30 fps video and 20 ms audio
 * blocks; each chunk is CHUNK_BYTES long, give or take a block header.
 */
export function writeUploadChunks(head: Buffer, dir: string): { firstChunkPath: string; clusterBodyPath: string; firstBytes: number; laterBytes: number } {
  const audioBytes = Math.round(((AUDIO_BITS_PER_SECOND / 8) * 20) / 1000);
  const videoFrames = Math.round((TIMESLICE_MS / 1000) * 30);
  const audioFrames = TIMESLICE_MS / 20;
  const clusterHeader = concat([encodeId(ID.Cluster), encodeUnknownSize(8), uintElement(ID.Timecode, 0)]).length;
  const videoBytes = Math.floor((CHUNK_BYTES - clusterHeader - audioFrames * (audioBytes + 8)) / videoFrames) - 8;
  const blocks: Uint8Array[] = [];
  for (let v = 0, a = 0; v < videoFrames || a < audioFrames; ) {
    const videoAt = Math.round((v * 1000) / 30);
    const audioAt = a * 20;
    if (v < videoFrames && (a >= audioFrames || videoAt <= audioAt)) blocks.push(simpleBlock({ track: 1, relative: videoAt, key: v++ === 0, bytes: videoBytes }));
    else {
      blocks.push(simpleBlock({ track: 2, relative: audioAt, key: true, bytes: audioBytes }));
      a += 1;
    }
  }
  const body = concat(blocks);
  const first = concat([head, encodeId(ID.Cluster), encodeUnknownSize(8), uintElement(ID.Timecode, 0), body]);
  const firstChunkPath = path.join(dir, 'chunk-0.webm');
  const clusterBodyPath = path.join(dir, 'cluster-body.bin');
  writeFileSync(firstChunkPath, first);
  writeFileSync(clusterBodyPath, body);
  return { firstChunkPath, clusterBodyPath, firstBytes: first.length, laterBytes: clusterHeader + body.length };
}
