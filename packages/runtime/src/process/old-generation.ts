/**
 * The old generation of a process heap, as ERTS has it (erl_gc.c): a second arena block
 * holding the data that survived two collections. A minor collection copies the live
 * young data only: what lies below the young heap's high-water mark (it survived one
 * collection already) is promoted to the old block, the rest stays young. A major
 * (fullsweep) collection copies everything live, both generations, into a new young
 * block and frees the old one; the next minor collection promotes it again.
 *
 * Why a minor collection may leave the old block unscanned: terms are immutable, and a
 * new term can only point to terms that existed before it. Everything on the old block
 * was promoted from below the high-water mark, and everything there was copied by the
 * same collection or is older, so nothing on the old block points into the young heap or
 * into the message fragments attached since. The interpreter's only destructive update
 * (set_tuple_element) writes into a tuple setelement/3 has just built on the young heap,
 * and match contexts are rewritten only in raw (non-term) words. GC torture mode checks
 * the rule before every minor collection (findYoungPointer).
 *
 * When a major collection happens: erlang:garbage_collect/0, a purge's copy-literals
 * (literal pointers may sit in either generation), after `fullsweep_after` minor ones
 * (spawn_opt; ERTS's default 65,535), or when the old block has no room for everything
 * below the high-water mark (ERTS does the same rather than grow the old block).
 */

import { findPointer } from './heap-scan.js';

/** An old-generation block: [start, top) used, [top, end) free; start 0 = none. */
export interface OldHeap {
  start: number;
  top: number;
  end: number;
}

export const NO_OLD_HEAP: OldHeap = Object.freeze({ start: 0, top: 0, end: 0 });

/**
 * GC torture mode does a major collection after this many minor ones, so that the
 * differential programs exercise both kinds (and promotion into a full old block).
 */
export const TORTURE_FULLSWEEP_AFTER = 3;

/** Is the next collection a major one? */
export function needsMajorCollection(old: OldHeap, matureWords: number, minorCollections: number, fullsweepAfter: number): boolean {
  if (minorCollections >= fullsweepAfter) return true;
  // Everything below the high-water mark may be live: it must fit in the old block.
  return old.start !== 0 && old.end - old.top < matureWords;
}

/**
 * Words a new old block needs when it receives `promoted` words first (the caller rounds
 * it up to a heap size): twice that, so that the
 * process can promote as much again before the block is full and a major collection
 * comes (ERTS sizes it to the young heap; a process whose long-lived data keeps growing,
 * as the bench's workers' sample lists do, then pays a major collection at every
 * doubling of its live data instead of every 1.2x).
 */
export function oldHeapWordsFor(promoted: number): number {
  return promoted * 2;
}

/**
 * The first word of the old block holding a pointer into `young` ([start, end)) or into
 * one of the attached fragments, or -1. GC torture mode runs it before every minor
 * collection: such a pointer would be left dangling (the old block is not scanned).
 */
export function findYoungPointer(
  words: Int32Array,
  old: OldHeap,
  youngStart: number,
  youngEnd: number,
  fragments: ReadonlyArray<{ start: number; end: number }>,
): number {
  return findPointer(words, old.start, old.top, (index) => {
    if (index >= youngStart && index < youngEnd) return true;
    for (const fragment of fragments) if (index >= fragment.start && index < fragment.end) return true;
    return false;
  });
}
