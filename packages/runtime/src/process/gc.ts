/**
 * The per-process generational copying collector (Cheney). From-space is the process's
 * young heap block plus the message fragments attached to it since the last collection
 * (removed messages whose terms the heap may point into), and in a major collection the
 * old generation too (old-generation.ts says when each kind runs and why a minor one may
 * leave the old block unscanned). Everything else a term can point at (literal areas,
 * fragments still queued in the mailbox, other processes' memory never) is left where it
 * is: literal areas are never copied.
 *
 * The new block holds the heap at its start and the stack at its end, as the old one did.
 * Its size is chosen from the live data (heapSizeFor: room for seven times the live data
 * besides it, up to 4 MiB free): grow when less is free, shrink when the block is twice
 * what it should be, never below the process's minimum heap size.
 */

import {
  HEADER_RUNTIME,
  HEADER_REFC_BINARY,
  PRIMARY_BOXED,
  PRIMARY_HEADER,
  PRIMARY_LIST,
  PRIMARY_MASK,
  headerArity,
  headerTag,
  makeHeader,
} from '@beamload/terms';
import { type Arena, REFC_BINARY_BLOCK_FIELD, releaseBinaryBlock, retainBinaryBlock } from '@beamload/terms';
import { firstTermField, lastTermField } from './term-fields.js';
import { NO_OLD_HEAP, oldHeapWordsFor, type OldHeap } from './old-generation.js';

/** Smallest heap+stack block (words), the BEAM's default min_heap_size. */
export const MIN_HEAP_WORDS = 233;

/** Written over the head of a moved cons cell; the tail then holds the new list pointer. */
const MOVED_CONS = makeHeader(HEADER_RUNTIME, 0x3ffffff);

export interface GcRoots {
  /** x registers; the first `liveX` are roots. */
  x: Int32Array;
  liveX: number;
  /** Extra root words (PCB term fields), read and written through these callbacks. */
  extraRoots: number[];
}

export interface HeapBlock {
  heapStart: number;
  heapTop: number;
  stackTop: number;
  heapEnd: number;
}

export interface GcResult extends HeapBlock {
  liveWords: number;
  /** Whether a refc binary was left on the new young block (see PCB_YOUNG_REFC_BINARIES). */
  youngRefcBinaries: boolean;
}

/** A from-space range [start, end) in word indexes. */
interface Range {
  start: number;
  end: number;
}

class FromSpace {
  private starts: Int32Array | null = null;
  private ends: Int32Array | null = null;
  private readonly lowest: number;
  private readonly highest: number;
  private scans = 0;
  /**
   * A process that received many messages since its last collection has as many
   * attached fragments (100,000 in the bench's workers), and usually nothing live points
   * into them any more, only a few pointers into literal areas are looked up. So the
   * first LINEAR_LOOKUPS lookups scan the ranges, and only more sort them.
   */
  constructor(private readonly ranges: readonly Range[]) {
    let lowest = Infinity;
    let highest = -Infinity;
    for (const range of ranges) {
      if (range.start < lowest) lowest = range.start;
      if (range.end > highest) highest = range.end;
    }
    this.lowest = lowest;
    this.highest = highest;
  }

  private sort(): void {
    // Sorting the range objects with a comparator took longer than copying the heap.
    // Sorted as numbers instead: start (< 2^28, a word index) times 2^24 plus the range's
    // position, exact in a double.
    const ranges = this.ranges;
    const count = ranges.length;
    this.starts = new Int32Array(count);
    this.ends = new Int32Array(count);
    let order: (position: number) => Range;
    if (count < RANGE_KEY_SCALE) {
      const keys = new Float64Array(count);
      for (let i = 0; i < count; i++) keys[i] = ranges[i]!.start * RANGE_KEY_SCALE + i;
      keys.sort();
      order = (position) => ranges[keys[position]! % RANGE_KEY_SCALE]!;
    } else {
      const sorted = [...ranges].sort((a, b) => a.start - b.start);
      order = (position) => sorted[position]!;
    }
    for (let i = 0; i < count; i++) {
      const range = order(i);
      this.starts[i] = range.start;
      this.ends[i] = range.end;
    }
  }

  contains(index: number): boolean {
    if (index < this.lowest || index >= this.highest) return false;
    if (this.starts === null) {
      if (this.scans < LINEAR_LOOKUPS) {
        this.scans++;
        for (const range of this.ranges) if (index >= range.start && index < range.end) return true;
        return false;
      }
      this.sort();
    }
    const starts = this.starts!;
    let low = 0;
    let high = starts.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (starts[middle] <= index) low = middle + 1;
      else high = middle - 1;
    }
    return high >= 0 && index < this.ends![high]!;
  }
}

/** Sort keys of FromSpace: at most 2^24 ranges per collection. */
const RANGE_KEY_SCALE = 2 ** 24;

/** Lookups a FromSpace answers by scanning before it sorts its ranges. */
const LINEAR_LOOKUPS = 8;

export function nextHeapSize(words: number): number {
  let size = MIN_HEAP_WORDS;
  while (size < words) size = Math.ceil(size * 1.6);
  return size;
}

/**
 * What a collection may do with the old generation (old-generation.ts). Major: the old
 * block is from-space too, and everything live lands in the new young block (the old one
 * is freed). Minor: the old block is not scanned; live young data below the high-water
 * mark (`matureWords` from the heap start) is promoted onto it, a new old block is made
 * when there is none (the caller chose a major collection when the old block is too full).
 */
export interface Generations {
  major: boolean;
  old: OldHeap;
  matureWords: number;
  /** False when the young heap holds no refc binary (PCB_YOUNG_REFC_BINARIES): its walk for them is skipped. */
  youngRefcBinaries?: boolean;
}

/** Without generations: every collection is major and nothing is ever promoted. */
const ONE_GENERATION: Generations = { major: true, old: NO_OLD_HEAP, matureWords: 0 };

export interface GenerationalResult extends GcResult {
  /** The old block after the collection (NO_OLD_HEAP after a major one). */
  old: OldHeap;
  /** Words promoted to the old block (0 for a major collection). */
  promotedWords: number;
}

/**
 * Collects into a fresh block able to hold the live young data plus `need` free words,
 * frees the old block, and returns the new bounds. `fragments` are the attached fragment
 * ranges (the caller frees them after). `literalRanges` (a purge's copy-literals) need
 * a major collection: literal pointers may sit in either generation.
 */
export function collect(
  arena: Arena,
  block: HeapBlock,
  fragments: Range[],
  roots: GcRoots,
  need: number,
  minHeapWords: number,
  literalRanges: Range[] = [],
  generations: Generations = ONE_GENERATION,
): GenerationalResult {
  const major = generations.major || literalRanges.length > 0;
  const old = generations.old;
  const heapUsed = block.heapTop - block.heapStart;
  const stackWords = block.heapEnd - block.stackTop;
  let fragmentWords = 0;
  for (const fragment of fragments) fragmentWords += fragment.end - fragment.start;
  let literalWords = 0;
  for (const range of literalRanges) literalWords += range.end - range.start;
  // What may land in the new young block, worst case (everything in from-space is live):
  // a minor collection moves the mature words to the old block instead.
  const promoting = major ? 0 : Math.min(generations.matureWords, heapUsed);
  const youngFrom = major ? heapUsed + (old.top - old.start) : heapUsed - promoting;
  let target = major ? NO_OLD_HEAP : old;
  if (promoting > 0 && old.start === 0) {
    const size = nextHeapSize(oldHeapWordsFor(promoting));
    const start = arena.alloc(size, 'heap');
    target = { start, top: start, end: start + size };
  }
  // Never smaller than the block is now: shrinking is the second pass's decision, made
  // once the live size is known.
  const currentSize = block.heapEnd - block.heapStart;
  const size = Math.max(currentSize, nextHeapSize(Math.max(minHeapWords, youngFrom + fragmentWords + literalWords + stackWords + need)));
  const walkYoung = generations.youngRefcBinaries ?? true;
  const first = major
    ? copyInto(arena, block, walkYoung, fragments, roots, size, literalRanges, old, block.heapStart, NO_OLD_HEAP)
    : copyInto(arena, block, walkYoung, fragments, roots, size, literalRanges, NO_OLD_HEAP, block.heapStart + promoting, target);
  arena.free(block.heapStart);
  if (major && old.start !== 0) arena.free(old.start);
  const after = major ? NO_OLD_HEAP : first.old;
  const promotedWords = after.top - target.top;
  const wanted = heapSizeFor(first.liveWords + stackWords + need, minHeapWords, after.top - after.start);
  // Mostly garbage (shrink), or the live data grew so that the next collection would
  // come too soon (grow): a second pass, cheap because only live young data is copied
  // (nothing is promoted, and the old block is not from-space).
  if (wanted * 2 <= size || wanted > size) {
    const second = copyInto(arena, first, first.youngRefcBinaries, [], roots, wanted, [], NO_OLD_HEAP, first.heapStart, NO_OLD_HEAP);
    arena.free(first.heapStart);
    return { ...second, old: after, promotedWords };
  }
  return { ...first, old: after, promotedWords };
}

/**
 * Free words a collection leaves per live word (heap and stack). A collection costs
 * about its live words, and the next one comes after the free words are allocated, so
 * this is how many words are allocated per word copied: 1 (the old policy, size = 2 x
 * live) made nrev spend a third of its time collecting; 7 makes collections 7 times
 * rarer (nrev 300 x 300: 3 gave 750 ms of CPU, 7 gave 710).
 */
const FREE_PER_LIVE_WORD = 7;

/**
 * At most this many free words (1 MiB) in the young block. The non-generational collector
 * gave big heaps more (as many free words as live ones beyond 4 MiB) to make their whole
 * copies rarer; a minor collection copies only what survived since the last one, so a
 * big young block only makes each minor collection longer (150,000 iterations of the
 * bench workers' loop alone, a growing sample list: with up to 4 MiB free, collections
 * over 10 ms 8, collector time 202 ms; with 1 MiB, 3 and 157 ms).
 */
const YOUNG_FREE_WORDS_MAX = 1 << 18;

/**
 * The young block size a collection aims at for `used` live young words (heap, stack and
 * request), with `olderWords` on the old block. The free words follow all the live data,
 * not the young data only: a minor collection is cheap, but not free (new blocks, the
 * roots, the stack), and a process with much old data and little young data (the bench's
 * workers: a long sample list, a few words per iteration) collected every few
 * iterations with a young block sized from its young data alone (84,000 collections
 * where the non-generational collector made 33).
 */
export function heapSizeFor(used: number, minHeapWords: number, olderWords = 0): number {
  const live = used + olderWords;
  const free = Math.min(live * FREE_PER_LIVE_WORD, YOUNG_FREE_WORDS_MAX);
  return nextHeapSize(Math.max(minHeapWords, used + free));
}

interface CopyResult extends GcResult {
  old: OldHeap;
}

/**
 * One Cheney copy into a new young block of `size` words. From-space: the young heap,
 * the fragments, and `oldFrom` (a major collection's old block, else NO_OLD_HEAP). Objects
 * of the young heap below `promoteBelow` go to `promoteTo` (a minor collection's old
 * block, from its top), everything else to the new block.
 */
function copyInto(
  arena: Arena,
  block: HeapBlock,
  walkYoung: boolean,
  fragments: Range[],
  roots: GcRoots,
  size: number,
  literalRanges: Range[],
  oldFrom: OldHeap,
  promoteBelow: number,
  promoteTo: OldHeap,
): CopyResult {
  const newStart = arena.alloc(size, 'heap');
  // Fixed-length view, fetched after the allocation that may have grown the arena.
  const words = arena.fixedI32;
  const newEnd = newStart + size;
  const stackWords = block.heapEnd - block.stackTop;
  const newStackTop = newEnd - stackWords;
  // From-space is the heap (tested first, in evacuate) and the attached fragments.
  const fromSpace = new FromSpace(fragments);
  // Literal blocks being released are copied too, but never written: other processes
  // still read them until they have done the same, so forwarding goes through a map.
  const literalSpace = literalRanges.length > 0 ? new FromSpace(literalRanges) : null;
  const literalCopies = new Map<number, number>();
  const refcBinaries: number[] = [];
  if (walkYoung) findRefcBinaries(words, block.heapStart, block.heapTop, refcBinaries);
  for (const fragment of fragments) findRefcBinaries(words, fragment.start, fragment.end, refcBinaries);
  // A minor collection never looks at the old block's binaries: they die only in a major one.
  findRefcBinaries(words, oldFrom.start, oldFrom.top, refcBinaries);
  let top = newStart;
  let oldTop = promoteTo.top;
  let youngRefcBinaries = false;
  // Most pointers are into the heap itself: tested with two compares, before the search
  // over the attached fragments.
  const heapStart = block.heapStart;
  const heapTop = block.heapTop;
  const oldFromStart = oldFrom.start;
  const oldFromTop = oldFrom.top;

  const evacuate = (term: number): number => {
    const primary = term & PRIMARY_MASK;
    if (primary !== PRIMARY_LIST && primary !== PRIMARY_BOXED) return term;
    const index = term >>> 2;
    const young = index >= heapStart && index < heapTop;
    if (!young && (index < oldFromStart || index >= oldFromTop) && !fromSpace.contains(index)) {
      if (literalSpace === null || !literalSpace.contains(index)) return term;
      const known = literalCopies.get(term);
      if (known !== undefined) return known;
      const length = primary === PRIMARY_LIST ? 2 : headerArity(words[index]) + 1;
      const at = top;
      words.copyWithin(at, index, index + length);
      top += length;
      if (primary === PRIMARY_BOXED && headerTag(words[at]) === HEADER_REFC_BINARY) {
        retainBinaryBlock(arena, words[at + REFC_BINARY_BLOCK_FIELD]);
        youngRefcBinaries = true;
      }
      const moved = ((at << 2) | primary) | 0;
      literalCopies.set(term, moved);
      return moved;
    }
    // Survived its second collection: promoted.
    const promote = young && index < promoteBelow;
    if (primary === PRIMARY_LIST) {
      if (words[index] === MOVED_CONS) return words[index + 1];
      let at: number;
      if (promote) {
        at = oldTop;
        oldTop += 2;
      } else {
        at = top;
        top += 2;
      }
      words[at] = words[index];
      words[at + 1] = words[index + 1];
      const moved = ((at << 2) | PRIMARY_LIST) | 0;
      words[index] = MOVED_CONS;
      words[index + 1] = moved;
      return moved;
    }
    const header = words[index];
    if ((header & PRIMARY_MASK) !== PRIMARY_HEADER) return header; // already moved: the forwarding pointer
    const length = headerArity(header) + 1;
    let at: number;
    if (promote) {
      at = oldTop;
      oldTop += length;
    } else {
      at = top;
      top += length;
      if (headerTag(header) === HEADER_REFC_BINARY) youngRefcBinaries = true;
    }
    words.copyWithin(at, index, index + length);
    const moved = ((at << 2) | PRIMARY_BOXED) | 0;
    words[index] = moved;
    return moved;
  };

  /** Evacuates the term words of the object (or cons cell word) at `at`; returns the next object's index. */
  const scanObject = (at: number): number => {
    const word = words[at];
    if ((word & PRIMARY_MASK) !== PRIMARY_HEADER) {
      words[at] = evacuate(word);
      return at + 1;
    }
    const arity = headerArity(word);
    const tag = headerTag(word);
    const first = firstTermField(tag);
    if (first !== 0) {
      const last = lastTermField(tag, arity);
      for (let i = at + first; i <= at + last; i++) words[i] = evacuate(words[i]);
    }
    return at + arity + 1;
  };

  for (let i = 0; i < roots.liveX; i++) roots.x[i] = evacuate(roots.x[i]);
  for (let i = 0; i < roots.extraRoots.length; i++) roots.extraRoots[i] = evacuate(roots.extraRoots[i]);
  // The stack moves to the end of the new block; its term words are roots.
  words.copyWithin(newStackTop, block.stackTop, block.heapEnd);
  for (let i = newStackTop; i < newEnd; i++) {
    const word = words[i];
    if ((word & PRIMARY_MASK) !== PRIMARY_HEADER) words[i] = evacuate(word);
  }
  // Cheney scan of what was copied, in both to-spaces: promoted objects point only to
  // what is promoted with them (or is older), young ones to either.
  let scan = newStart;
  let oldScan = promoteTo.top;
  while (scan < top || oldScan < oldTop) {
    while (scan < top) scan = scanObject(scan);
    while (oldScan < oldTop) oldScan = scanObject(oldScan);
  }
  releaseUnreached(arena, refcBinaries);
  // Free heap words read as empty tuples until written, so a walk of [heapStart, heapTop)
  // never meets stale words from the block's previous owner.
  words.fill(0, top, newStackTop);
  return {
    heapStart: newStart,
    heapTop: top,
    stackTop: newStackTop,
    heapEnd: newEnd,
    liveWords: top - newStart,
    youngRefcBinaries,
    old: promoteTo.start === 0 ? NO_OLD_HEAP : { start: promoteTo.start, top: oldTop, end: promoteTo.end },
  };
}


/**
 * Refc binaries in a from-space range, found by walking it while it is still intact
 * (cons cells are two term words, every object starts with its header). After the copy,
 * one whose header is still a header was not reached, and its reference dies.
 */
function findRefcBinaries(words: Int32Array, start: number, end: number, found: number[]): void {
  let at = start;
  while (at < end) {
    const word = words[at];
    if ((word & PRIMARY_MASK) !== PRIMARY_HEADER) {
      at += 1;
      continue;
    }
    if (headerTag(word) === HEADER_REFC_BINARY) found.push(at);
    at += headerArity(word) + 1;
  }
}

function releaseUnreached(arena: Arena, refcBinaries: number[]): void {
  const words = arena.i32;
  for (const at of refcBinaries) {
    if ((words[at] & PRIMARY_MASK) === PRIMARY_HEADER) releaseBinaryBlock(arena, words[at + REFC_BINARY_BLOCK_FIELD]);
  }
}


/** Process exit: every refc binary still on the heap (or in attached fragments) lets go of its block. */
export function releaseHeapBinaries(arena: Arena, start: number, end: number): void {
  const found: number[] = [];
  findRefcBinaries(arena.i32, start, end, found);
  for (const at of found) releaseBinaryBlock(arena, arena.i32[at + REFC_BINARY_BLOCK_FIELD]);
}
