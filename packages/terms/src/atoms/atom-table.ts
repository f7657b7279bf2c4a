import type { Arena } from '../arena/arena.js';
import { MAX_ATOM_INDEX, WORD_BYTES } from '../layout.js';
import { acquireLock, releaseLock } from '../shared-lock.js';
import { AtomError } from './atom-error.js';
import { AtomNameEncoder } from './atom-name.js';
import {
  ATOM_DESCRIPTOR_COUNT,
  ATOM_DESCRIPTOR_HASH_TABLE,
  ATOM_DESCRIPTOR_LOCK,
  ATOM_DESCRIPTOR_MAGIC,
  ATOM_DESCRIPTOR_MAX_ATOMS,
  ATOM_DESCRIPTOR_RETIRED_WORDS,
  ATOM_DESCRIPTOR_SEGMENT_DIRECTORY,
  ATOM_DESCRIPTOR_TEXT_CHUNK,
  ATOM_DESCRIPTOR_TEXT_USED,
  ATOM_DESCRIPTOR_WORDS,
  ATOM_TABLE_MAGIC,
  DEFAULT_MAX_ATOMS,
  HASH_SLOT_ENTRY_OFFSET,
  HASH_SLOT_HASH_OFFSET,
  HASH_SLOT_WORDS,
  HASH_TABLE_CAPACITY_OFFSET,
  HASH_TABLE_SLOTS_OFFSET,
  INITIAL_HASH_CAPACITY,
  NAME_RECORD_BYTES_OFFSET,
  NAME_RECORD_LENGTH_OFFSET,
  SEGMENT_ENTRIES,
  SEGMENT_ENTRIES_LOG2,
  TEXT_CHUNK_WORDS,
} from './atom-table-layout.js';
import { PREDEFINED_ATOMS } from './predefined-atoms.js';

export interface AtomTableOptions {
  /** Most atoms the table may hold (OTP's erl +t). Default 1,048,576. */
  maxAtoms?: number;
}

/** Arena root slot where AtomTable.create publishes its descriptor for attach(arena). */
export const ARENA_ROOT_ATOM_TABLE = 0;

/**
 * The VM-wide atom table, stored in the arena (see atom-table-layout.ts). Lookups are
 * lock-free; inserts take the table's lock and publish the new atom with Atomics.store
 * after its name is written, so a reader either misses it or sees it whole. Each thread
 * has its own AtomTable object (create in one thread, attach in the others); the object
 * caches decoded names and found indexes, which is safe because atoms never change.
 */
export class AtomTable {
  readonly #arena: Arena;
  readonly #descriptor: number;
  readonly #encoder = new AtomNameEncoder();
  readonly #decoder = new TextDecoder('utf-8');
  readonly #names: string[] = [];
  readonly #indexByName = new Map<string, number>();

  private constructor(arena: Arena, descriptor: number) {
    this.#arena = arena;
    this.#descriptor = descriptor;
  }

  /**
   * Creates an atom table in `arena` holding PREDEFINED_ATOMS at their fixed indexes, and
   * publishes it in the arena root slot ARENA_ROOT_ATOM_TABLE when that slot is free.
   */
  static create(arena: Arena, options: AtomTableOptions = {}): AtomTable {
    const maxAtoms = options.maxAtoms ?? DEFAULT_MAX_ATOMS;
    if (!Number.isInteger(maxAtoms) || maxAtoms < PREDEFINED_ATOMS.length || maxAtoms > MAX_ATOM_INDEX + 1) {
      throw new AtomError(
        'bad_options',
        `maxAtoms must be an integer in ${PREDEFINED_ATOMS.length}..${MAX_ATOM_INDEX + 1}, got ${maxAtoms}`,
      );
    }
    const segments = Math.ceil(maxAtoms / SEGMENT_ENTRIES);
    const blocks: number[] = [];
    // Everything the predefined atoms need is allocated up front, so that a full arena fails
    // here, with every block given back, and never leaves a half-made table behind.
    let descriptor: number, directory: number, firstSegment: number, hashTable: number, textChunk: number;
    try {
      blocks.push((descriptor = arena.alloc(ATOM_DESCRIPTOR_WORDS, 'atom')));
      blocks.push((directory = arena.alloc(segments, 'atom')));
      blocks.push((firstSegment = arena.alloc(SEGMENT_ENTRIES, 'atom')));
      blocks.push((hashTable = AtomTable.#allocHashTable(arena, INITIAL_HASH_CAPACITY)));
      blocks.push((textChunk = arena.alloc(TEXT_CHUNK_WORDS, 'atom')));
    } catch (error) {
      for (const block of blocks) arena.free(block);
      throw error;
    }
    // Fetched after the allocations: they may have grown the buffer.
    const mem = arena.fixedU32;
    mem.fill(0, directory, directory + segments);
    mem.fill(0, firstSegment, firstSegment + SEGMENT_ENTRIES);
    mem[directory] = firstSegment;
    mem[descriptor + ATOM_DESCRIPTOR_LOCK] = 0;
    mem[descriptor + ATOM_DESCRIPTOR_COUNT] = 0;
    mem[descriptor + ATOM_DESCRIPTOR_MAX_ATOMS] = maxAtoms;
    mem[descriptor + ATOM_DESCRIPTOR_HASH_TABLE] = hashTable;
    mem[descriptor + ATOM_DESCRIPTOR_TEXT_CHUNK] = textChunk;
    mem[descriptor + ATOM_DESCRIPTOR_TEXT_USED] = 0;
    mem[descriptor + ATOM_DESCRIPTOR_SEGMENT_DIRECTORY] = directory;
    mem[descriptor + ATOM_DESCRIPTOR_RETIRED_WORDS] = 0;
    Atomics.store(mem, descriptor + ATOM_DESCRIPTOR_MAGIC, ATOM_TABLE_MAGIC);
    const table = new AtomTable(arena, descriptor);
    for (const name of PREDEFINED_ATOMS) table.intern(name);
    arena.compareExchangeRoot(ARENA_ROOT_ATOM_TABLE, 0, descriptor);
    return table;
  }

  /** The same table seen from another thread: by descriptor word, or the one published in the arena root. */
  static attach(arena: Arena, descriptorWord: number = arena.root(ARENA_ROOT_ATOM_TABLE)): AtomTable {
    const mem = arena.fixedU32;
    if (
      !Number.isInteger(descriptorWord) ||
      descriptorWord <= 0 ||
      descriptorWord + ATOM_DESCRIPTOR_WORDS > mem.length ||
      Atomics.load(mem, descriptorWord + ATOM_DESCRIPTOR_MAGIC) !== ATOM_TABLE_MAGIC
    ) {
      throw new AtomError('bad_descriptor', `word ${descriptorWord} is not an atom table descriptor`, descriptorWord);
    }
    return new AtomTable(arena, descriptorWord);
  }

  /** Word index of the descriptor: what another thread passes to attach(). */
  get descriptor(): number {
    return this.#descriptor;
  }

  get count(): number {
    return Atomics.load(this.#arena.fixedU32, this.#descriptor + ATOM_DESCRIPTOR_COUNT);
  }

  get maxAtoms(): number {
    return this.#arena.fixedU32[this.#descriptor + ATOM_DESCRIPTOR_MAX_ATOMS];
  }

  /** Index of the atom named `name`, inserting it if it is new. Safe from any thread. */
  intern(name: string): number {
    const cached = this.#indexByName.get(name);
    if (cached !== undefined) return cached;
    this.#encoder.encodeString(name);
    const index = this.#findOrInsert();
    this.#indexByName.set(name, index);
    return index;
  }

  /** intern() for a name given as UTF-8 bytes (ETF's ATOM_UTF8_EXT); no string is built. */
  internUtf8(bytes: Uint8Array, start = 0, end = bytes.length): number {
    // Most atoms of a literal table exist already: find them from the raw bytes, and check
    // and copy the bytes only for a new one (a stored name is valid by construction).
    this.#encoder.hashUtf8(bytes, start, end);
    const found = this.#find(Atomics.load(this.#arena.fixedU32, this.#descriptor + ATOM_DESCRIPTOR_HASH_TABLE));
    if (found >= 0) return found;
    this.#encoder.encodeUtf8(bytes, start, end);
    return this.#findOrInsert();
  }

  /** intern() for a name given as Latin-1 bytes (ETF's ATOM_EXT). */
  internLatin1(bytes: Uint8Array, start = 0, end = bytes.length): number {
    this.#encoder.encodeLatin1(bytes, start, end);
    return this.#findOrInsert();
  }

  /** Index of the atom named `name`, or undefined when no thread has interned it. Lock-free. */
  lookup(name: string): number | undefined {
    const cached = this.#indexByName.get(name);
    if (cached !== undefined) return cached;
    this.#encoder.encodeString(name);
    const index = this.#find(Atomics.load(this.#arena.fixedU32, this.#descriptor + ATOM_DESCRIPTOR_HASH_TABLE));
    if (index < 0) return undefined;
    this.#indexByName.set(name, index);
    return index;
  }

  /** lookup() for UTF-8 bytes. */
  lookupUtf8(bytes: Uint8Array, start = 0, end = bytes.length): number | undefined {
    this.#encoder.hashUtf8(bytes, start, end);
    const index = this.#find(Atomics.load(this.#arena.fixedU32, this.#descriptor + ATOM_DESCRIPTOR_HASH_TABLE));
    if (index >= 0) return index;
    this.#encoder.encodeUtf8(bytes, start, end); // not there: still refuse a name that can never be
    return undefined;
  }

  /** Name of atom `index`. Lock-free; decoded once per thread. */
  nameOf(index: number): string {
    const cached = this.#names[index];
    if (cached !== undefined) return cached;
    const record = this.#recordOf(index);
    const mem = this.#arena.fixedU32;
    const start = (record + NAME_RECORD_BYTES_OFFSET) * WORD_BYTES;
    const name = this.#decoder.decode(this.#arena.fixedU8.subarray(start, start + mem[record + NAME_RECORD_LENGTH_OFFSET]));
    this.#names[index] = name;
    return name;
  }

  /**
   * The UTF-8 bytes of atom `index`, as a view into the arena: read it, never write it.
   * For encoders (term_to_binary) that copy names out without building strings.
   */
  utf8Of(index: number): Uint8Array {
    const record = this.#recordOf(index);
    const start = (record + NAME_RECORD_BYTES_OFFSET) * WORD_BYTES;
    return this.#arena.fixedU8.subarray(start, start + this.#arena.fixedU32[record + NAME_RECORD_LENGTH_OFFSET]);
  }

  /** Words of the arena held by hash tables that grew out of use (kept for lock-free readers). */
  get retiredWords(): number {
    return Atomics.load(this.#arena.fixedU32, this.#descriptor + ATOM_DESCRIPTOR_RETIRED_WORDS);
  }

  // ---- internals ----

  /** Word index of the name record of atom `index`; AtomError('bad_index') when it is no atom. */
  #recordOf(index: number): number {
    const arena = this.#arena;
    const descriptor = this.#descriptor;
    if (!Number.isInteger(index) || index < 0 || index >= arena.fixedU32[descriptor + ATOM_DESCRIPTOR_MAX_ATOMS]) {
      throw new AtomError('bad_index', `${index} is not an atom index`, Number.isInteger(index) && index >= 0 ? index : -1);
    }
    const directory = arena.fixedU32[descriptor + ATOM_DESCRIPTOR_SEGMENT_DIRECTORY];
    const segment = Atomics.load(arena.fixedU32, directory + (index >>> SEGMENT_ENTRIES_LOG2));
    // Each pointer may lead into memory another thread added: views are fetched after reading it.
    const record = segment === 0 ? 0 : Atomics.load(arena.fixedU32, segment + (index & (SEGMENT_ENTRIES - 1)));
    if (record === 0) throw new AtomError('bad_index', `no atom has index ${index}`, index);
    return record;
  }

  /** Finds the encoder's name in `hashTable`; returns its index or -1. */
  #find(hashTable: number): number {
    const arena = this.#arena;
    let mem = arena.fixedU32;
    const { hash, byteLength, source, sourceStart } = this.#encoder;
    const mask = mem[hashTable + HASH_TABLE_CAPACITY_OFFSET] - 1;
    const directory = mem[this.#descriptor + ATOM_DESCRIPTOR_SEGMENT_DIRECTORY];
    // The table is never more than half full, so an empty slot ends every probe; the bound
    // only keeps a corrupted table from looping forever.
    for (let slot = hash & mask, probes = 0; probes <= mask; slot = (slot + 1) & mask, probes++) {
      const slotWord = hashTable + HASH_TABLE_SLOTS_OFFSET + slot * HASH_SLOT_WORDS;
      const entry = Atomics.load(mem, slotWord + HASH_SLOT_ENTRY_OFFSET);
      if (entry === 0) return -1;
      if (mem[slotWord + HASH_SLOT_HASH_OFFSET] !== hash) continue;
      const index = entry - 1;
      // The entry may have been published after this thread's views were fetched, pointing into
      // memory the arena grew into since: fetch them again (a cheap check when nothing grew).
      mem = arena.fixedU32;
      const segment = mem[directory + (index >>> SEGMENT_ENTRIES_LOG2)];
      const record = mem[segment + (index & (SEGMENT_ENTRIES - 1))];
      if (mem[record + NAME_RECORD_LENGTH_OFFSET] !== byteLength) continue;
      const u8 = arena.fixedU8;
      const start = (record + NAME_RECORD_BYTES_OFFSET) * WORD_BYTES;
      let same = true;
      for (let offset = 0; offset < byteLength; offset++) {
        if (u8[start + offset] !== source[sourceStart + offset]) {
          same = false;
          break;
        }
      }
      if (same) return index;
    }
    return -1;
  }

  #findOrInsert(): number {
    const mem = this.#arena.fixedU32;
    const descriptor = this.#descriptor;
    const found = this.#find(Atomics.load(mem, descriptor + ATOM_DESCRIPTOR_HASH_TABLE));
    if (found >= 0) return found;
    const i32 = this.#arena.i32;
    acquireLock(i32, descriptor + ATOM_DESCRIPTOR_LOCK);
    try {
      // Another thread may have inserted it (or grown the table) since the lock-free probe.
      const hashTable = mem[descriptor + ATOM_DESCRIPTOR_HASH_TABLE];
      const raced = this.#find(hashTable);
      if (raced >= 0) return raced;
      return this.#insertLocked();
    } finally {
      releaseLock(i32, descriptor + ATOM_DESCRIPTOR_LOCK);
    }
  }

  /**
   * Appends the encoder's name as a new atom. Every arena allocation happens before
   * anything is published, so an ArenaError('arena_full') leaves the table as it was.
   */
  #insertLocked(): number {
    const arena = this.#arena;
    let mem = arena.fixedU32;
    const descriptor = this.#descriptor;
    const count = mem[descriptor + ATOM_DESCRIPTOR_COUNT];
    if (count >= mem[descriptor + ATOM_DESCRIPTOR_MAX_ATOMS]) {
      throw new AtomError('system_limit', `the atom table is full (${count} atoms, the configured maximum)`, count);
    }
    let hashTable = mem[descriptor + ATOM_DESCRIPTOR_HASH_TABLE];
    const capacity = mem[hashTable + HASH_TABLE_CAPACITY_OFFSET];
    if ((count + 1) * 2 > capacity) {
      hashTable = this.#growHashTable(hashTable, capacity * 2);
      mem = arena.fixedU32;
    }

    const directory = mem[descriptor + ATOM_DESCRIPTOR_SEGMENT_DIRECTORY];
    const segmentSlot = directory + (count >>> SEGMENT_ENTRIES_LOG2);
    let segment = mem[segmentSlot];
    if (segment === 0) {
      segment = arena.alloc(SEGMENT_ENTRIES, 'atom');
      mem = arena.fixedU32;
      mem.fill(0, segment, segment + SEGMENT_ENTRIES);
      Atomics.store(mem, segmentSlot, segment);
    }

    const { hash, byteLength, bytes } = this.#encoder;
    const recordWords = NAME_RECORD_BYTES_OFFSET + Math.ceil(byteLength / WORD_BYTES);
    let chunk = mem[descriptor + ATOM_DESCRIPTOR_TEXT_CHUNK];
    let used = mem[descriptor + ATOM_DESCRIPTOR_TEXT_USED];
    if (used + recordWords > TEXT_CHUNK_WORDS) {
      chunk = arena.alloc(TEXT_CHUNK_WORDS, 'atom');
      mem = arena.fixedU32;
      used = 0;
      mem[descriptor + ATOM_DESCRIPTOR_TEXT_CHUNK] = chunk;
    }
    const record = chunk + used;
    mem[descriptor + ATOM_DESCRIPTOR_TEXT_USED] = used + recordWords;
    mem[record + NAME_RECORD_LENGTH_OFFSET] = byteLength;
    arena.fixedU8.set(bytes.subarray(0, byteLength), (record + NAME_RECORD_BYTES_OFFSET) * WORD_BYTES);

    // Publish: name record, then the index -> name entry, then the hash slot, then the count.
    Atomics.store(mem, segment + (count & (SEGMENT_ENTRIES - 1)), record);
    AtomTable.#placeInHashTable(mem, hashTable, hash, count);
    Atomics.store(mem, descriptor + ATOM_DESCRIPTOR_COUNT, count + 1);
    return count;
  }

  /** Builds a table of `capacity` slots holding every entry of `oldTable`, then makes it current. */
  #growHashTable(oldTable: number, capacity: number): number {
    const arena = this.#arena;
    const newTable = AtomTable.#allocHashTable(arena, capacity);
    const mem = arena.fixedU32;
    const oldCapacity = mem[oldTable + HASH_TABLE_CAPACITY_OFFSET];
    for (let slot = 0; slot < oldCapacity; slot++) {
      const slotWord = oldTable + HASH_TABLE_SLOTS_OFFSET + slot * HASH_SLOT_WORDS;
      const entry = mem[slotWord + HASH_SLOT_ENTRY_OFFSET];
      if (entry !== 0) AtomTable.#placeInHashTable(mem, newTable, mem[slotWord + HASH_SLOT_HASH_OFFSET], entry - 1);
    }
    Atomics.store(mem, this.#descriptor + ATOM_DESCRIPTOR_HASH_TABLE, newTable);
    // Lock-free readers may still be probing the old table: it stays allocated, never reused.
    mem[this.#descriptor + ATOM_DESCRIPTOR_RETIRED_WORDS] += HASH_TABLE_SLOTS_OFFSET + oldCapacity * HASH_SLOT_WORDS;
    return newTable;
  }

  static #allocHashTable(arena: Arena, capacity: number): number {
    const words = HASH_TABLE_SLOTS_OFFSET + capacity * HASH_SLOT_WORDS;
    const table = arena.alloc(words, 'atom');
    const mem = arena.fixedU32;
    mem.fill(0, table, table + words);
    mem[table + HASH_TABLE_CAPACITY_OFFSET] = capacity;
    return table;
  }

  static #placeInHashTable(mem: Uint32Array, hashTable: number, hash: number, index: number): void {
    const mask = mem[hashTable + HASH_TABLE_CAPACITY_OFFSET] - 1;
    let slot = hash & mask;
    while (mem[hashTable + HASH_TABLE_SLOTS_OFFSET + slot * HASH_SLOT_WORDS + HASH_SLOT_ENTRY_OFFSET] !== 0) {
      slot = (slot + 1) & mask;
    }
    const slotWord = hashTable + HASH_TABLE_SLOTS_OFFSET + slot * HASH_SLOT_WORDS;
    mem[slotWord + HASH_SLOT_HASH_OFFSET] = hash;
    Atomics.store(mem, slotWord + HASH_SLOT_ENTRY_OFFSET, index + 1);
  }
}
