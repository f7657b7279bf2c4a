import { BeamFormatError } from '../errors.js';

/**
 * Bounds-checked big-endian reads over one chunk's data. Every error names the chunk and
 * the absolute offset (`baseOffset` is where `data[0]` sits in the container bytes).
 */
export class ChunkReader {
  position = 0;
  private readonly view: DataView;

  constructor(
    readonly data: Uint8Array,
    readonly baseOffset: number,
    readonly chunk: string,
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  get remaining(): number {
    return this.data.length - this.position;
  }

  absolute(position: number = this.position): number {
    return this.baseOffset + position;
  }

  need(count: number, what: string): void {
    if (count > this.remaining) {
      throw new BeamFormatError('truncated', `${what} needs ${count} bytes, ${this.remaining} left`, this.absolute(), this.chunk);
    }
  }

  u8(what = 'byte'): number {
    this.need(1, what);
    return this.data[this.position++]!;
  }

  u16(what = 'u16'): number {
    this.need(2, what);
    const value = this.view.getUint16(this.position);
    this.position += 2;
    return value;
  }

  u32(what = 'u32'): number {
    this.need(4, what);
    const value = this.view.getUint32(this.position);
    this.position += 4;
    return value;
  }

  i32(what = 'i32'): number {
    this.need(4, what);
    const value = this.view.getInt32(this.position);
    this.position += 4;
    return value;
  }

  i64(what = 'i64'): bigint {
    this.need(8, what);
    const value = this.view.getBigInt64(this.position);
    this.position += 8;
    return value;
  }

  bytes(count: number, what = 'bytes'): Uint8Array {
    this.need(count, what);
    const slice = this.data.subarray(this.position, this.position + count);
    this.position += count;
    return slice;
  }

  /** Refuses a count of fixed-size entries that cannot fit in the bytes left. */
  entryCount(count: number, entrySize: number, what: string): number {
    if (count * entrySize > this.remaining) {
      throw new BeamFormatError(
        'truncated',
        `${what}: ${count} entries of ${entrySize} bytes do not fit in ${this.remaining} bytes`,
        this.absolute(),
        this.chunk,
      );
    }
    return count;
  }

  error(code: 'bad_chunk' | 'bad_index' | 'unsupported' | 'limit_exceeded', detail: string, position = this.position): BeamFormatError {
    return new BeamFormatError(code, detail, this.absolute(position), this.chunk);
  }
}
