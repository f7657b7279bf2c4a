import type { HeapWriter } from '../heap-writer.js';
import type { TermStore } from './term-store.js';
import { HEADER_MAP_FLAT, HEADER_MAP_HASH, HEADER_TUPLE, headerArity, headerTag, isList, makeBoxed, makeHeader, makeList, pointerIndex } from '../layout.js';
import { compareTerms, exactEquals } from '../ops/compare.js';
import { hashTerm } from '../ops/hash.js';
import { termViews } from './term-views.js';
import { FLAT_MAP_KEYS_FIELD, FLAT_MAP_LIMIT, FLAT_MAP_SIZE_FIELD, FLAT_MAP_VALUES_FIELD, flatMapKeysAt, flatMapWords, mapEntries } from './map.js';
import { makeMap, mapWords } from './map-builder.js';
import { COLLISION_MARKER, HASH_LEVELS, HASH_MAP_BITMAP_FIELD, HASH_MAP_CHILDREN_FIELD, HASH_MAP_SIZE_FIELD, NODE_MARKER, hashChunk } from './hash-map.js';

/**
 * Persistent map updates (maps:put/remove, `M#{K => V}`): the old map is left as it is.
 * A flat map is rebuilt (at most 32 entries, sharing the keys tuple when the key set does
 * not change); a hash map copies only the nodes on the path to the key, so an update
 * costs O(log n) words and time and shares everything else with the old map. A map that
 * crosses 32 keys changes form, as OTP's does, so equal maps keep equal layouts.
 *
 * Each update has a `...Words` twin giving the exact heap words it will take, so a caller
 * can reserve (or collect garbage) first and then build without failing half way.
 */

/** Where an update's words go: a writer, or nowhere when only counting. */
interface Emit {
  store: TermStore;
  writer: HeapWriter | null;
  words: number;
}

function emitLeaf(emit: Emit, key: number, value: number): number {
  emit.words += 2;
  const writer = emit.writer;
  if (writer === null) return 0;
  const at = writer.alloc(2);
  const { i32 } = termViews(writer.arena);
  i32[at] = key;
  i32[at + 1] = value;
  return makeList(at);
}

function emitNode(emit: Emit, sizeOrMarker: number, bitmap: number, children: readonly number[]): number {
  emit.words += 3 + children.length;
  const writer = emit.writer;
  if (writer === null) return 0;
  const at = writer.alloc(3 + children.length);
  const { i32, u32 } = termViews(writer.arena);
  i32[at] = makeHeader(HEADER_MAP_HASH, 2 + children.length);
  u32[at + HASH_MAP_SIZE_FIELD] = sizeOrMarker;
  u32[at + HASH_MAP_BITMAP_FIELD] = bitmap >>> 0;
  for (let i = 0; i < children.length; i++) i32[at + HASH_MAP_CHILDREN_FIELD + i] = children[i]!;
  return makeBoxed(at);
}

function childrenOf(i32: Int32Array, at: number): number[] {
  const count = headerArity(i32[at]!) - 2;
  return Array.from(i32.subarray(at + HASH_MAP_CHILDREN_FIELD, at + HASH_MAP_CHILDREN_FIELD + count));
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** The smallest subtree holding two leaves whose keys differ, from `level` down. */
function emitSplit(emit: Emit, level: number, leafA: number, hashA: number, leafB: number, hashB: number): number {
  if (level === HASH_LEVELS) return emitNode(emit, COLLISION_MARKER, 0, [leafA, leafB]);
  const a = hashChunk(hashA, level);
  const b = hashChunk(hashB, level);
  if (a === b) return emitNode(emit, NODE_MARKER, 1 << a, [emitSplit(emit, level + 1, leafA, hashA, leafB, hashB)]);
  return emitNode(emit, NODE_MARKER, (1 << a) | (1 << b), a < b ? [leafA, leafB] : [leafB, leafA]);
}

function putNode(emit: Emit, at: number, level: number, hash: number, key: number, value: number, head: boolean): { term: number; added: boolean } {
  const store = emit.store;
  const { i32, u32 } = termViews(store.arena);
  const children = childrenOf(i32, at);
  const sizeOrMarker = u32[at + HASH_MAP_SIZE_FIELD]!;
  if (!head && sizeOrMarker === COLLISION_MARKER) {
    const index = children.findIndex((leaf) => exactEquals(store, i32[pointerIndex(leaf)]!, key));
    const leaf = emitLeaf(emit, key, value);
    if (index >= 0) children[index] = leaf;
    else children.push(leaf);
    return { term: emitNode(emit, COLLISION_MARKER, 0, children), added: index < 0 };
  }
  let bitmap = u32[at + HASH_MAP_BITMAP_FIELD]!;
  const bit = 1 << hashChunk(hash, level);
  const slot = popcount(bitmap & (bit - 1));
  let added: boolean;
  if ((bitmap & bit) === 0) {
    children.splice(slot, 0, emitLeaf(emit, key, value));
    bitmap |= bit;
    added = true;
  } else {
    const child = children[slot]!;
    if (isList(child)) {
      const existingKey = i32[pointerIndex(child)]!;
      if (exactEquals(store, existingKey, key)) {
        children[slot] = emitLeaf(emit, key, value);
        added = false;
      } else {
        const leaf = emitLeaf(emit, key, value);
        children[slot] = emitSplit(emit, level + 1, child, hashTerm(store, existingKey), leaf, hash);
        added = true;
      }
    } else {
      const below = putNode(emit, pointerIndex(child), level + 1, hash, key, value, false);
      children[slot] = below.term;
      added = below.added;
    }
  }
  const size = head ? sizeOrMarker + (added ? 1 : 0) : NODE_MARKER;
  return { term: emitNode(emit, size, bitmap, children), added };
}

/** Returns `found: false` (nothing emitted) when the key is absent; `term` null when the node is left empty. */
function removeNode(emit: Emit, at: number, level: number, hash: number, key: number, head: boolean): { found: boolean; term: number | null } {
  const store = emit.store;
  const { i32, u32 } = termViews(store.arena);
  const children = childrenOf(i32, at);
  const sizeOrMarker = u32[at + HASH_MAP_SIZE_FIELD]!;
  if (!head && sizeOrMarker === COLLISION_MARKER) {
    const index = children.findIndex((leaf) => exactEquals(store, i32[pointerIndex(leaf)]!, key));
    if (index < 0) return { found: false, term: null };
    children.splice(index, 1);
    return { found: true, term: children.length === 0 ? null : emitNode(emit, COLLISION_MARKER, 0, children) };
  }
  let bitmap = u32[at + HASH_MAP_BITMAP_FIELD]!;
  const bit = 1 << hashChunk(hash, level);
  if ((bitmap & bit) === 0) return { found: false, term: null };
  const slot = popcount(bitmap & (bit - 1));
  const child = children[slot]!;
  let replacement: number | null;
  if (isList(child)) {
    if (!exactEquals(store, i32[pointerIndex(child)]!, key)) return { found: false, term: null };
    replacement = null;
  } else {
    const below = removeNode(emit, pointerIndex(child), level + 1, hash, key, false);
    if (!below.found) return below;
    replacement = below.term;
  }
  if (replacement === null) {
    children.splice(slot, 1);
    bitmap &= ~bit;
  } else children[slot] = replacement;
  if (!head && children.length === 0) return { found: true, term: null };
  return { found: true, term: emitNode(emit, head ? sizeOrMarker - 1 : NODE_MARKER, bitmap, children) };
}

/** Index of `key` in a flat map's sorted keys, or -(insertion point) - 1. */
function flatIndex(store: TermStore, map: number, key: number): number {
  const { i32, u32 } = termViews(store.arena);
  const keysAt = flatMapKeysAt(store.arena, map);
  let low = 0;
  let high = u32[pointerIndex(map) + FLAT_MAP_SIZE_FIELD]! - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const order = compareTerms(store, i32[keysAt + middle]!, key, true);
    if (order === 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return -low - 1;
}

function flatPut(emit: Emit, map: number, key: number, value: number): number {
  const store = emit.store;
  const { i32, u32 } = termViews(store.arena);
  const at = pointerIndex(map);
  const size = u32[at + FLAT_MAP_SIZE_FIELD]!;
  const index = flatIndex(store, map, key);
  const keysAt = flatMapKeysAt(store.arena, map);
  const keys = Array.from(i32.subarray(keysAt, keysAt + size));
  const values = Array.from(i32.subarray(at + FLAT_MAP_VALUES_FIELD, at + FLAT_MAP_VALUES_FIELD + size));
  if (index >= 0) {
    // Same key set: a new values array over the same keys tuple.
    values[index] = value;
    return emitFlat(emit, i32[at + FLAT_MAP_KEYS_FIELD]!, keys, values);
  }
  const insertAt = -index - 1;
  keys.splice(insertAt, 0, key);
  values.splice(insertAt, 0, value);
  if (keys.length > FLAT_MAP_LIMIT) {
    emit.words += mapWords(store, keys);
    return emit.writer === null ? 0 : makeMap(store, emit.writer, keys, values);
  }
  return emitFlat(emit, undefined, keys, values);
}

/** A flat map over sorted `keys`; `keysTuple` reuses an existing keys tuple. */
function emitFlat(emit: Emit, keysTuple: number | undefined, keys: readonly number[], values: readonly number[]): number {
  emit.words += 3 + values.length + (keysTuple === undefined ? 1 + keys.length : 0);
  const writer = emit.writer;
  if (writer === null) return 0;
  const { i32, u32 } = termViews(writer.arena);
  if (keysTuple === undefined) {
    const keysAt = writer.alloc(1 + keys.length);
    i32[keysAt] = makeHeader(HEADER_TUPLE, keys.length);
    for (let i = 0; i < keys.length; i++) i32[keysAt + 1 + i] = keys[i]!;
    keysTuple = makeBoxed(keysAt);
  }
  const at = writer.alloc(3 + values.length);
  i32[at] = makeHeader(HEADER_MAP_FLAT, values.length + 2);
  u32[at + FLAT_MAP_SIZE_FIELD] = values.length;
  i32[at + FLAT_MAP_KEYS_FIELD] = keysTuple;
  for (let i = 0; i < values.length; i++) i32[at + FLAT_MAP_VALUES_FIELD + i] = values[i]!;
  return makeBoxed(at);
}

function put(emit: Emit, map: number, key: number, value: number): number {
  const at = pointerIndex(map);
  if (headerTag(termViews(emit.store.arena).i32[at]!) === HEADER_MAP_FLAT) return flatPut(emit, map, key, value);
  return putNode(emit, at, 0, hashTerm(emit.store, key), key, value, true).term;
}

function remove(emit: Emit, map: number, key: number): number {
  const store = emit.store;
  const { i32, u32 } = termViews(store.arena);
  const at = pointerIndex(map);
  const size = u32[at + FLAT_MAP_SIZE_FIELD]!;
  if (headerTag(i32[at]!) === HEADER_MAP_FLAT) {
    const index = flatIndex(store, map, key);
    if (index < 0) return map;
    const keysAt = flatMapKeysAt(store.arena, map);
    const keys = Array.from(i32.subarray(keysAt, keysAt + size));
    const values = Array.from(i32.subarray(at + FLAT_MAP_VALUES_FIELD, at + FLAT_MAP_VALUES_FIELD + size));
    keys.splice(index, 1);
    values.splice(index, 1);
    return emitFlat(emit, undefined, keys, values);
  }
  if (size - 1 <= FLAT_MAP_LIMIT) {
    // Back to a flat map, as OTP's maps shrink.
    const { keys, values } = mapEntries(store.arena, map);
    const index = keys.findIndex((existing) => exactEquals(store, existing, key));
    if (index < 0) return map;
    keys.splice(index, 1);
    values.splice(index, 1);
    emit.words += flatMapWords(keys.length);
    return emit.writer === null ? 0 : makeMap(store, emit.writer, keys, values);
  }
  const result = removeNode(emit, at, 0, hashTerm(store, key), key, true);
  return result.found ? result.term! : map;
}

/** `map` with `key` set to `value` (maps:put). */
export function mapPut(store: TermStore, writer: HeapWriter, map: number, key: number, value: number): number {
  return put({ store, writer, words: 0 }, map, key, value);
}

/** Exact heap words mapPut(store, writer, map, key, ...) takes. */
export function mapPutWords(store: TermStore, map: number, key: number): number {
  const emit: Emit = { store, writer: null, words: 0 };
  put(emit, map, key, 0);
  return emit.words;
}

/** `map` without `key` (maps:remove); the same map, and no words, when the key is absent. */
export function mapRemove(store: TermStore, writer: HeapWriter, map: number, key: number): number {
  return remove({ store, writer, words: 0 }, map, key);
}

/** Exact heap words mapRemove takes. */
export function mapRemoveWords(store: TermStore, map: number, key: number): number {
  const emit: Emit = { store, writer: null, words: 0 };
  remove(emit, map, key);
  return emit.words;
}
