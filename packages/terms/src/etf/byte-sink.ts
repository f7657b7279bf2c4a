/** A growable byte buffer for the ETF encoder. */
export class ByteSink {
  bytes = new Uint8Array(256);
  length = 0;

  reserve(count: number): void {
    if (this.length + count <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + count) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
  u8(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }
  u16(value: number): void {
    this.reserve(2);
    this.bytes[this.length++] = value >>> 8;
    this.bytes[this.length++] = value & 0xff;
  }
  u32(value: number): void {
    this.reserve(4);
    const b = this.bytes;
    b[this.length++] = value >>> 24;
    b[this.length++] = (value >>> 16) & 0xff;
    b[this.length++] = (value >>> 8) & 0xff;
    b[this.length++] = value & 0xff;
  }
  putU32At(at: number, value: number): void {
    const b = this.bytes;
    b[at] = value >>> 24;
    b[at + 1] = (value >>> 16) & 0xff;
    b[at + 2] = (value >>> 8) & 0xff;
    b[at + 3] = value & 0xff;
  }
  append(data: Uint8Array): void {
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }
  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}
