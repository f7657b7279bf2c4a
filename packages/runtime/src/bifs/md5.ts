/**
 * MD5 (RFC 1321) with a serialisable state, for erlang:md5_init/update/final whose
 * context is a binary the program passes around.
 * State layout (88 bytes): A, B, C, D (little-endian u32), the message length in bytes
 * (little-endian u64), the 64-byte block buffer (the first `length % 64` bytes pending).
 */

const SHIFTS = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21];
const SINES = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

export const MD5_STATE_BYTES = 88;

export class Md5 {
  private readonly h = new Uint32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]);
  private length = 0;
  private readonly buffer = new Uint8Array(64);

  static fromState(bytes: Uint8Array): Md5 | undefined {
    if (bytes.length !== MD5_STATE_BYTES) return undefined;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    const md5 = new Md5();
    for (let i = 0; i < 4; i++) md5.h[i] = view.getUint32(i * 4, true);
    md5.length = view.getUint32(16, true) + view.getUint32(20, true) * 2 ** 32;
    md5.buffer.set(bytes.subarray(24, 88));
    return md5;
  }

  state(): Uint8Array {
    const bytes = new Uint8Array(MD5_STATE_BYTES);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < 4; i++) view.setUint32(i * 4, this.h[i], true);
    view.setUint32(16, this.length % 2 ** 32, true);
    view.setUint32(20, Math.floor(this.length / 2 ** 32), true);
    bytes.set(this.buffer, 24);
    return bytes;
  }

  update(data: Uint8Array): void {
    for (const byte of data) {
      this.buffer[this.length % 64] = byte;
      this.length++;
      if (this.length % 64 === 0) this.block(this.buffer);
    }
  }

  final(): Uint8Array {
    const bitLength = this.length * 8;
    const padding = new Uint8Array(((55 - (this.length % 64) + 64) % 64) + 9);
    padding[0] = 0x80;
    const view = new DataView(padding.buffer);
    view.setUint32(padding.length - 8, bitLength % 2 ** 32, true);
    view.setUint32(padding.length - 4, Math.floor(bitLength / 2 ** 32), true);
    this.update(padding);
    const digest = new Uint8Array(16);
    const out = new DataView(digest.buffer);
    for (let i = 0; i < 4; i++) out.setUint32(i * 4, this.h[i], true);
    return digest;
  }

  private block(block: Uint8Array): void {
    const view = new DataView(block.buffer, block.byteOffset, 64);
    const m = Array.from({ length: 16 }, (_, i) => view.getUint32(i * 4, true));
    let [a, b, c, d] = this.h;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      const sum = (a + f + SINES[i] + m[g]) >>> 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << SHIFTS[i]) | (sum >>> (32 - SHIFTS[i])))) >>> 0;
    }
    this.h[0] += a;
    this.h[1] += b;
    this.h[2] += c;
    this.h[3] += d;
  }
}
