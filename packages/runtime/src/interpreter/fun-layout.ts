/**
 * Word offsets of a closure on the heap, as `@beamload/terms` lays it out (term/fun.ts):
 *
 *   [header(FUN, 11 + numFree), fun entry (raw word index of the code area's fun table
 *    entry), arity, index, old index, old uniq, uniq x4, module atom, creator pid,
 *    free variables...]
 *
 * Words 1..9 are raw (never followed by GC); the interpreter fills `fun entry` with the
 * absolute address of the fun table entry (docs/loaded-code-format.md).
 */
export const FUN_LAYOUT = {
  ENTRY: 1,
  ARITY: 2,
  INDEX: 3,
  OLD_INDEX: 4,
  OLD_UNIQ: 5,
  UNIQ: 6,
  MODULE: 10,
  CREATOR: 11,
  FIXED_WORDS: 12,
} as const;
