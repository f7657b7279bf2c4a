/**
 * Bob Jenkins' lookup2 mixing as ERTS uses it (erts utils.c: MIX, UINT32_HASH_2,
 * block_hash), shared by `erlang:phash2` (make_hash2) and OTP's internal map hash
 * (make_internal_hash), which differ only in how they walk a term.
 */

/** The golden ratio constant lookup2 starts from. */
export const HCONST = 0x9e3779b9;

/** (HCONST * k) mod 2^32: the per-type constants both hashes add. */
export const hconst = (k: number): number => Math.imul(HCONST, k) >>> 0;

// The three mixing registers live at module level so that a mix allocates nothing.
let ma = 0;
let mb = 0;
let mc = 0;

function mix(): void {
  let a = ma;
  let b = mb;
  let c = mc;
  a = (a - b - c) ^ (c >>> 13);
  b = (b - c - a) ^ (a << 8);
  c = (c - a - b) ^ (b >>> 13);
  a = (a - b - c) ^ (c >>> 12);
  b = (b - c - a) ^ (a << 16);
  c = (c - a - b) ^ (b >>> 5);
  a = (a - b - c) ^ (c >>> 3);
  b = (b - c - a) ^ (a << 10);
  c = (c - a - b) ^ (b >>> 15);
  ma = a;
  mb = b;
  mc = c;
}

/** UINT32_HASH_2: mixes two 32-bit values, offset by `constant`, into `hash`. */
export function hash2(hash: number, x: number, y: number, constant: number): number {
  ma = (constant + x) | 0;
  mb = (constant + y) | 0;
  mc = hash | 0;
  mix();
  return mc >>> 0;
}

/** lookup2's block hash of the first `length` bytes, as erts block_hash. */
export function blockHash(bytes: Uint8Array, length: number, initial: number): number {
  ma = HCONST | 0;
  mb = HCONST | 0;
  mc = initial | 0;
  let k = 0;
  let left = length;
  while (left >= 12) {
    ma = (ma + (bytes[k]! | (bytes[k + 1]! << 8) | (bytes[k + 2]! << 16) | (bytes[k + 3]! << 24))) | 0;
    mb = (mb + (bytes[k + 4]! | (bytes[k + 5]! << 8) | (bytes[k + 6]! << 16) | (bytes[k + 7]! << 24))) | 0;
    mc = (mc + (bytes[k + 8]! | (bytes[k + 9]! << 8) | (bytes[k + 10]! << 16) | (bytes[k + 11]! << 24))) | 0;
    mix();
    k += 12;
    left -= 12;
  }
  mc = (mc + length) | 0;
  // The first byte of c is reserved for the length; the rest fill a, b, c from the low end.
  for (let i = left - 1; i >= 0; i--) {
    const byte = bytes[k + i]!;
    if (i >= 8) mc = (mc + (byte << (8 * (i - 7)))) | 0;
    else if (i >= 4) mb = (mb + (byte << (8 * (i - 4)))) | 0;
    else ma = (ma + (byte << (8 * i))) | 0;
  }
  mix();
  return mc >>> 0;
}
