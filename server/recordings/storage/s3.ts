/**
 * Recordings in an S3 bucket (AWS or any S3-compatible store).
 *
 * S3 objects cannot be appended to, and multipart parts must be at least
 * 5 MiB (all but the last), while our chunks are 0.1-1 MB. So:
 *  - each chunk is its own object, `<prefix><key>/chunks/<seq, 10 digits>`,
 *    with its SHA-256 in its metadata. Writing one is a single PUT, durable
 *    when it returns, and a retried seq rewrites the same bytes (idempotent by
 *    construction; different bytes are refused). Zero-padding makes the
 *    listing order the seq order;
 *  - while chunks arrive, `size` sums the listing and `read` streams the chunk
 *    objects in order, asking each for only the bytes of the range it holds;
 *  - `replace` streams the new body into `<prefix><key>/final` with a
 *    multipart upload (lib-storage's Upload: 5 MiB parts, one in flight, so
 *    memory stays ~10 MiB; a body under 5 MiB is one PUT), records the chunk
 *    count in its metadata, and only then deletes the chunk objects: until the
 *    upload completes, the chunks are the object, and a failed upload is
 *    aborted by lib-storage;
 *  - `delete` lists everything under `<prefix><key>/` (paginated) and deletes
 *    it in batches of 1000.
 * An append first checks, in parallel, the final object (finished?), its own
 * seq (a retry?) and the previous seq (a gap?): three HEADs per few seconds
 * of recording. An upload left behind by a crashed process is not listed by
 * `delete`; a bucket lifecycle rule (AbortIncompleteMultipartUpload) clears those.
 * A read of an unfinished recording that is still streaming when `replace`
 * deletes the chunks fails midway (NoSuchKey); read again, and it gets the
 * final object.
 */
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type HeadObjectCommandOutput,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { checkKey, checkRange, checkSeq, RecordingStorageError, sha256, type ByteRange, type RecordingStorage } from './types';

export interface S3StorageOptions {
  bucket: string;
  /** Prepended to every object name; default `recordings/`. */
  prefix?: string;
  client: S3Client | S3ClientConfig;
}

/** S3's minimum part size; the smallest parts keep the upload's memory small. */
const PART_SIZE = 5 * 1024 * 1024;
const SHA_META = 'sha256';
const CHUNKS_META = 'chunks';

interface ChunkInfo {
  key: string;
  size: number;
}

export class S3RecordingStorage implements RecordingStorage {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  readonly bucket: string;
  readonly prefix: string;

  constructor(options: S3StorageOptions) {
    this.client = options.client instanceof S3Client ? options.client : new S3Client(options.client);
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? 'recordings/';
  }

  /** `<prefix><key>/`: every object of the recording starts with it. */
  folder(key: string): string {
    return `${this.prefix}${checkKey(key)}/`;
  }

  private chunkName(key: string, seq: number): string {
    return `${this.folder(key)}chunks/${String(seq).padStart(10, '0')}`;
  }

  private finalName(key: string): string {
    return `${this.folder(key)}final`;
  }

  async appendChunk(key: string, seq: number, bytes: Uint8Array): Promise<void> {
    checkKey(key);
    checkSeq(seq);
    const digest = await sha256(bytes);
    const [final, own, previous] = await Promise.all([
      this.head(this.finalName(key)),
      this.head(this.chunkName(key, seq)),
      seq === 0 ? Promise.resolve(null) : this.head(this.chunkName(key, seq - 1)),
    ]);
    if (final) {
      if (seq < Number(final.Metadata?.[CHUNKS_META] ?? 0)) return; // a retry of a chunk that is already in
      throw new RecordingStorageError('finalized', `recording ${key} was finished; chunk ${seq} comes too late`);
    }
    if (own) {
      if (own.Metadata?.[SHA_META] === digest) return;
      throw new RecordingStorageError('conflict', `chunk ${seq} of ${key} is already stored with different bytes`);
    }
    if (seq > 0 && !previous) throw new RecordingStorageError('out-of-order', `chunk ${seq} of ${key} arrived before chunk ${seq - 1}`);
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: this.chunkName(key, seq), Body: bytes, ContentLength: bytes.byteLength, Metadata: { [SHA_META]: digest } }),
    );
  }

  async size(key: string): Promise<number> {
    const final = await this.head(this.finalName(key));
    if (final) return final.ContentLength ?? 0;
    return (await this.chunks(key)).reduce((sum, chunk) => sum + chunk.size, 0);
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const final = await this.head(this.finalName(key));
    if (final) {
      const wanted = checkRange(range, final.ContentLength ?? 0);
      if ((final.ContentLength ?? 0) === 0) return Readable.from([]);
      return this.get(this.finalName(key), wanted);
    }
    const chunks = await this.chunks(key);
    const total = chunks.reduce((sum, chunk) => sum + chunk.size, 0);
    const { start, end } = checkRange(range, total) ?? { start: 0, end: total - 1 };
    // Each chunk's slice of [start, end], relative to the chunk.
    const slices: { key: string; range: ByteRange }[] = [];
    let offset = 0;
    for (const chunk of chunks) {
      const first = Math.max(start, offset);
      const last = Math.min(end, offset + chunk.size - 1);
      if (first <= last) slices.push({ key: chunk.key, range: { start: first - offset, end: last - offset } });
      offset += chunk.size;
    }
    const self = this;
    // One GET at a time, opened as the reader gets there, so a viewer who stops reading stops the downloads.
    return Readable.from(
      (async function* () {
        for (const slice of slices) yield* await self.get(slice.key, slice.range);
      })(),
    );
  }

  async replace(key: string, body: AsyncIterable<Uint8Array>): Promise<{ bytes: number }> {
    checkKey(key);
    const [final, chunks] = await Promise.all([this.head(this.finalName(key)), this.chunks(key)]);
    const chunkCount = final ? Number(final.Metadata?.[CHUNKS_META] ?? 0) : chunks.length;
    let bytes = 0;
    async function* counted() {
      for await (const piece of body) {
        bytes += piece.byteLength;
        yield piece;
      }
    }
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.finalName(key), Body: Readable.from(counted()), Metadata: { [CHUNKS_META]: String(chunkCount) } },
      partSize: PART_SIZE,
      queueSize: 1,
    });
    await upload.done();
    await this.deleteAll(chunks.map((chunk) => chunk.key));
    return { bytes };
  }

  /**
   * Makes `fileName`, an object another writer put into the recording's folder
   * (LiveKit Egress's file), the recording's final object, then deletes it.
   * A server-side copy, so the bytes never pass through this process; S3 copies
   * up to 5 GB in one request, hours of Egress's 720p video.
   */
  async adopt(key: string, fileName: string): Promise<{ bytes: number }> {
    const source = `${this.folder(key)}${fileName}`;
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: this.finalName(key),
        CopySource: `${this.bucket}/${source}`,
        MetadataDirective: 'REPLACE',
        Metadata: { [CHUNKS_META]: '0' },
      }),
    );
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: source }));
    return { bytes: await this.size(key) };
  }

  async delete(key: string): Promise<void> {
    await this.deleteAll((await this.list(this.folder(key))).map((object) => object.key));
  }

  private async head(name: string): Promise<HeadObjectCommandOutput | null> {
    try {
      return await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: name }));
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return null;
      throw error;
    }
  }

  private async get(name: string, range: ByteRange | undefined): Promise<Readable> {
    const response = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: name, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
    );
    // On Node the SDK's body is an http.IncomingMessage.
    const body = response.Body as Readable;
    if (!range) return body;
    // HTTP lets a server answer more than the range asked (the whole object, or s3rver's
    // "bytes=0-0", which it reads as "from 0 to the end"); keep exactly the bytes asked for.
    const served = /^bytes (\d+)-/.exec(response.ContentRange ?? '');
    const from = served ? Number(served[1]) : 0;
    if (from > range.start) {
      body.destroy();
      throw new Error(`S3 answered ${name} from byte ${from}, not ${range.start}`);
    }
    return Readable.from(exactly(body, range.start - from, range.end - range.start + 1, name));
  }

  private async chunks(key: string): Promise<ChunkInfo[]> {
    return this.list(`${this.folder(key)}chunks/`);
  }

  private async list(prefix: string): Promise<ChunkInfo[]> {
    const objects: ChunkInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) objects.push({ key: object.Key!, size: object.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects;
  }

  private async deleteAll(names: string[]): Promise<void> {
    for (let i = 0; i < names.length; i += 1000) {
      const batch = names.slice(i, i + 1000);
      const result = await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
      if (result.Errors?.length) throw new Error(`S3 refused to delete ${result.Errors.length} object(s) of a recording, e.g. ${result.Errors[0]?.Key}: ${result.Errors[0]?.Message}`);
    }
  }
}

/** The `length` bytes of `source` after the first `skip`; fails if the source ends before them. */
async function* exactly(source: Readable, skip: number, length: number, name: string): AsyncGenerator<Uint8Array> {
  let toSkip = skip;
  let left = length;
  try {
    for await (const piece of source as AsyncIterable<Uint8Array>) {
      let bytes = piece;
      if (toSkip > 0) {
        const dropped = Math.min(toSkip, bytes.byteLength);
        bytes = bytes.subarray(dropped);
        toSkip -= dropped;
      }
      if (bytes.byteLength === 0) continue;
      const kept = bytes.subarray(0, left);
      left -= kept.byteLength;
      yield kept;
      if (left === 0) return;
    }
  } finally {
    // Stops the download when we have what we need or the reader went away.
    source.destroy();
  }
  throw new Error(`S3 ended ${name} ${left} bytes short of the range asked for`);
}
