/**
 * A growable big-endian byte buffer: the one output primitive of the ETF encoder, the
 * compact-term encoder and the .beam writer.
 */
export class ByteSink {
  private buffer: Uint8Array;
  length = 0;

  constructor(initialCapacity = 256) {
    this.buffer = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Makes room for `count` more bytes. */
  reserve(count: number): void {
    // Kept tiny so that it inlines into every write; growing is the rare path.
    if (this.length + count > this.buffer.length) this.grow(this.length + count);
  }

  private grow(needed: number): void {
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  u8(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  u16(value: number): void {
    this.reserve(2);
    const b = this.buffer;
    const p = this.length;
    b[p] = value >>> 8;
    b[p + 1] = value;
    this.length = p + 2;
  }

  u32(value: number): void {
    this.reserve(4);
    const b = this.buffer;
    const p = this.length;
    b[p] = value >>> 24;
    b[p + 1] = value >>> 16;
    b[p + 2] = value >>> 8;
    b[p + 3] = value;
    this.length = p + 4;
  }

  /** Overwrites a u32 written earlier, e.g. a size known only after its content. */
  patchU32(at: number, value: number): void {
    const b = this.buffer;
    b[at] = value >>> 24;
    b[at + 1] = value >>> 16;
    b[at + 2] = value >>> 8;
    b[at + 3] = value;
  }

  bytes(data: ArrayLike<number>): void {
    this.reserve(data.length);
    if (data instanceof Uint8Array) {
      this.buffer.set(data, this.length);
    } else {
      const b = this.buffer;
      const p = this.length;
      for (let i = 0; i < data.length; i++) b[p + i] = data[i]!;
    }
    this.length += data.length;
  }

  /** Zero bytes up to the next multiple of `alignment`. */
  padTo(alignment: number): void {
    const padding = (alignment - (this.length % alignment)) % alignment;
    this.reserve(padding);
    this.buffer.fill(0, this.length, this.length + padding);
    this.length += padding;
  }

  /** Direct access for hot loops; valid until the next write that grows the buffer. */
  get raw(): Uint8Array {
    return this.buffer;
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
