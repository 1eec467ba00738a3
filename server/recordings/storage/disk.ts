/**
 * Recordings on local disk, the default.
 *
 * One folder per key under the root (0700), holding (files 0600):
 *  - `state.json`: the commit record: which data file is current, how many
 *    bytes of it and how many chunks are in, and the last chunk's length and
 *    SHA-256 (to tell a retried last chunk from a different one);
 *  - the current data file: `append.bin` while chunks arrive, then
 *    `final-<n>.bin` after each `replace`.
 *
 * An append writes and fsyncs the data, then replaces state.json atomically
 * (temp file, fsync, rename, fsync of the folder). Only what state.json
 * counts exists: a crash between the two steps leaves bytes past the count,
 * which the next append cuts off before writing, and which reads never reach.
 * So an acknowledged chunk survives a crash, and a retried one is never in
 * twice. `replace` writes a new generation file and switches state.json to
 * it, so a crash midway leaves the previous object whole, and a reader
 * holding the old file keeps reading it.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { checkKey, checkRange, checkSeq, KeyedQueue, RecordingStorageError, sha256, type ByteRange, type RecordingStorage } from './types';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
const STATE_FILE = 'state.json';
const APPEND_FILE = 'append.bin';

const stateSchema = z.strictObject({
  v: z.literal(1),
  file: z.string().regex(/^(append|final-\d+)\.bin$/),
  bytes: z.number().int().min(0),
  chunks: z.number().int().min(0),
  final: z.boolean(),
  last: z.strictObject({ length: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).nullable(),
});
type State = z.infer<typeof stateSchema>;

const EMPTY: State = { v: 1, file: APPEND_FILE, bytes: 0, chunks: 0, final: false, last: null };


export class DiskRecordingStorage implements RecordingStorage {
  readonly kind = 'disk' as const;
  private readonly queue = new KeyedQueue();

  /** `root` is created on first write (the server passes DATA_DIR/recordings). */
  constructor(readonly root: string) {}

  /** The key's folder; the key pattern keeps it a direct child of the root. */
  dir(key: string): string {
    return path.join(this.root, checkKey(key));
  }

  async appendChunk(key: string, seq: number, bytes: Uint8Array): Promise<void> {
    const dir = this.dir(key);
    checkSeq(seq);
    return this.queue.run(key, async () => {
      const state = await readState(dir);
      if (seq < state.chunks) {
        if (seq === state.chunks - 1 && state.last && (state.last.length !== bytes.byteLength || state.last.sha256 !== (await sha256(bytes)))) {
          throw new RecordingStorageError('conflict', `chunk ${seq} of ${key} is already stored with different bytes`);
        }
        return; // a retry of a chunk that is already in
      }
      if (state.final) throw new RecordingStorageError('finalized', `recording ${key} was finished; chunk ${seq} comes too late`);
      if (seq > state.chunks) throw new RecordingStorageError('out-of-order', `chunk ${seq} of ${key} arrived before chunk ${state.chunks}`);

      await mkdir(dir, { recursive: true, mode: DIR_MODE });
      const handle = await open(path.join(dir, state.file), 'a', FILE_MODE);
      try {
        // Bytes past the count are from an append that crashed before its commit.
        await handle.truncate(state.bytes);
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await writeState(dir, { ...state, bytes: state.bytes + bytes.byteLength, chunks: state.chunks + 1, last: { length: bytes.byteLength, sha256: await sha256(bytes) } });
    });
  }

  async size(key: string): Promise<number> {
    return (await readState(this.dir(key))).bytes;
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const dir = this.dir(key);
    const state = await readState(dir);
    const wanted = checkRange(range, state.bytes) ?? { start: 0, end: state.bytes - 1 };
    if (state.bytes === 0) return Readable.from([]);
    // Opened now, so a replace or delete after this call does not cut the stream short.
    const handle = await open(path.join(dir, state.file), 'r');
    return createReadStream('', { fd: handle, start: wanted.start, end: wanted.end });
  }

  async replace(key: string, body: AsyncIterable<Uint8Array>): Promise<{ bytes: number }> {
    const dir = this.dir(key);
    return this.queue.run(key, async () => {
      const state = await readState(dir);
      await mkdir(dir, { recursive: true, mode: DIR_MODE });
      const generation = state.file === APPEND_FILE ? 1 : Number(/\d+/.exec(state.file)![0]) + 1;
      const file = `final-${generation}.bin`;
      const target = path.join(dir, file);
      let bytes = 0;
      const handle = await open(target, 'w', FILE_MODE);
      try {
        for await (const piece of body) {
          await handle.writeFile(piece);
          bytes += piece.byteLength;
        }
        await handle.sync();
      } catch (error) {
        await handle.close();
        await rm(target, { force: true });
        throw error;
      }
      await handle.close();
      await writeState(dir, { ...state, file, bytes, final: true });
      // The old file is no longer counted; an open reader keeps its own handle.
      if (state.file !== file) await unlink(path.join(dir, state.file)).catch(() => {});
      return { bytes };
    });
  }

  async delete(key: string): Promise<void> {
    const dir = this.dir(key);
    return this.queue.run(key, () => rm(dir, { recursive: true, force: true }));
  }
}

async function readState(dir: string): Promise<State> {
  let text: string;
  try {
    text = await readFile(path.join(dir, STATE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY;
    throw error;
  }
  return stateSchema.parse(JSON.parse(text));
}

async function writeState(dir: string, state: State): Promise<void> {
  const temp = path.join(dir, `${STATE_FILE}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'w', FILE_MODE);
  try {
    await handle.writeFile(JSON.stringify(state));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path.join(dir, STATE_FILE));
  // The rename (and a data file created just before) is durable only once the folder is synced.
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
