import { md5Compress, md5InitialState } from '@beamload/beam-format';

/**
 * MD5 (RFC 1321) with a serialisable state, for erlang:md5_init/update/final whose
 * context is a binary the program passes around.
 * State layout (88 bytes): A, B, C, D (little-endian u32), the message length in bytes
 * (little-endian u64), the 64-byte block buffer (the first `length % 64` bytes pending).
 */

export const MD5_STATE_BYTES = 88;

export class Md5 {
  private readonly h = md5InitialState();
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
    let at = 0;
    // Fill a partly filled block first, then fold whole blocks straight from `data`.
    while (at < data.length && this.length % 64 !== 0) {
      this.buffer[this.length % 64] = data[at++];
      this.length++;
      if (this.length % 64 === 0) this.block(this.buffer);
    }
    const view = new DataView(data.buffer, data.byteOffset, data.length);
    for (; at + 64 <= data.length; at += 64) {
      md5Compress(this.h, view, at);
      this.length += 64;
    }
    for (; at < data.length; at++) this.buffer[this.length++ % 64] = data[at];
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

  /** The block step is beam-format's (module MD5s use it too). */
  private block(block: Uint8Array): void {
    md5Compress(this.h, new DataView(block.buffer, block.byteOffset, 64), 0);
  }
}
