import type { Arena } from '../arena/arena.js';

/**
 * Fixed-length typed-array views over the arena, for hot loops. V8 (Node 20) compiles
 * accesses through length-tracking views of a growable SharedArrayBuffer to a slow path
 * (measured ~7x slower than a fixed-length view on the same buffer), so term code takes
 * fixed views covering the buffer as it is now. The buffer only grows and never moves,
 * so the views stay valid for every word below their length; `termViews` hands out new
 * ones when the buffer has grown (possibly by another thread) since the last call.
 * Take them at the start of an operation, and again after anything that may allocate
 * from the arena itself (HeapWriter allocations do not).
 */
export interface TermViews {
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  readonly u8: Uint8Array;
  readonly byteLength: number;
}

const cache = new WeakMap<Arena, TermViews>();

export function termViews(arena: Arena): TermViews {
  const buffer = arena.buffer;
  const byteLength = buffer.byteLength;
  const cached = cache.get(arena);
  if (cached !== undefined && cached.byteLength === byteLength) return cached;
  const views: TermViews = {
    i32: new Int32Array(buffer, 0, byteLength >>> 2),
    u32: new Uint32Array(buffer, 0, byteLength >>> 2),
    u8: new Uint8Array(buffer, 0, byteLength),
    byteLength,
  };
  cache.set(arena, views);
  return views;
}
