/**
 * What loader-core uses of `@beamload/terms`' `Arena`: a word view of the whole
 * SharedArrayBuffer and its thread-safe block allocator. Every table of this package lives
 * in arena blocks, so any scheduler thread that attaches to the same arena sees them.
 * (A structural subset, so tests and tools can pass the real Arena unchanged.)
 *
 * A block is named by the word index of its first payload word. The arena's descriptor
 * occupies the first words of the buffer, so 0 is never a block: 0 means "none" in every
 * layout of this package.
 */
export type BlockKind = 'code' | 'literal' | 'table' | 'other';

export interface LoaderArena {
  /** Int32 view of the whole arena (length-tracking: it follows growth). */
  readonly i32: Int32Array;
  /** A block of at least `words` words; contents are NOT cleared. Returns its word index. */
  alloc(words: number, kind: BlockKind): number;
  free(wordIndex: number): void;
}

export const NO_BLOCK = 0;

/** A zero-filled block: tables rely on 0 meaning "empty". */
export function allocateZeroed(arena: LoaderArena, words: number, kind: BlockKind): number {
  const block = arena.alloc(words, kind);
  arena.i32.fill(0, block, block + words);
  return block;
}
