/**
 * The recording upload load of bench/recording.ts: each uploader is one
 * recorded participant's browser, POSTing chunk `seq` of its recording every
 * timeslice, one request at a time (a chunk captured while the previous one is
 * still in flight waits, as the app's ChunkUploader does). Runs in its own
 * process (./upload-worker.ts) so the board's latency is not measured on a
 * client event loop that also pushes megabytes.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { concat, encodeId, encodeUnknownSize, ID, uintElement } from '../../server/recordings/webm/ebml';

export interface Uploader {
  interviewId: string;
  recordingId: string;
  cookie: string;
}

export interface UploadConfig {
  baseUrl: string;
  uploaders: Uploader[];
  periodMs: number;
  /** Chunk 0: a real capture's WebM head followed by Clusters, chunkBytes long. */
  firstChunkPath: string;
  /** The Clusters of one later chunk after their Timecode element (the Timecode is written per chunk). */
  clusterBodyPath: string;
}

export interface UploadSchedule {
  startAt: number;
  measureFrom: number;
  measureTo: number;
}

export interface UploadResult {
  /** Round trips (request start to answer read) of chunks answered inside the window, ms. */
  roundTrips: number[];
  /** Bytes of chunks the server acknowledged (200) inside the window. */
  bytesAccepted: number;
  chunksAccepted: number;
  chunksSent: number;
  /** Chunks still waiting to be sent when their next one was captured (the uploader fell behind). */
  queuedBehind: number;
  /** Refusals and errors by status (or error name). */
  failures: Record<string, number>;
  cpuMs: number;
  windowMs: number;
  /** Next seq of each uploader at the end. */
  nextSeq: number[];
}

const now = () => performance.timeOrigin + performance.now();

/** One later chunk: an unknown-size Cluster whose Timecode follows the seq, then the shared body (sent as is, not copied). */
function laterChunk(body: Uint8Array, seq: number, periodMs: number): Uint8Array[] {
  return [concat([encodeId(ID.Cluster), encodeUnknownSize(8), uintElement(ID.Timecode, seq * periodMs)]), body];
}

/**
 * One POST over a kept-alive connection with node:http. The uploaders share
 * the machine with the server and the board clients, so they are as cheap as
 * a client can be: fetch() cost this process about 3× the CPU (undici per
 * request, plus a copy of every chunk), which on two cores was contention the
 * board latency paid for, not upload cost on the server.
 */
function post(agent: http.Agent, url: string, headers: Record<string, string>, parts: Uint8Array[]): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const length = parts.reduce((n, part) => n + part.byteLength, 0);
    const request = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(length) } }, (response) => {
      const pieces: Buffer[] = [];
      response.on('data', (piece: Buffer) => pieces.push(piece));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(pieces).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    for (const part of parts) request.write(part);
    request.end();
  });
}

/** `startSeq`: where each uploader goes on from (a later uploads phase continues the same recordings). */
export async function runUploads(config: UploadConfig, schedule: UploadSchedule, startSeq: number[] = []): Promise<UploadResult> {
  const first = readFileSync(config.firstChunkPath);
  const body = readFileSync(config.clusterBodyPath);
  const result: UploadResult = { roundTrips: [], bytesAccepted: 0, chunksAccepted: 0, chunksSent: 0, queuedBehind: 0, failures: {}, cpuMs: 0, windowMs: 0, nextSeq: [] };
  const fail = (why: string) => (result.failures[why] = (result.failures[why] ?? 0) + 1);
  const inWindow = (at: number) => at >= schedule.measureFrom && at < schedule.measureTo;

  const wait = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - now())));
  // One connection per uploader, as each browser keeps its own.
  const agent = new http.Agent({ keepAlive: true, maxSockets: config.uploaders.length });
  const one = async (uploader: Uploader, index: number): Promise<number> => {
    // Uploaders start spread over one timeslice, as browsers that pressed Allow at different moments.
    const firstAt = schedule.startAt + (index / config.uploaders.length) * config.periodMs;
    const start = startSeq[index] ?? 0;
    let sent = start;
    while (true) {
      // Chunk k is handed over by the recorder k timeslices after chunk 0 (of this phase).
      const ready = firstAt + (sent - start) * config.periodMs;
      await wait(ready);
      if (now() >= schedule.measureTo) break;
      if (now() - ready > config.periodMs) result.queuedBehind += 1;
      const seq = sent;
      const parts = seq === 0 ? [first] : laterChunk(body, seq, config.periodMs);
      const chunkBytes = parts.reduce((n, part) => n + part.byteLength, 0);
      const began = now();
      try {
        const response = await post(agent, `${config.baseUrl}/api/interviews/${uploader.interviewId}/recording/${uploader.recordingId}/chunks/${seq}`, {
          'content-type': 'application/octet-stream',
          cookie: uploader.cookie,
        }, parts);
        const text = response.text;
        const answered = now();
        result.chunksSent += 1;
        if (response.status !== 200) {
          fail(`${response.status} ${text.slice(0, 120)}`);
          await wait(answered + 1000);
          continue;
        }
        sent += 1;
        if (inWindow(answered)) {
          result.roundTrips.push(answered - began);
          result.bytesAccepted += chunkBytes;
          result.chunksAccepted += 1;
        }
      } catch (error) {
        fail((error as Error).name);
        await wait(now() + 1000);
      }
    }
    return sent;
  };

  const all = Promise.all(config.uploaders.map(one));
  await wait(schedule.measureFrom);
  const cpuStart = process.cpuUsage();
  const wallStart = now();
  await wait(schedule.measureTo);
  const cpu = process.cpuUsage(cpuStart);
  result.windowMs = now() - wallStart;
  result.cpuMs = (cpu.user + cpu.system) / 1000;
  result.nextSeq = await all;
  agent.destroy();
  return result;
}
