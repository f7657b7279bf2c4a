import { acquireLock, releaseLock } from '@beamload/terms';
import { allocateZeroed, type LoaderArena } from '../memory.js';
import { LoadError } from '../errors.js';

/**
 * An append-only table of fixed-size entries in shared memory, with a hash index over
 * the first `keyWords` words of each entry. Entries are never moved and never freed, so
 * a reader on any thread may keep an entry's address forever (ERTS keeps export and
 * module entries alive for the same reason). Inserts take the table lock; lookups and
 * entry reads take none.
 *
 * Header block layout (word offsets from the header's word index):
 */
const HEADER_LOCK = 0;
/** Number of published entries (Atomics). */
const HEADER_COUNT = 1;
/** Word index of the current bucket block (Atomics; replaced when the index grows). */
const HEADER_BUCKETS = 2;
const HEADER_ENTRY_WORDS = 3;
const HEADER_KEY_WORDS = 4;
/** Word index of the block of retired bucket blocks' chain head (see `grow`). */
const HEADER_RETIRED_BUCKETS = 5;
/** Most entries this table takes (at most APPEND_ONLY_TABLE_CAPACITY; tests set less). */
const HEADER_CAPACITY = 6;
const HEADER_SEGMENTS = 7;
const MAX_SEGMENTS = 1024;
const HEADER_WORDS = HEADER_SEGMENTS + MAX_SEGMENTS;

const SEGMENT_SHIFT = 9;
const SEGMENT_ENTRIES = 1 << SEGMENT_SHIFT;
const SEGMENT_MASK = SEGMENT_ENTRIES - 1;

/**
 * Bucket block layout: word 0 = bucket count (a power of two), word 1 = the previous
 * (retired) bucket block or 0, then one word per bucket: entry number + 1, 0 = empty.
 */
const BUCKETS_COUNT = 0;
const BUCKETS_PREVIOUS = 1;
const BUCKETS_FIRST = 2;
const INITIAL_BUCKETS = 256;

export const APPEND_ONLY_TABLE_CAPACITY = MAX_SEGMENTS * SEGMENT_ENTRIES;

export class AppendOnlyTable {
  private constructor(
    private readonly arena: LoaderArena,
    /** Word index of the header block. */
    readonly header: number,
  ) {}

  static create(arena: LoaderArena, entryWords: number, keyWords: number, capacity = APPEND_ONLY_TABLE_CAPACITY): AppendOnlyTable {
    if (!Number.isInteger(capacity) || capacity < 0 || capacity > APPEND_ONLY_TABLE_CAPACITY) {
      throw new RangeError(`table capacity ${capacity} is not in 0..${APPEND_ONLY_TABLE_CAPACITY}`);
    }
    const header = allocateZeroed(arena, HEADER_WORDS, 'table');
    const words = arena.i32;
    words[header + HEADER_ENTRY_WORDS] = entryWords;
    words[header + HEADER_KEY_WORDS] = keyWords;
    words[header + HEADER_CAPACITY] = capacity;
    const buckets = allocateZeroed(arena, BUCKETS_FIRST + INITIAL_BUCKETS, 'table');
    arena.i32[buckets + BUCKETS_COUNT] = INITIAL_BUCKETS;
    Atomics.store(arena.i32, header + HEADER_BUCKETS, buckets);
    return new AppendOnlyTable(arena, header);
  }

  static attach(arena: LoaderArena, header: number): AppendOnlyTable {
    return new AppendOnlyTable(arena, header);
  }

  get count(): number {
    return Atomics.load(this.arena.fixedI32, this.header + HEADER_COUNT);
  }

  /** Most entries the table takes; inserting beyond it is `system_limit`. */
  get capacity(): number {
    return this.arena.i32[this.header + HEADER_CAPACITY];
  }

  get entryWords(): number {
    return this.arena.i32[this.header + HEADER_ENTRY_WORDS];
  }

  /** Word index of entry `entry` (0 <= entry < count). */
  entryAddress(entry: number): number {
    const words = this.arena.fixedI32;
    const segment = words[this.header + HEADER_SEGMENTS + (entry >>> SEGMENT_SHIFT)];
    return segment + (entry & SEGMENT_MASK) * words[this.header + HEADER_ENTRY_WORDS];
  }

  /** Entry number whose key words equal `key`, or -1. Lock-free. */
  lookup(key: readonly number[]): number {
    // Fixed-length views (much faster on Node 20), each fetched after reading the pointer
    // it follows: the getter then covers blocks another thread allocated before publishing it.
    const buckets = Atomics.load(this.arena.fixedI32, this.header + HEADER_BUCKETS);
    return this.probe(this.arena.fixedI32, buckets, key).entry;
  }

  /**
   * The entry for `key`, created when absent: `initialize(address)` fills the words
   * after the key before the entry becomes visible to readers. Returns the entry number.
   */
  insert(key: readonly number[], initialize: (address: number) => void): number {
    // Most inserts find the entry already there: look without the lock first.
    const existing = this.lookup(key);
    if (existing >= 0) return existing;
    acquireLock(this.arena.fixedI32, this.header + HEADER_LOCK);
    try {
      return this.insertLocked(key, initialize);
    } finally {
      releaseLock(this.arena.i32, this.header + HEADER_LOCK);
    }
  }

  /**
   * The entries for all of `keys`, created when absent, all or none: when the table
   * cannot take every missing key, nothing is inserted and the call throws
   * `system_limit` (a load that fails must leave no entry behind). `initialize(i, address)`
   * fills a new entry for `keys[i]`. Returns the entry numbers, in the order of `keys`.
   */
  insertAll(keys: ReadonlyArray<readonly number[]>, initialize: (index: number, address: number) => void): number[] {
    const entries = keys.map((key) => this.lookup(key));
    if (entries.every((entry) => entry >= 0)) return entries;
    acquireLock(this.arena.fixedI32, this.header + HEADER_LOCK);
    try {
      // Under the lock, the count of missing keys is exact: no other thread inserts.
      const words = this.arena.fixedI32;
      const missing = this.countMissing(keys);
      const count = words[this.header + HEADER_COUNT];
      if (count + missing > words[this.header + HEADER_CAPACITY]) {
        throw new LoadError('system_limit', `table full: ${missing} new entries do not fit (${count} of ${words[this.header + HEADER_CAPACITY]} used)`);
      }
      // Every block the inserts need (segments, a larger index) first: an arena that
      // cannot give them fails here, before any entry exists.
      this.reserveLocked(count + missing);
      for (let index = 0; index < keys.length; index++) {
        if (entries[index] < 0) entries[index] = this.insertLocked(keys[index], (address) => initialize(index, address));
      }
      return entries;
    } finally {
      releaseLock(this.arena.i32, this.header + HEADER_LOCK);
    }
  }

  /** Allocates the segments and the bucket index `total` entries need (call with the lock held). */
  private reserveLocked(total: number): void {
    const header = this.header;
    let words = this.arena.fixedI32;
    const entryWords = words[header + HEADER_ENTRY_WORDS];
    for (let segment = 0; segment * SEGMENT_ENTRIES < total; segment++) {
      if (words[header + HEADER_SEGMENTS + segment] === 0) {
        const block = allocateZeroed(this.arena, SEGMENT_ENTRIES * entryWords, 'table');
        words = this.arena.fixedI32;
        words[header + HEADER_SEGMENTS + segment] = block;
      }
    }
    let buckets = Atomics.load(words, header + HEADER_BUCKETS);
    while (total * 2 > words[buckets + BUCKETS_COUNT]) {
      buckets = this.grow(buckets, words[header + HEADER_COUNT]);
      words = this.arena.fixedI32;
    }
  }

  /** Distinct keys of `keys` the table does not hold (call with the lock held). */
  private countMissing(keys: ReadonlyArray<readonly number[]>): number {
    const missing = new Set<string>();
    for (const key of keys) {
      if (this.lookup(key) < 0) missing.add(key.join(','));
    }
    return missing.size;
  }

  /** `insert` with the table lock held. */
  private insertLocked(key: readonly number[], initialize: (address: number) => void): number {
    const header = this.header;
    // Under the lock every other inserter's blocks exist: one fresh view covers them.
    let words = this.arena.fixedI32;
    let buckets = Atomics.load(words, header + HEADER_BUCKETS);
    const found = this.probe(words, buckets, key);
    if (found.entry >= 0) return found.entry;
    const entry = words[header + HEADER_COUNT];
    if (entry >= words[header + HEADER_CAPACITY]) {
      throw new LoadError('system_limit', `table full (${words[header + HEADER_CAPACITY]} entries)`);
    }
    const entryWords = words[header + HEADER_ENTRY_WORDS];
    const segmentSlot = header + HEADER_SEGMENTS + (entry >>> SEGMENT_SHIFT);
    if (words[segmentSlot] === 0) {
      const segment = allocateZeroed(this.arena, SEGMENT_ENTRIES * entryWords, 'table');
      words = this.arena.fixedI32;
      words[segmentSlot] = segment;
    }
    const address = words[segmentSlot] + (entry & SEGMENT_MASK) * entryWords;
    for (let i = 0; i < key.length; i++) words[address + i] = key[i];
    initialize(address);
    words = this.arena.fixedI32;
    let slot = found.slot;
    const bucketCount = words[buckets + BUCKETS_COUNT];
    if ((entry + 1) * 2 > bucketCount) {
      buckets = this.grow(buckets, entry);
      words = this.arena.fixedI32;
      slot = this.probe(words, buckets, key).slot;
    }
    // Publish: the bucket store makes the initialised entry visible to lock-free readers.
    Atomics.store(words, slot, entry + 1);
    Atomics.store(words, header + HEADER_COUNT, entry + 1);
    return entry;
  }

  /** Calls `visit(entry, address)` for every published entry. */
  forEach(visit: (entry: number, address: number) => void): void {
    const count = this.count;
    for (let entry = 0; entry < count; entry++) visit(entry, this.entryAddress(entry));
  }

  /** Words held by this table (header, segments, bucket blocks), for footprint checks. */
  footprintWords(): number {
    const words = this.arena.i32;
    let total = HEADER_WORDS;
    const entryWords = words[this.header + HEADER_ENTRY_WORDS];
    for (let s = 0; s < MAX_SEGMENTS; s++) {
      if (words[this.header + HEADER_SEGMENTS + s] !== 0) total += SEGMENT_ENTRIES * entryWords;
    }
    for (let b = Atomics.load(words, this.header + HEADER_BUCKETS); b !== 0; b = words[b + BUCKETS_PREVIOUS]) {
      total += BUCKETS_FIRST + words[b + BUCKETS_COUNT];
    }
    return total;
  }

  /** Slot (word index) where `key` is or would go, and its entry or -1. */
  private probe(view: Int32Array, buckets: number, key: readonly number[]): { slot: number; entry: number } {
    let words = view;
    const mask = words[buckets + BUCKETS_COUNT] - 1;
    let position = hashKey(key) & mask;
    for (;;) {
      const slot = buckets + BUCKETS_FIRST + position;
      const stored = Atomics.load(words, slot);
      if (stored === 0) return { slot, entry: -1 };
      const address = this.entryAddress(stored - 1);
      // An entry in a segment allocated since `words` was fetched: fetch again.
      if (address + key.length > words.length) words = this.arena.fixedI32;
      let equal = true;
      for (let i = 0; i < key.length; i++) {
        if (words[address + i] !== key[i]) {
          equal = false;
          break;
        }
      }
      if (equal) return { slot, entry: stored - 1 };
      position = (position + 1) & mask;
    }
  }

  /**
   * Doubles the bucket array. The old array is kept (chained from the new one) rather
   * than freed: a reader on another thread may still be probing it, and its answers stay
   * right for every entry published before the switch. The waste is bounded by the final
   * size, since the counts double.
   */
  private grow(oldBuckets: number, entriesBeforeNew: number): number {
    const oldCount = this.arena.i32[oldBuckets + BUCKETS_COUNT];
    const newCount = oldCount * 2;
    const buckets = allocateZeroed(this.arena, BUCKETS_FIRST + newCount, 'table');
    const words = this.arena.fixedI32;
    words[buckets + BUCKETS_COUNT] = newCount;
    words[buckets + BUCKETS_PREVIOUS] = oldBuckets;
    const keyWords = words[this.header + HEADER_KEY_WORDS];
    const key: number[] = new Array(keyWords);
    for (let entry = 0; entry < entriesBeforeNew; entry++) {
      const address = this.entryAddress(entry);
      for (let i = 0; i < keyWords; i++) key[i] = words[address + i];
      const { slot } = this.probe(words, buckets, key);
      words[slot] = entry + 1;
    }
    Atomics.store(words, this.header + HEADER_BUCKETS, buckets);
    return buckets;
  }
}

function hashKey(key: readonly number[]): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash = Math.imul(hash ^ key[i], 0x01000193);
    hash ^= hash >>> 15;
  }
  return hash >>> 0;
}
