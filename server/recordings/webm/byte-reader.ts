/**
 * A pull reader over an async stream of byte chunks: it buffers only what the
 * parser asks to look at (an element header, a block's first bytes) and lets
 * bodies be skipped or streamed through without ever holding a whole Cluster,
 * let alone an hour of recording.
 */
export class ByteReader {
  private readonly chunks: Uint8Array[] = [];
  /** Offset into chunks[0] of the first unread byte. */
  private head = 0;
  private buffered = 0;
  private ended = false;
  /** Input offset of the next unread byte. */
  position = 0;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  static from(iterable: AsyncIterable<Uint8Array>): ByteReader {
    return new ByteReader(iterable[Symbol.asyncIterator]());
  }

  /** Buffers at least `n` bytes; false when the input ends first (what is there stays buffered). */
  async fill(n: number): Promise<boolean> {
    while (this.buffered < n && !this.ended) {
      const next = await this.source.next();
      if (next.done) this.ended = true;
      else if (next.value.length > 0) {
        this.chunks.push(next.value);
        this.buffered += next.value.length;
      }
    }
    return this.buffered >= n;
  }

  /** Bytes buffered and not yet consumed. */
  get available(): number {
    return this.buffered;
  }

  /** The next `n` buffered bytes without consuming them (n ≤ available). A view when they sit in one chunk. */
  peek(n: number): Uint8Array {
    if (n > this.buffered) throw new RangeError(`peek(${n}) with ${this.buffered} bytes buffered`);
    const first = this.chunks[0];
    if (n === 0 || !first) return new Uint8Array(0);
    if (first.length - this.head >= n) return first.subarray(this.head, this.head + n);
    const out = new Uint8Array(n);
    let filled = 0;
    for (let i = 0; filled < n; i++) {
      const chunk = this.chunks[i]!;
      const from = i === 0 ? this.head : 0;
      const take = Math.min(n - filled, chunk.length - from);
      out.set(chunk.subarray(from, from + take), filled);
      filled += take;
    }
    return out;
  }

  /** Drops `n` buffered bytes (n ≤ available). */
  consume(n: number): void {
    if (n > this.buffered) throw new RangeError(`consume(${n}) with ${this.buffered} bytes buffered`);
    this.buffered -= n;
    this.position += n;
    let rest = n;
    while (rest > 0) {
      const chunk = this.chunks[0]!;
      const left = chunk.length - this.head;
      if (rest < left) {
        this.head += rest;
        return;
      }
      rest -= left;
      this.chunks.shift();
      this.head = 0;
    }
  }

  /** Reads exactly `n` bytes into memory, or null when the input ends first. */
  async read(n: number): Promise<Uint8Array | null> {
    if (!(await this.fill(n))) return null;
    const out = this.peek(n).slice();
    this.consume(n);
    return out;
  }

  /**
   * Streams the next `n` bytes as views of the input chunks, never buffering
   * more than one chunk. Stops early when the input ends; the caller compares
   * `position` to know.
   */
  async *take(n: number): AsyncGenerator<Uint8Array> {
    let rest = n;
    while (rest > 0) {
      if (this.buffered === 0 && !(await this.fill(1))) return;
      const chunk = this.chunks[0]!;
      const piece = chunk.subarray(this.head, this.head + Math.min(rest, chunk.length - this.head));
      this.consume(piece.length);
      rest -= piece.length;
      yield piece;
    }
  }

  /** Skips up to `n` bytes; returns how many were there. */
  async skip(n: number): Promise<number> {
    let skipped = 0;
    for await (const piece of this.take(n)) skipped += piece.length;
    return skipped;
  }
}
