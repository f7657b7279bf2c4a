/**
 * The shared-memory format of the atom table. All of it lives in arena blocks of kind
 * 'atom', which are never freed while the arena lives (atoms never move or die).
 *
 * Descriptor block (payload word offsets from the descriptor word index D):
 *
 *   D+0  MAGIC              'ATOM'
 *   D+1  LOCK               taken by inserts only (see shared-lock.ts)
 *   D+2  COUNT              atoms published; stored last by an insert
 *   D+3  MAX_ATOMS          limit fixed at creation (system_limit beyond)
 *   D+4  HASH_TABLE         word index of the current hash table (replaced when it grows)
 *   D+5  TEXT_CHUNK         word index of the text chunk new names go to
 *   D+6  TEXT_USED          words of that chunk in use
 *   D+7  SEGMENT_DIRECTORY  word index of the directory: one word per segment
 *   D+8  RETIRED_WORDS      words of hash tables replaced by bigger ones (kept: a reader may be in them)
 *
 * Hash table (word offsets from its word index H), open addressing, linear probing,
 * at most half full:
 *
 *   H+0          capacity (slots, a power of two)
 *   H+1+2s       slot s: hash of the name's UTF-8 bytes (never 0)
 *   H+2+2s       slot s: atom index + 1, or 0 = empty; stored last, with Atomics.store
 *
 * Index -> name: the directory holds ceil(MAX_ATOMS / SEGMENT_ENTRIES) words, each the
 * word index of a segment of SEGMENT_ENTRIES words (0 = not allocated yet); entry
 * `index % SEGMENT_ENTRIES` of segment `index / SEGMENT_ENTRIES` is the word index of
 * the atom's name record (0 = no such atom).
 *
 * Name record, inside a text chunk: word 0 = byte length, then the UTF-8 bytes.
 */

export const ATOM_TABLE_MAGIC = 0x4d4f5441; // 'ATOM' little-endian

export const ATOM_DESCRIPTOR_MAGIC = 0;
export const ATOM_DESCRIPTOR_LOCK = 1;
export const ATOM_DESCRIPTOR_COUNT = 2;
export const ATOM_DESCRIPTOR_MAX_ATOMS = 3;
export const ATOM_DESCRIPTOR_HASH_TABLE = 4;
export const ATOM_DESCRIPTOR_TEXT_CHUNK = 5;
export const ATOM_DESCRIPTOR_TEXT_USED = 6;
export const ATOM_DESCRIPTOR_SEGMENT_DIRECTORY = 7;
export const ATOM_DESCRIPTOR_RETIRED_WORDS = 8;
export const ATOM_DESCRIPTOR_WORDS = 9;

export const HASH_TABLE_CAPACITY_OFFSET = 0;
export const HASH_TABLE_SLOTS_OFFSET = 1;
export const HASH_SLOT_WORDS = 2;
export const HASH_SLOT_HASH_OFFSET = 0;
export const HASH_SLOT_ENTRY_OFFSET = 1;
export const INITIAL_HASH_CAPACITY = 1024;

export const SEGMENT_ENTRIES_LOG2 = 10;
export const SEGMENT_ENTRIES = 1 << SEGMENT_ENTRIES_LOG2;

export const TEXT_CHUNK_WORDS = 4096;
export const NAME_RECORD_LENGTH_OFFSET = 0;
export const NAME_RECORD_BYTES_OFFSET = 1;

/** OTP's default maximum number of atoms (erl +t). */
export const DEFAULT_MAX_ATOMS = 1_048_576;
