/**
 * persistent_term: terms stored once for the whole node and read by every process without
 * a copy. Each key-value pair is copied into its own arena block (two term words, the key
 * and the value, then their data); a table in the runtime memory maps the key's phash2
 * to the block, under one lock. What get/1 returns points into that block, which no
 * process heap owns, so a collection leaves it where it is (as a literal).
 *
 * Unlike ERTS, a replaced or erased value's block is not reclaimed: ERTS makes every
 * process that still refers to it copy it first (a global literal collection), which is
 * not built here. persistent_term is meant for data written once and read often.
 */

import { HeapWriter, copyTerm, exactEquals, flatSize, phash2, type TermStore } from '@beamload/terms';
import { withLock } from '../shared/spin-lock.js';
import {
  CONTROL_PERSISTENT_LOCK,
  PERSISTENT_BLOCK,
  PERSISTENT_CAPACITY,
  PERSISTENT_DELETED,
  PERSISTENT_EMPTY,
  PERSISTENT_HASH,
  PERSISTENT_WORDS,
} from '../shared/runtime-memory.js';
import type { RuntimeMemoryView } from './runtime-memory-view.js';

/** Block layout: the key term word, the value term word, then the copied data. */
const BLOCK_KEY = 0;
const BLOCK_VALUE = 1;
const BLOCK_HEADER_WORDS = 2;

function startSlot(hash: number): number {
  return Math.imul(hash, 0x9e3779b1) >>> (32 - Math.log2(PERSISTENT_CAPACITY));
}

function withTable<T>(view: RuntimeMemoryView, body: (memory: Int32Array, base: number) => T): T {
  return withLock(view.memory, CONTROL_PERSISTENT_LOCK, () => body(view.memory, view.layout.persistentTerms));
}

/** The slot holding `key`, or -1. The caller holds the lock. */
function findSlot(store: TermStore, memory: Int32Array, base: number, key: number, hash: number): number {
  const words = store.arena.i32;
  for (let probe = 0, slot = startSlot(hash); probe < PERSISTENT_CAPACITY; probe++, slot = (slot + 1) & (PERSISTENT_CAPACITY - 1)) {
    const at = base + slot * PERSISTENT_WORDS;
    const block = memory[at + PERSISTENT_BLOCK];
    if (block === PERSISTENT_EMPTY) return -1;
    if (block !== PERSISTENT_DELETED && memory[at + PERSISTENT_HASH] === hash && exactEquals(store, words[block + BLOCK_KEY], key)) return slot;
  }
  return -1;
}

/** persistent_term:put/2. False when the table is full (the caller raises system_limit). */
export function putPersistent(view: RuntimeMemoryView, store: TermStore, key: number, value: number): boolean {
  const size = flatSize(store, key) + flatSize(store, value);
  const writer = HeapWriter.allocate(store.arena, BLOCK_HEADER_WORDS + size, 'table');
  const block = writer.start;
  writer.alloc(BLOCK_HEADER_WORDS);
  const keyCopy = copyTerm(store, key, writer);
  const valueCopy = copyTerm(store, value, writer);
  store.arena.i32[block + BLOCK_KEY] = keyCopy;
  store.arena.i32[block + BLOCK_VALUE] = valueCopy;
  const hash = phash2(store, key);
  const stored = withTable(view, (memory, base) => {
    const existing = findSlot(store, memory, base, key, hash);
    if (existing >= 0) {
      memory[base + existing * PERSISTENT_WORDS + PERSISTENT_BLOCK] = block;
      return true;
    }
    for (let probe = 0, slot = startSlot(hash); probe < PERSISTENT_CAPACITY; probe++, slot = (slot + 1) & (PERSISTENT_CAPACITY - 1)) {
      const at = base + slot * PERSISTENT_WORDS;
      const state = memory[at + PERSISTENT_BLOCK];
      if (state === PERSISTENT_EMPTY || state === PERSISTENT_DELETED) {
        memory[at + PERSISTENT_HASH] = hash;
        memory[at + PERSISTENT_BLOCK] = block;
        return true;
      }
    }
    return false;
  });
  if (!stored) store.arena.free(block);
  return stored;
}

/** The value stored under `key` (a term word pointing into its block), or undefined. */
export function getPersistent(view: RuntimeMemoryView, store: TermStore, key: number): number | undefined {
  const hash = phash2(store, key);
  return withTable(view, (memory, base) => {
    const slot = findSlot(store, memory, base, key, hash);
    return slot < 0 ? undefined : store.arena.i32[memory[base + slot * PERSISTENT_WORDS + PERSISTENT_BLOCK] + BLOCK_VALUE];
  });
}

/** persistent_term:erase/1: true when the key was there. */
export function erasePersistent(view: RuntimeMemoryView, store: TermStore, key: number): boolean {
  const hash = phash2(store, key);
  return withTable(view, (memory, base) => {
    const slot = findSlot(store, memory, base, key, hash);
    if (slot < 0) return false;
    memory[base + slot * PERSISTENT_WORDS + PERSISTENT_BLOCK] = PERSISTENT_DELETED;
    return true;
  });
}

/** Every stored pair, as [key, value] term words (persistent_term:get/0). */
export function allPersistent(view: RuntimeMemoryView, store: TermStore): Array<[number, number]> {
  return withTable(view, (memory, base) => {
    const pairs: Array<[number, number]> = [];
    const words = store.arena.i32;
    for (let slot = 0; slot < PERSISTENT_CAPACITY; slot++) {
      const block = memory[base + slot * PERSISTENT_WORDS + PERSISTENT_BLOCK];
      if (block !== PERSISTENT_EMPTY && block !== PERSISTENT_DELETED) pairs.push([words[block + BLOCK_KEY], words[block + BLOCK_VALUE]]);
    }
    return pairs;
  });
}
