/**
 * One behaviour suite, run against both recording stores: the disk store in a
 * temp folder, and the S3 store against a real S3 server (s3rver) started in
 * this process. Then what only one of them can show: file modes and crash
 * recovery on disk, real multipart uploads and the factory's config on S3.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../server/env';
import { DiskRecordingStorage, recordingStorage, RecordingStorageError, S3RecordingStorage, type RecordingStorage } from '../../server/recordings/storage';
import { startLocalS3, type LocalS3 } from '../helpers/s3-server';

const MiB = 1024 * 1024;

async function bytesOf(stream: Readable): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of stream) pieces.push(Buffer.from(piece as Uint8Array));
  return Buffer.concat(pieces);
}
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
let keyCount = 0;
const newKey = () => `rec_${process.pid}_${++keyCount}_${randomBytes(4).toString('hex')}`;

async function appendAll(storage: RecordingStorage, key: string, chunks: Buffer[]) {
  for (const [seq, chunk] of chunks.entries()) await storage.appendChunk(key, seq, chunk);
}

async function refusal(promise: Promise<unknown>): Promise<RecordingStorageError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RecordingStorageError);
  return error as RecordingStorageError;
}

/** A stream of `total` random bytes in 256 KiB pieces, and their hash. */
function bigBody(total: number) {
  const data = randomBytes(total);
  async function* body() {
    for (let at = 0; at < total; at += 256 * 1024) yield data.subarray(at, at + 256 * 1024);
  }
  return { data, body: body() };
}

interface Backend {
  storage: RecordingStorage;
  /** Names of everything stored for the key (files on disk, objects in the bucket). */
  stored(key: string): Promise<string[]>;
}

let tmp: string;
let s3: LocalS3;
let client: S3Client;
/** Names of the commands the S3 client sent, to see the multipart upload happen. */
const sent: string[] = [];
const backends: Record<'disk' | 's3', Backend> = {} as never;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'mockroom-recordings-'));
  const disk = new DiskRecordingStorage(path.join(tmp, 'recordings'));
  backends.disk = {
    storage: disk,
    stored: async (key) => (existsSync(disk.dir(key)) ? readdirSync(disk.dir(key), { recursive: true }).map(String) : []),
  };
  s3 = await startLocalS3();
  client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
  client.middlewareStack.add((next, context) => (args) => (sent.push(context.commandName ?? '?'), next(args)), { step: 'initialize' });
  const bucket = new S3RecordingStorage({ bucket: s3.bucket, client, prefix: 'tests/' });
  backends.s3 = {
    storage: bucket,
    stored: async (key) => ((await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: bucket.folder(key) }))).Contents ?? []).map((o) => o.Key!),
  };
});

afterAll(async () => {
  // Close the client's keep-alive sockets first, or the server's close waits for them.
  client?.destroy();
  await s3?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe.each(['disk', 's3'] as const)('%s recording storage', (kind) => {
  const backend = () => backends[kind];

  it('appends chunks in order; size and a full read give exactly their concatenation', async () => {
    const { storage } = backend();
    expect(storage.kind).toBe(kind);
    const key = newKey();
    expect(await storage.size(key)).toBe(0);
    expect((await bytesOf(await storage.read(key))).length).toBe(0);
    const chunks = [100_000, 250_001, 1, 512 * 1024, 99_999].map((n) => randomBytes(n));
    await appendAll(storage, key, chunks);
    const whole = Buffer.concat(chunks);
    expect(await storage.size(key)).toBe(whole.length);
    expect(sha(await bytesOf(await storage.read(key)))).toBe(sha(whole));
  });

  it('reads byte ranges within one chunk and across chunk boundaries, and refuses a range past the end', async () => {
    const { storage } = backend();
    const key = newKey();
    const chunks = [1000, 2000, 3000, 4000].map((n) => randomBytes(n));
    await appendAll(storage, key, chunks);
    const whole = Buffer.concat(chunks);
    for (const [start, end] of [
      [10, 20], // inside chunk 0
      [1000, 2999], // exactly chunk 1
      [999, 1000], // the boundary between 0 and 1
      [500, 8500], // from chunk 0 into chunk 3, all of 1 and 2 in between
      [0, 9999], // everything
      [9999, 9999], // the last byte
    ]) {
      expect((await bytesOf(await storage.read(key, { start: start!, end: end! }))).equals(whole.subarray(start, end! + 1)), `${start}-${end}`).toBe(true);
    }
    expect((await refusal(storage.read(key, { start: 9000, end: 10_000 }))).code).toBe('invalid-range');
    expect((await refusal(storage.read(key, { start: 5, end: 4 }))).code).toBe('invalid-range');
  });

  it('treats a repeated seq as already in, refuses it with other bytes, and refuses a gap', async () => {
    const { storage } = backend();
    const key = newKey();
    const chunks = [3000, 4000, 5000].map((n) => randomBytes(n));
    await appendAll(storage, key, chunks);
    // A retried last chunk, and a retry racing another retry of it.
    await storage.appendChunk(key, 2, chunks[2]!);
    await Promise.all([storage.appendChunk(key, 2, chunks[2]!), storage.appendChunk(key, 2, chunks[2]!)]);
    await storage.appendChunk(key, 0, chunks[0]!);
    expect(await storage.size(key)).toBe(12_000);
    expect((await bytesOf(await storage.read(key))).equals(Buffer.concat(chunks))).toBe(true);
    expect((await refusal(storage.appendChunk(key, 2, randomBytes(5000)))).code).toBe('conflict');
    expect((await refusal(storage.appendChunk(key, 4, randomBytes(10)))).code).toBe('out-of-order');
    expect((await refusal(storage.appendChunk(key, -1, randomBytes(10)))).code).toBe('invalid-seq');
    expect((await refusal(storage.appendChunk(key, 1.5, randomBytes(10)))).code).toBe('invalid-seq');
    expect(await storage.size(key)).toBe(12_000);
  });

  it('replaces the object with a stream over 5 MiB, reads it back whole and by range, and then refuses new chunks', async () => {
    const { storage, stored } = backend();
    const key = newKey();
    const chunks = [200_000, 300_000].map((n) => randomBytes(n));
    await appendAll(storage, key, chunks);
    const { data, body } = bigBody(11 * MiB + 12_345);
    sent.length = 0;
    expect(await storage.replace(key, body)).toEqual({ bytes: data.length });
    expect(await storage.size(key)).toBe(data.length);
    expect(sha(await bytesOf(await storage.read(key)))).toBe(sha(data));
    const [start, end] = [5 * MiB - 7, 6 * MiB + 3];
    expect((await bytesOf(await storage.read(key, { start, end }))).equals(data.subarray(start, end + 1))).toBe(true);
    // The chunks are gone: only the replacement is stored.
    expect((await stored(key)).filter((name) => /chunks\/|append\.bin/.test(name))).toEqual([]);
    await storage.appendChunk(key, 1, chunks[1]!); // a late retry of a chunk that was in
    expect((await refusal(storage.appendChunk(key, 2, randomBytes(10)))).code).toBe('finalized');
    expect(await storage.size(key)).toBe(data.length);
    if (kind === 's3') {
      // 11 MiB in 5 MiB parts: three parts through a real multipart upload.
      expect(sent.filter((name) => name === 'UploadPartCommand')).toHaveLength(3);
      expect(sent).toContain('CompleteMultipartUploadCommand');
    }
  });

  it('deletes every byte of a recording, chunks or replaced, and deleting twice is fine', async () => {
    const { storage, stored } = backend();
    const [building, finished] = [newKey(), newKey()];
    await appendAll(storage, building, [randomBytes(1000), randomBytes(2000)]);
    await appendAll(storage, finished, [randomBytes(1000)]);
    await storage.replace(finished, bigBody(1000).body);
    expect((await stored(building)).length).toBeGreaterThan(0);
    expect((await stored(finished)).length).toBeGreaterThan(0);
    for (const key of [building, finished]) {
      await storage.delete(key);
      expect(await stored(key)).toEqual([]);
      expect(await storage.size(key)).toBe(0);
      await storage.delete(key);
    }
    if (kind === 'disk') expect(existsSync((storage as DiskRecordingStorage).dir(building))).toBe(false);
  });

  it('refuses keys that are not our ids, before touching storage', async () => {
    const { storage } = backend();
    for (const key of ['../../etc/passwd', '..', 'a/b/c/d/e/f', 'short', '', 'x'.repeat(129), 'abc.defgh', 'abcdefgh\n', 'abc defgh', 'abcdefgh%2f']) {
      const errors = await Promise.all([
        refusal(storage.appendChunk(key, 0, randomBytes(10))),
        refusal(storage.size(key)),
        refusal(storage.read(key)),
        refusal(storage.replace(key, bigBody(10).body)),
        refusal(storage.delete(key)),
      ]);
      for (const error of errors) {
        expect(error.code).toBe('invalid-key');
        expect(error.message).toMatch(/invalid recording key .*expected 8-128 letters, digits, _ or -/);
      }
    }
    if (kind === 'disk') expect(readdirSync(tmp)).toEqual(['recordings']);
  });
});

describe('disk recording storage only', () => {
  it('keeps files private (0600 in 0700 folders)', async () => {
    const storage = backends.disk.storage as DiskRecordingStorage;
    const key = newKey();
    await appendAll(storage, key, [randomBytes(100)]);
    expect(statSync(storage.dir(key)).mode & 0o777).toBe(0o700);
    expect(statSync(storage.root).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(storage.dir(key))) expect(statSync(path.join(storage.dir(key), name)).mode & 0o777, name).toBe(0o600);
  });

  it('after a crash between writing a chunk and committing it, the half-written bytes are never read and the retry is stored once', async () => {
    const storage = backends.disk.storage as DiskRecordingStorage;
    const key = newKey();
    const chunks = [randomBytes(1000), randomBytes(2000)];
    await storage.appendChunk(key, 0, chunks[0]!);
    // What a crash after the data write and before state.json leaves: chunk 1's bytes, uncounted.
    appendFileSync(path.join(storage.dir(key), 'append.bin'), chunks[1]!.subarray(0, 1500));
    expect(await storage.size(key)).toBe(1000);
    expect((await bytesOf(await storage.read(key))).equals(chunks[0]!)).toBe(true);
    await storage.appendChunk(key, 1, chunks[1]!);
    expect((await bytesOf(await storage.read(key))).equals(Buffer.concat(chunks))).toBe(true);
    expect(statSync(path.join(storage.dir(key), 'append.bin')).size).toBe(3000);
  });
});

describe('recordingStorage(env)', () => {
  it('uses DATA_DIR/recordings on disk by default', () => {
    const storage = recordingStorage(parseEnv({ DATA_DIR: tmp }));
    expect(storage).toBeInstanceOf(DiskRecordingStorage);
    expect((storage as DiskRecordingStorage).root).toBe(path.join(tmp, 'recordings'));
  });

  it('uses the bucket when S3_BUCKET is set, with the endpoint, path-style and keys from the environment', async () => {
    const env = parseEnv({ DATA_DIR: tmp, S3_BUCKET: s3.bucket, S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey });
    const storage = recordingStorage(env) as S3RecordingStorage;
    expect(storage.kind).toBe('s3');
    try {
      const key = newKey();
      const chunk = randomBytes(5000);
      await storage.appendChunk(key, 0, chunk);
      expect((await bytesOf(await storage.read(key))).equals(chunk)).toBe(true);
      const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `recordings/${key}/` }));
      expect(listed.Contents?.map((o) => o.Key)).toEqual([`recordings/${key}/chunks/0000000000`]);
      await storage.delete(key);
    } finally {
      storage.client.destroy();
    }
  });
});
