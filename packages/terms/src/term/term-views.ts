import type { Arena } from '../arena/arena.js';

/**
 * The arena's fast fixed-length views, for the hot loops of term operations (decode,
 * encode, compare, hash, copy, print). Node 20 does not optimise accesses through the
 * length-tracking views of a growable SharedArrayBuffer (about 13 times slower), so term
 * code takes `arena.fixed*` at the start of an operation: they cover every term that
 * existed when the operation started, whoever allocated it. Memory the operation itself
 * takes from the arena (refc binary data blocks) is written through the safe views;
 * HeapWriter blocks are allocated before the operation starts.
 */
export interface TermViews {
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  readonly u8: Uint8Array;
}

export function termViews(arena: Arena): TermViews {
  return { i32: arena.fixedI32, u32: arena.fixedU32, u8: arena.fixedU8 };
}
