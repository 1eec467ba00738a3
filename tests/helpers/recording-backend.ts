/**
 * A real server storing recordings on disk (under its DATA_DIR) or in S3 (a
 * real s3rver in this process), with a way to see what is really stored, in
 * the folder or the bucket, and the same store in this process for code that
 * tests call directly. Plus the moves every recording test makes: ask to
 * record, allow, upload chunks, wait for the finishing step.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { parseEnv } from '../../server/env';
import { recordingStorage, type RecordingStorage } from '../../server/recordings/storage';
import type { HttpSession } from './http-session';
import { startLocalS3, type LocalS3 } from './s3-server';
import { serverFixture, type ServerFixture } from './server-fixture';
import { cluster, info, recording, tracks, type BlockSpec } from './webm-builder';

export type BackendKind = 'disk' | 's3';
export const BACKENDS: readonly BackendKind[] = ['disk', 's3'];

export interface RecordingBackend {
  kind: BackendKind;
  fixture: ServerFixture;
  /** The store the server uses, opened in this process with the server's settings. */
  store: RecordingStorage;
  /** Names of everything stored for one recording (files in its folder, objects under its prefix). */
  stored(recordingId: string): Promise<string[]>;
  /** The recording ids that have anything stored at all. */
  keys(): Promise<string[]>;
  close(): Promise<void>;
}

/** The server's default S3 prefix (server/recordings/storage/s3.ts). */
const PREFIX = 'recordings/';

export async function recordingBackend(kind: BackendKind, options: { env?: Record<string, string>; fixedPort?: boolean } = {}): Promise<RecordingBackend> {
  let s3: LocalS3 | undefined;
  let s3Env: Record<string, string> = {};
  if (kind === 's3') {
    s3 = await startLocalS3();
    s3Env = { S3_BUCKET: s3.bucket, S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey };
  }
  const fixture = await serverFixture({ fixedPort: options.fixedPort, env: { ...s3Env, ...options.env } });
  const store = recordingStorage({ ...parseEnv(fixture.env), DATA_DIR: fixture.env.DATA_DIR! });
  const root = path.join(fixture.env.DATA_DIR!, 'recordings');
  const client = s3 && new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
  const objects = async (prefix: string) => ((await client!.send(new ListObjectsV2Command({ Bucket: s3!.bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);
  return {
    kind,
    fixture,
    store,
    async stored(id) {
      if (client) return objects(`${PREFIX}${id}/`);
      const dir = path.join(root, id);
      return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String) : [];
    },
    async keys() {
      if (client) return [...new Set((await objects(PREFIX)).map((name) => name.slice(PREFIX.length).split('/')[0]!))];
      return existsSync(root) ? readdirSync(root) : [];
    },
    async close() {
      await fixture.close();
      client?.destroy();
      await s3?.close();
    },
  };
}

export const WEBM = 'video/webm;codecs=vp8,opus';

/** Video on track 1 (a keyframe first) and audio on track 2, every 100 ms for `ms`. */
const av = (ms: number): BlockSpec[] => {
  const blocks: BlockSpec[] = [];
  for (let t = 0; t < ms; t += 100) blocks.push({ track: 1, relative: t, key: t === 0, bytes: 300 }, { track: 2, relative: t, key: true, bytes: 80 });
  return blocks;
};
/** A 6-second WebM file as MediaRecorder writes it (no duration, no cues), cut into three chunks. */
export const FILE = recording(info(), tracks([{ number: 1, type: 'video' }, { number: 2, type: 'audio' }]), cluster(0, av(2000)), cluster(2000, av(2000)), cluster(4000, av(2000)));
export const FILE_MS = 6000;
const CUTS = [0, 1500, 4000, FILE.length];
export const CHUNKS = [0, 1, 2].map((i) => FILE.subarray(CUTS[i], CUTS[i + 1]));

export class RecordingMoves {
  constructor(
    private readonly backend: RecordingBackend,
    readonly interviewId: string,
  ) {}

  get base(): string {
    return `/api/interviews/${this.interviewId}/recording`;
  }

  /** An interviewer presses Record (stopping the running session first with `fresh`); returns the new session's id. */
  async start(interviewer: HttpSession, { fresh = false } = {}): Promise<string> {
    const current = fresh ? (await interviewer.api('GET', this.base)).body.session : null;
    if (current && !current.stoppedAt) {
      const stop = await interviewer.api('POST', `${this.base}/stop`, { scope: 'everyone' });
      if (stop.status !== 200) throw new Error(`Stop answered ${stop.status}: ${JSON.stringify(stop.body)}`);
    }
    const reply = await interviewer.api('POST', this.base);
    if (reply.status !== 201) throw new Error(`Record answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body.session.id;
  }

  /** `who` allows; returns their recording's id. */
  async allow(who: HttpSession, sessionId: string): Promise<string> {
    const reply = await who.api('POST', `${this.base}/consent`, { sessionId, decision: 'allowed', mimeType: WEBM });
    if (reply.status !== 200) throw new Error(`Allow answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body.mine.recordingId;
  }

  upload(who: HttpSession, recordingId: string, seq: number, bytes: Uint8Array = CHUNKS[seq]!): Promise<Response> {
    return who.fetch(`${this.base}/${recordingId}/chunks/${seq}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes as BodyInit });
  }

  /** Uploads every chunk of FILE, checking each is taken. */
  async uploadAll(who: HttpSession, recordingId: string): Promise<void> {
    for (const seq of CHUNKS.keys()) {
      const response = await this.upload(who, recordingId, seq);
      if (response.status !== 200) throw new Error(`chunk ${seq} answered ${response.status}: ${await response.text()}`);
    }
  }

  /** Waits for the finishing step to end (finished or failed). */
  async settled(recordingId: string) {
    for (let i = 0; i < 100; i++) {
      const row = await this.backend.fixture.prisma.recording.findUniqueOrThrow({ where: { id: recordingId } });
      if (row.status === 'finished' || row.status === 'failed') return row;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`recording ${recordingId} was not finished within 10 s`);
  }
}
