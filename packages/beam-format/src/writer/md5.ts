/**
 * MD5 (RFC 1321) in plain JS, so that module MD5s (FunT OldUniq, `beam_lib:md5/1`) can
 * be computed where `node:crypto` does not exist.
 */
const SHIFTS = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4, 11,
  16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];
/** K[i] = floor(2^32 * |sin(i + 1)|). */
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

export function md5(parts: readonly Uint8Array[]): Uint8Array {
  const length = parts.reduce((total, part) => total + part.length, 0);
  // Message, 0x80, zeros to 56 mod 64, then the bit length as u64 little-endian.
  const padded = new Uint8Array((((length + 8) >>> 6) + 1) << 6);
  let at = 0;
  for (const part of parts) {
    padded.set(part, at);
    at += part.length;
  }
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, (length * 8) >>> 0, true);
  view.setUint32(padded.length - 4, Math.floor((length * 8) / 2 ** 32), true);

  const state = md5InitialState();
  const words = new Uint32Array(16);
  for (let block = 0; block < padded.length; block += 64) md5Compress(state, view, block, words);
  const digest = new Uint8Array(16);
  const out = new DataView(digest.buffer);
  for (let i = 0; i < 4; i++) out.setUint32(i * 4, state[i]!, true);
  return digest;
}

/** MD5's four state words before the first block. */
export function md5InitialState(): Int32Array {
  return Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476);
}

/**
 * One MD5 block: folds the 64 bytes at `offset` of `view` into `state` (four words).
 * `words` is scratch space for the block's sixteen little-endian words. Shared with
 * incremental hashing (the runtime's erlang:md5_update/2 keeps its state in a binary).
 */
export function md5Compress(state: Int32Array, view: DataView, offset: number, words: Uint32Array = new Uint32Array(16)): void {
  for (let i = 0; i < 16; i++) words[i] = view.getUint32(offset + i * 4, true);
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  for (let i = 0; i < 64; i++) {
    let f: number;
    let g: number;
    if (i < 16) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (i < 32) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) & 15;
    } else if (i < 48) {
      f = b ^ c ^ d;
      g = (3 * i + 5) & 15;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) & 15;
    }
    const sum = (a + f + K[i]! + words[g]!) | 0;
    a = d;
    d = c;
    c = b;
    b = (b + ((sum << SHIFTS[i]!) | (sum >>> (32 - SHIFTS[i]!)))) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
}
