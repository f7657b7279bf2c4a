/**
 * The shared-memory format of an arena. Everything the allocator knows lives in the
 * SharedArrayBuffer itself, so that any thread that attaches sees the same allocator.
 *
 * Descriptor (word indexes from the start of the buffer):
 *
 *   word  0        MAGIC              'ARNA', tells attach() this is an arena
 *   word  1        LAYOUT_VERSION     bumped when this format changes
 *   word  2        LOCK               allocator lock (see shared-lock.ts)
 *   word  3        MAX_WORDS          maxBytes / 4, fixed at creation
 *   word  4        TOP                word index just past the last block (the footprint)
 *   word  5        BLOCKS_IN_USE
 *   word  6        WORDS_IN_USE       sum of the per-kind counters
 *   word  7        GROW_COUNT
 *   word  8        FREE_BLOCKS
 *   word  9        FREE_WORDS         words in free blocks below TOP
 *   words 10..17   WORDS_IN_USE_BY_KIND[ALLOC_KIND_COUNT] (8 slots reserved)
 *   words 18..33   ROOTS[16]          application slots (e.g. where the atom table is)
 *   words 34..36   BIN_BITMAP[3]      bit b set = free list b not empty
 *   word  37       RESERVED_WORDS     buffer size in words, stored after each grow (views check it)
 *   word  38       FLAGS              FLAG_GUARDS: debug mode, see below
 *   words 40..127  FREE_LIST_HEADS[BIN_COUNT] block start of the first free block, 0 = empty
 *   word  128      HEAP_START         first block
 *
 * Blocks (word indexes from the block start S; S is always even, so the payload at
 * S + 2 is 8-byte aligned and can hold a float64 directly):
 *
 *   in use:  S+0  size in words << 2 | IN_USE | PREV_IN_USE   (size even, >= MIN_BLOCK_WORDS)
 *            S+1  check word: blockCheck(S) | kind       (detects stray and double frees)
 *            S+2 .. S+size-1  payload
 *   free:    S+0  size in words << 2 | PREV_IN_USE
 *            S+1  next free block start in the same bin (0 = none)
 *            S+2  previous free block start in the same bin (0 = this is the head)
 *            S+size-1  size in words (footer: lets the next block find this one)
 *
 * Guards (debug mode, FLAG_GUARDS): every block gets one more word, its last, holding
 * guardWord(S); free() checks it (an overrun from the payload). Freed memory is filled with
 * POISON except the free-block words above; alloc() checks a reused free block is still all
 * POISON (a write after free). verify() checks both everywhere.
 *
 * Invariants: blocks tile [HEAP_START, TOP) exactly; no two free blocks are adjacent
 * (free coalesces at once); the block just below TOP is in use (freeing it lowers TOP),
 * so a fresh block carved at TOP always has PREV_IN_USE.
 */

export const ARENA_MAGIC = 0x414e5241; // 'ARNA' little-endian
export const ARENA_LAYOUT_VERSION = 1;

export const DESCRIPTOR_MAGIC = 0;
export const DESCRIPTOR_LAYOUT_VERSION = 1;
export const DESCRIPTOR_LOCK = 2;
export const DESCRIPTOR_MAX_WORDS = 3;
export const DESCRIPTOR_TOP = 4;
export const DESCRIPTOR_BLOCKS_IN_USE = 5;
export const DESCRIPTOR_WORDS_IN_USE = 6;
export const DESCRIPTOR_GROW_COUNT = 7;
export const DESCRIPTOR_FREE_BLOCKS = 8;
export const DESCRIPTOR_FREE_WORDS = 9;
export const DESCRIPTOR_WORDS_IN_USE_BY_KIND = 10;
export const DESCRIPTOR_ROOTS = 18;
export const ROOT_COUNT = 16;
export const DESCRIPTOR_BIN_BITMAP = 34;
export const BIN_BITMAP_WORDS = 3;
export const DESCRIPTOR_RESERVED_WORDS = 37;
export const DESCRIPTOR_FLAGS = 38;
export const DESCRIPTOR_FREE_LIST_HEADS = 40;
export const HEAP_START = 128;

// Block header.
export const BLOCK_HEADER_WORDS = 2;
export const BLOCK_SIZE_OFFSET = 0;
export const BLOCK_CHECK_OFFSET = 1;
export const FREE_NEXT_OFFSET = 1;
export const FREE_PREV_OFFSET = 2;
/** Header (2) + the free-list links' second word + footer: the smallest block that can be free. */
export const MIN_BLOCK_WORDS = 4;
export const IN_USE = 0x1;
export const PREV_IN_USE = 0x2;
export const SIZE_SHIFT = 2;
export const KIND_MASK = 0x7;

/** Size in words of the block whose header word is `header`. */
export function headerSize(header: number): number {
  return header >>> SIZE_SHIFT;
}

/** Header word of a block of `size` words (size < 2^30, so the result fits 32 bits). */
export function makeBlockHeader(size: number, flags: number): number {
  return (size * 4 + flags) >>> 0;
}

/**
 * Bins: one exact bin per even block size up to SMALL_BIN_LIMIT words, then one bin
 * per power of two (sizes in [2^k, 2^(k+1))) up to 2^32 words.
 */
export const SMALL_BIN_LIMIT = 128;
export const SMALL_BIN_COUNT = (SMALL_BIN_LIMIT - MIN_BLOCK_WORDS) / 2 + 1; // 63: sizes 4, 6, ..., 128
const FIRST_LARGE_LOG2 = 7; // 2^7 = 128 < first large size 130
export const BIN_COUNT = SMALL_BIN_COUNT + (32 - FIRST_LARGE_LOG2); // 88

/** Bin holding free blocks of `blockWords` words. */
export function binOf(blockWords: number): number {
  if (blockWords <= SMALL_BIN_LIMIT) return (blockWords - MIN_BLOCK_WORDS) >>> 1;
  return SMALL_BIN_COUNT + (31 - Math.clz32(blockWords)) - FIRST_LARGE_LOG2;
}

/** True when every block in `bin` is at least `blockWords` words (so no scan is needed). */
export function binFitsAll(bin: number, blockWords: number): boolean {
  if (bin < SMALL_BIN_COUNT) return MIN_BLOCK_WORDS + bin * 2 >= blockWords;
  return 2 ** (bin - SMALL_BIN_COUNT + FIRST_LARGE_LOG2) >= blockWords;
}

/**
 * Check word of an in-use block at S: a hash of S in the high bits, the kind in the
 * low three. A stray pointer into data has about a 2^-29 chance to pass for a block.
 */
export function blockCheck(blockStart: number, kind: number): number {
  return ((Math.imul(blockStart ^ 0x5bd1e995, 0x9e3779b1) & ~KIND_MASK) | kind) >>> 0;
}

export const FLAG_GUARDS = 0x1;
export const POISON = 0xdeadbeef;
/** First payload word a free block's links leave untouched: S+3. */
export const FREE_INTERIOR_OFFSET = 3;

/** Guard word of the block at S (debug mode): differs from block to block, never POISON. */
export function guardWord(blockStart: number): number {
  const guard = (Math.imul(blockStart ^ 0x27d4eb2f, 0x165667b1) ^ 0x6a09e667) >>> 0;
  return guard === POISON ? guard ^ 1 : guard;
}

/** Block size in words for a payload of `words` words. */
export function blockWordsFor(words: number): number {
  const total = words + BLOCK_HEADER_WORDS;
  const even = total + (total & 1);
  return even < MIN_BLOCK_WORDS ? MIN_BLOCK_WORDS : even;
}
