import type { HeapWriter } from '../heap-writer.js';
import type { TermStore } from './term-store.js';
import { HEADER_MAP_FLAT, HEADER_MAP_HASH, HEADER_TUPLE, headerTag, isList, makeBoxed, makeHeader, makeList, pointerIndex } from '../layout.js';
import { compareTerms, exactEquals } from '../ops/compare.js';
import { hashTerm } from '../ops/hash.js';
import { FLAT_MAP_LIMIT, FLAT_MAP_KEYS_FIELD, FLAT_MAP_SIZE_FIELD, FLAT_MAP_VALUES_FIELD, flatMapKeysAt } from './map.js';
import {
  COLLISION_MARKER,
  HASH_MAP_BITMAP_FIELD,
  HASH_MAP_CHILDREN_FIELD,
  HASH_MAP_SIZE_FIELD,
  buildHashMap,
  hashChunk,
  hashMapNodeWords,
} from './hash-map.js';
import { TermError } from './term-error.js';
import { termViews } from './term-views.js';
import { headerArity } from '../layout.js';

/** Heap words `makeMap` takes for these keys. */
export function mapWords(store: TermStore, keys: readonly number[]): number {
  if (keys.length <= FLAT_MAP_LIMIT) return 3 + keys.length + 1 + keys.length;
  return 2 * keys.length + hashMapNodeWords(keys.map((key) => hashTerm(store, key)));
}

/** A map of distinct `keys` (a TermError 'duplicate_key' otherwise) to `values`. */
export function makeMap(store: TermStore, writer: HeapWriter, keys: readonly number[], values: readonly number[]): number {
  if (keys.length <= FLAT_MAP_LIMIT) {
    const order = sortedOrder(store, keys);
    const at = writer.alloc(3 + keys.length);
    const keysAt = writer.alloc(1 + keys.length);
    const words = writer.arena.i32;
    words[keysAt] = makeHeader(HEADER_TUPLE, keys.length);
    words[at] = makeHeader(HEADER_MAP_FLAT, keys.length + 2);
    writer.arena.u32[at + FLAT_MAP_SIZE_FIELD] = keys.length;
    words[at + FLAT_MAP_KEYS_FIELD] = makeBoxed(keysAt);
    for (let i = 0; i < order.length; i++) {
      words[keysAt + 1 + i] = keys[order[i]!]!;
      words[at + FLAT_MAP_VALUES_FIELD + i] = values[order[i]!]!;
    }
    return makeBoxed(at);
  }
  const cells = writer.alloc(2 * keys.length);
  const leaves: number[] = new Array(keys.length);
  const words = writer.arena.i32;
  for (let i = 0; i < keys.length; i++) {
    words[cells + 2 * i] = keys[i]!;
    words[cells + 2 * i + 1] = values[i]!;
    leaves[i] = makeList(cells + 2 * i);
  }
  return makeHashMapFromLeaves(store, writer, leaves);
}

/** Builds the hash map over leaf cells [key | value]; checks the keys are distinct. */
export function makeHashMapFromLeaves(store: TermStore, writer: HeapWriter, leaves: readonly number[]): number {
  const words = writer.arena.i32;
  const hashes = leaves.map((leaf) => hashTerm(store, words[pointerIndex(leaf)]!));
  const map = buildHashMap(writer, leaves, hashes);
  checkCollisionNodes(store, map);
  return map;
}

function checkCollisionNodes(store: TermStore, map: number): void {
  const words = store.arena.i32;
  const stack = [map];
  while (stack.length > 0) {
    const at = pointerIndex(stack.pop()!);
    const count = headerArity(words[at]!) - 2;
    const collision = store.arena.u32[at + HASH_MAP_SIZE_FIELD] === COLLISION_MARKER;
    for (let i = 0; i < count; i++) {
      const child = words[at + HASH_MAP_CHILDREN_FIELD + i]!;
      if (!isList(child)) stack.push(child);
      else if (collision) {
        for (let j = i + 1; j < count; j++) {
          const other = words[at + HASH_MAP_CHILDREN_FIELD + j]!;
          if (exactEquals(store, words[pointerIndex(child)]!, words[pointerIndex(other)]!)) {
            throw new TermError('duplicate_key', 'a map key occurs twice', pointerIndex(child));
          }
        }
      }
    }
  }
}

/** Indices of `keys` in exact term order; refuses equal keys. */
function sortedOrder(store: TermStore, keys: readonly number[]): number[] {
  const order = keys.map((_, i) => i);
  order.sort((i, j) => compareTerms(store, keys[i]!, keys[j]!, true));
  for (let i = 1; i < order.length; i++) {
    if (compareTerms(store, keys[order[i - 1]!]!, keys[order[i]!]!, true) === 0) {
      throw new TermError('duplicate_key', 'a map key occurs twice');
    }
  }
  return order;
}

/** Sorts a flat map whose keys tuple and values were filled in arbitrary order (e.g. by the ETF decoder). */
export function sortFlatMapInPlace(store: TermStore, map: number): void {
  const arena = store.arena;
  const words = termViews(arena).i32;
  const at = pointerIndex(map);
  const size = arena.u32[at + FLAT_MAP_SIZE_FIELD]!;
  const keysAt = flatMapKeysAt(arena, map);
  // ETF from term_to_binary and LitT already has flat map keys in order: check first.
  let sorted = true;
  for (let i = 1; i < size && sorted; i++) sorted = compareTerms(store, words[keysAt + i - 1]!, words[keysAt + i]!, true) < 0;
  if (sorted) return;
  const keys = Array.from(words.subarray(keysAt, keysAt + size));
  const values = Array.from(words.subarray(at + FLAT_MAP_VALUES_FIELD, at + FLAT_MAP_VALUES_FIELD + size));
  const order = sortedOrder(store, keys);
  for (let i = 0; i < size; i++) {
    words[keysAt + i] = keys[order[i]!]!;
    words[at + FLAT_MAP_VALUES_FIELD + i] = values[order[i]!]!;
  }
}

/** The value of `key` in `map`, or undefined. */
export function mapGet(store: TermStore, map: number, key: number): number | undefined {
  const arena = store.arena;
  const words = arena.i32;
  const at = pointerIndex(map);
  if (headerTag(words[at]!) === HEADER_MAP_FLAT) {
    const keysAt = flatMapKeysAt(arena, map);
    let low = 0;
    let high = arena.u32[at + FLAT_MAP_SIZE_FIELD]! - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = compareTerms(store, words[keysAt + middle]!, key, true);
      if (order === 0) return words[at + FLAT_MAP_VALUES_FIELD + middle];
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }
  if (headerTag(words[at]!) !== HEADER_MAP_HASH) return undefined;
  const hash = hashTerm(store, key);
  let node = at;
  for (let level = 0; ; level++) {
    const count = headerArity(words[node]!) - 2;
    if (arena.u32[node + HASH_MAP_SIZE_FIELD] === COLLISION_MARKER) {
      for (let i = 0; i < count; i++) {
        const leaf = pointerIndex(words[node + HASH_MAP_CHILDREN_FIELD + i]!);
        if (exactEquals(store, words[leaf]!, key)) return words[leaf + 1];
      }
      return undefined;
    }
    const bitmap = arena.u32[node + HASH_MAP_BITMAP_FIELD]!;
    const bit = 1 << hashChunk(hash, level);
    if ((bitmap & bit) === 0) return undefined;
    const slot = popcount(bitmap & (bit - 1));
    const child = words[node + HASH_MAP_CHILDREN_FIELD + slot]!;
    if (isList(child)) {
      const leaf = pointerIndex(child);
      return exactEquals(store, words[leaf]!, key) ? words[leaf + 1] : undefined;
    }
    node = pointerIndex(child);
  }
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}
