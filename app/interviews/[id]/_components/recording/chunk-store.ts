/**
 * The browser's queue of recording chunks waiting to be uploaded, in IndexedDB
 * so that a reload, a crash or a closed laptop loses nothing: the uploader
 * deletes a chunk only once the server has acknowledged it.
 *
 * One database, `mockroom-recordings`, with two object stores:
 * - `chunks`, keyed by [recordingId, seq], so a key range over one recording
 *   reads its chunks already in seq order;
 * - `recordings`, keyed by recordingId: where capture goes on numbering after a
 *   reload, and whether the recording is stopped (then, once drained, forgotten).
 *
 * Where IndexedDB cannot be used (some private modes, a storage policy, an
 * upgrade blocked by another tab) the same API works in memory and says so with
 * `durable: false`, so the UI can warn that leaving the page loses what is unsent.
 * No React in here: capture.ts and uploader.ts use it, the tests drive it directly.
 */

export interface StoredChunk {
  interviewId: string;
  recordingId: string;
  seq: number;
  bytes: Blob;
  createdAt: number;
}

export interface RecordingMeta {
  recordingId: string;
  interviewId: string;
  /** The seq the next captured chunk gets (one past the highest ever stored). */
  nextSeqToCapture: number;
  stopped: boolean;
}

export interface ChunkStore {
  /** False when chunks live only in this page's memory (IndexedDB unavailable). */
  readonly durable: boolean;
  /** Why the store is not durable, in words for the UI. */
  readonly reason?: string;
  /** The recording's metadata, created (next seq 0, not stopped) when it is new. */
  begin(recordingId: string, interviewId: string): Promise<RecordingMeta>;
  /** Stores a chunk and moves `nextSeqToCapture` past it, in one transaction; resolves once it is committed. */
  put(chunk: StoredChunk): Promise<void>;
  markStopped(recordingId: string): Promise<void>;
  /** The recording's chunks not yet acknowledged, in seq order. */
  pending(recordingId: string): Promise<StoredChunk[]>;
  count(recordingId: string): Promise<number>;
  /** Deletes the chunks with seq < uptoSeqExclusive: the server has them. */
  ack(recordingId: string, uptoSeqExclusive: number): Promise<void>;
  /** Every recording known here, e.g. to resume uploading after a reload. */
  recordings(): Promise<RecordingMeta[]>;
  /** Deletes the recording's chunks and metadata. */
  forget(recordingId: string): Promise<void>;
  close(): void;
}

export const DB_NAME = 'mockroom-recordings';
const DB_VERSION = 1;
const CHUNKS = 'chunks';
const RECORDINGS = 'recordings';
/** A browser that never answers the open request (seen in old private modes) must not hold capture up. */
const OPEN_TIMEOUT_MS = 5000;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Resolves on `complete`: only then is the write committed (with strict durability: flushed to disk). */
function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function recordingRange(recordingId: string, uptoExclusive = Infinity): IDBKeyRange {
  return IDBKeyRange.bound([recordingId, -Infinity], [recordingId, uptoExclusive], false, true);
}

class IndexedDbChunkStore implements ChunkStore {
  readonly durable = true;
  constructor(private readonly db: IDBDatabase) {
    // Let a newer version of the app in another tab upgrade the schema instead of being blocked by us.
    db.onversionchange = () => db.close();
  }

  private tx(stores: string[], mode: IDBTransactionMode): IDBTransaction {
    // 'strict' so that "stored" means on disk, not in an OS cache a power cut would lose.
    return mode === 'readwrite' ? this.db.transaction(stores, mode, { durability: 'strict' }) : this.db.transaction(stores, mode);
  }

  async begin(recordingId: string, interviewId: string): Promise<RecordingMeta> {
    const tx = this.tx([RECORDINGS], 'readwrite');
    const store = tx.objectStore(RECORDINGS);
    const existing = (await request(store.get(recordingId))) as RecordingMeta | undefined;
    const meta = existing ?? { recordingId, interviewId, nextSeqToCapture: 0, stopped: false };
    if (!existing) store.put(meta);
    await done(tx);
    return meta;
  }

  async put(chunk: StoredChunk): Promise<void> {
    const tx = this.tx([CHUNKS, RECORDINGS], 'readwrite');
    const done$ = done(tx);
    tx.objectStore(CHUNKS).put(chunk);
    const metas = tx.objectStore(RECORDINGS);
    const getMeta = metas.get(chunk.recordingId);
    getMeta.onsuccess = () => {
      const meta = (getMeta.result as RecordingMeta | undefined) ?? { recordingId: chunk.recordingId, interviewId: chunk.interviewId, nextSeqToCapture: 0, stopped: false };
      metas.put({ ...meta, nextSeqToCapture: Math.max(meta.nextSeqToCapture, chunk.seq + 1) });
    };
    await done$;
  }

  async markStopped(recordingId: string): Promise<void> {
    const tx = this.tx([RECORDINGS], 'readwrite');
    const store = tx.objectStore(RECORDINGS);
    const meta = (await request(store.get(recordingId))) as RecordingMeta | undefined;
    if (meta) store.put({ ...meta, stopped: true });
    await done(tx);
  }

  async pending(recordingId: string): Promise<StoredChunk[]> {
    return (await request(this.tx([CHUNKS], 'readonly').objectStore(CHUNKS).getAll(recordingRange(recordingId)))) as StoredChunk[];
  }

  count(recordingId: string): Promise<number> {
    return request(this.tx([CHUNKS], 'readonly').objectStore(CHUNKS).count(recordingRange(recordingId)));
  }

  async ack(recordingId: string, uptoSeqExclusive: number): Promise<void> {
    const tx = this.tx([CHUNKS], 'readwrite');
    tx.objectStore(CHUNKS).delete(recordingRange(recordingId, uptoSeqExclusive));
    await done(tx);
  }

  async recordings(): Promise<RecordingMeta[]> {
    return (await request(this.tx([RECORDINGS], 'readonly').objectStore(RECORDINGS).getAll())) as RecordingMeta[];
  }

  async forget(recordingId: string): Promise<void> {
    const tx = this.tx([CHUNKS, RECORDINGS], 'readwrite');
    tx.objectStore(CHUNKS).delete(recordingRange(recordingId));
    tx.objectStore(RECORDINGS).delete(recordingId);
    await done(tx);
  }

  close(): void {
    this.db.close();
  }
}

/** The same contract in this page's memory: nothing survives a reload. */
export class MemoryChunkStore implements ChunkStore {
  readonly durable = false;
  private readonly chunks = new Map<string, Map<number, StoredChunk>>();
  private readonly metas = new Map<string, RecordingMeta>();
  constructor(readonly reason: string) {}

  async begin(recordingId: string, interviewId: string): Promise<RecordingMeta> {
    const meta = this.metas.get(recordingId) ?? { recordingId, interviewId, nextSeqToCapture: 0, stopped: false };
    this.metas.set(recordingId, meta);
    return { ...meta };
  }

  async put(chunk: StoredChunk): Promise<void> {
    const byRecording = this.chunks.get(chunk.recordingId) ?? new Map<number, StoredChunk>();
    byRecording.set(chunk.seq, chunk);
    this.chunks.set(chunk.recordingId, byRecording);
    const meta = this.metas.get(chunk.recordingId) ?? { recordingId: chunk.recordingId, interviewId: chunk.interviewId, nextSeqToCapture: 0, stopped: false };
    this.metas.set(chunk.recordingId, { ...meta, nextSeqToCapture: Math.max(meta.nextSeqToCapture, chunk.seq + 1) });
  }

  async markStopped(recordingId: string): Promise<void> {
    const meta = this.metas.get(recordingId);
    if (meta) this.metas.set(recordingId, { ...meta, stopped: true });
  }

  async pending(recordingId: string): Promise<StoredChunk[]> {
    return [...(this.chunks.get(recordingId)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
  }

  async count(recordingId: string): Promise<number> {
    return this.chunks.get(recordingId)?.size ?? 0;
  }

  async ack(recordingId: string, uptoSeqExclusive: number): Promise<void> {
    const byRecording = this.chunks.get(recordingId);
    for (const seq of [...(byRecording?.keys() ?? [])]) if (seq < uptoSeqExclusive) byRecording!.delete(seq);
  }

  async recordings(): Promise<RecordingMeta[]> {
    return [...this.metas.values()].map((meta) => ({ ...meta }));
  }

  async forget(recordingId: string): Promise<void> {
    this.chunks.delete(recordingId);
    this.metas.delete(recordingId);
  }

  close(): void {}
}

function factoryOrNull(): IDBFactory | null {
  try {
    // Reading the property itself throws in some sandboxed frames.
    return typeof indexedDB === 'undefined' ? null : indexedDB;
  } catch {
    return null;
  }
}

function openDatabase(factory: IDBFactory, name: string, timeoutMs: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('IndexedDB did not open in time')), timeoutMs);
    const settle = (fn: () => void) => {
      clearTimeout(timer);
      fn();
    };
    const req = factory.open(name, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(CHUNKS)) db.createObjectStore(CHUNKS, { keyPath: ['recordingId', 'seq'] });
      if (!db.objectStoreNames.contains(RECORDINGS)) db.createObjectStore(RECORDINGS, { keyPath: 'recordingId' });
    };
    req.onsuccess = () => settle(() => resolve(req.result));
    req.onerror = () => settle(() => reject(req.error ?? new Error('IndexedDB could not be opened')));
    req.onblocked = () => settle(() => reject(new Error('IndexedDB is blocked by another tab of this site')));
  });
}

export interface OpenOptions {
  /** Defaults to the page's `indexedDB`; null forces the in-memory store. */
  factory?: IDBFactory | null;
  name?: string;
  openTimeoutMs?: number;
}

/** Opens the durable store, or falls back to memory (`durable: false`) with the reason. Never rejects. */
export async function openChunkStore(options: OpenOptions = {}): Promise<ChunkStore> {
  const factory = options.factory === undefined ? factoryOrNull() : options.factory;
  if (!factory) return new MemoryChunkStore('This browser offers no storage for the recording here (private mode?).');
  try {
    return new IndexedDbChunkStore(await openDatabase(factory, options.name ?? DB_NAME, options.openTimeoutMs ?? OPEN_TIMEOUT_MS));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return new MemoryChunkStore(`The recording is kept in this page only (${why}).`);
  }
}
