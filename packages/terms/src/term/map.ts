import type { Arena } from '../arena/arena.js';
import { HEADER_MAP_FLAT, HEADER_MAP_HASH, headerArity, headerTag, isBoxed, pointerIndex } from '../layout.js';
import { hashMapEntries } from './hash-map.js';

/**
 * Maps of at most FLAT_MAP_LIMIT keys are flat, as OTP's flatmaps:
 *
 *   [header(MAP_FLAT, n + 2), n, keys, value 1, ..., value n]
 *   keys = boxed pointer to a tuple [header(TUPLE, n), key 1, ..., key n]
 *
 * with the keys sorted in the exact term order (integers before floats), so lookups
 * can bisect, equal maps have equal layouts and maps with the same key set may share
 * one keys tuple. Larger maps are hash maps (hash-map.ts).
 */
export const FLAT_MAP_LIMIT = 32;
export const FLAT_MAP_SIZE_FIELD = 1;
export const FLAT_MAP_KEYS_FIELD = 2;
export const FLAT_MAP_VALUES_FIELD = 3;

/** Heap words of a flat map of `size` keys, keys tuple included. */
export function flatMapWords(size: number): number {
  return 3 + size + 1 + size;
}

export function isMap(arena: Arena, term: number): boolean {
  if (!isBoxed(term)) return false;
  const tag = headerTag(arena.i32[pointerIndex(term)]!);
  return tag === HEADER_MAP_FLAT || tag === HEADER_MAP_HASH;
}

export function isFlatMap(arena: Arena, term: number): boolean {
  return isBoxed(term) && headerTag(arena.i32[pointerIndex(term)]!) === HEADER_MAP_FLAT;
}

export function mapSize(arena: Arena, map: number): number {
  return arena.u32[pointerIndex(map) + FLAT_MAP_SIZE_FIELD]!; // the hash map head keeps its size in the same field
}

/** Word index of the first key of a flat map (the keys tuple's first element). */
export function flatMapKeysAt(arena: Arena, map: number): number {
  return pointerIndex(arena.i32[pointerIndex(map) + FLAT_MAP_KEYS_FIELD]!) + 1;
}

/** Keys and values of any map: a flat map in key order, a hash map in its iteration order. */
export function mapEntries(arena: Arena, map: number): { keys: number[]; values: number[] } {
  const at = pointerIndex(map);
  if (headerTag(arena.i32[at]!) === HEADER_MAP_HASH) return hashMapEntries(arena, map);
  const size = headerArity(arena.i32[at]!) - 2;
  const keysAt = flatMapKeysAt(arena, map);
  const keys: number[] = new Array(size);
  const values: number[] = new Array(size);
  for (let i = 0; i < size; i++) {
    keys[i] = arena.i32[keysAt + i]!;
    values[i] = arena.i32[at + FLAT_MAP_VALUES_FIELD + i]!;
  }
  return { keys, values };
}
