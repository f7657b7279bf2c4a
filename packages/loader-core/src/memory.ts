import type { AllocKind, Arena } from '@beamload/terms';

/**
 * loader-core keeps every table in blocks of `@beamload/terms`' shared `Arena`, so any
 * scheduler thread that attaches to the same arena sees them. A block is named by the
 * word index of its first payload word; the arena's descriptor occupies the first words
 * of the buffer, so 0 is never a block: 0 means "none" in every layout of this package.
 */
export type LoaderArena = Arena;
export type BlockKind = AllocKind;

export const NO_BLOCK = 0;

/** A zero-filled block: tables rely on 0 meaning "empty" (the arena does not clear). */
export function allocateZeroed(arena: LoaderArena, words: number, kind: BlockKind): number {
  const block = arena.alloc(words, kind);
  arena.i32.fill(0, block, block + words);
  return block;
}
