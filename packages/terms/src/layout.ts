/**
 * Tagged 32-bit term words, after the 32-bit BEAM (erl_term.h), so that every term
 * fits one Int32Array/Uint32Array slot of the shared arena.
 *
 * A pointer is a BYTE offset into the arena whose low two bits carry the primary tag;
 * every block is word aligned, so `word >>> 2` is the word index it points at.
 *
 *   primary tag (bits 1..0)
 *   ┌────┬──────────────────────────────────────────────────────────────┐
 *   │ 00 │ header word: first word of a boxed object (never a term)     │
 *   │ 01 │ list: pointer to a cons cell [head, tail] (2 words)          │
 *   │ 10 │ boxed: pointer to a header word                              │
 *   │ 11 │ immediate: see IMMEDIATE1 below                              │
 *   └────┴──────────────────────────────────────────────────────────────┘
 *
 *   immediate1 (bits 3..0, primary 11)
 *     0011 local pid     value = word >>> 4 (28-bit process index+serial)
 *     0111 local port    value = word >>> 4
 *     1011 immediate2    see below
 *     1111 small integer value = word >> 4 (signed 28 bits: -2^27 .. 2^27-1)
 *
 *   immediate2 (bits 5..0, immediate1 1011)
 *     001011 atom        index = word >>> 6 (into the shared atom table)
 *     011011 catch       index = word >>> 6 (runtime only: catch tag on the stack)
 *     101011 special     THE_NON_VALUE and other runtime markers
 *     111011 nil         NIL = 0x3B
 *
 *   header word (primary 00): bits 5..2 header tag, bits 31..6 arity = number of
 *   words that follow the header (the object is arity + 1 words).
 */

export const WORD_BYTES = 4;

// Primary tags.
export const PRIMARY_MASK = 0x3;
export const PRIMARY_HEADER = 0x0;
export const PRIMARY_LIST = 0x1;
export const PRIMARY_BOXED = 0x2;
export const PRIMARY_IMMEDIATE1 = 0x3;

// Immediate1 tags.
export const IMMEDIATE1_MASK = 0xf;
export const IMMEDIATE1_SIZE = 4;
export const IMMEDIATE1_PID = 0x3;
export const IMMEDIATE1_PORT = 0x7;
export const IMMEDIATE1_IMMEDIATE2 = 0xb;
export const IMMEDIATE1_SMALL = 0xf;

// Immediate2 tags.
export const IMMEDIATE2_MASK = 0x3f;
export const IMMEDIATE2_SIZE = 6;
export const IMMEDIATE2_ATOM = 0x0b;
export const IMMEDIATE2_CATCH = 0x1b;
export const IMMEDIATE2_SPECIAL = 0x2b;
export const IMMEDIATE2_NIL = 0x3b;

export const NIL = IMMEDIATE2_NIL;
/** Marks "no value" in registers and results (an exception is pending, a slot is empty). */
export const THE_NON_VALUE = IMMEDIATE2_SPECIAL;

export const SMALL_BITS = 28;
export const MAX_SMALL = 2 ** (SMALL_BITS - 1) - 1;
export const MIN_SMALL = -(2 ** (SMALL_BITS - 1));
export const MAX_ATOM_INDEX = 2 ** (32 - IMMEDIATE2_SIZE) - 1;

// Header tags (bits 5..2 of a header word).
export const HEADER_TAG_MASK = 0x3c;
export const HEADER_ARITY_SHIFT = 6;
export const HEADER_TUPLE = 0x0 << 2;
export const HEADER_POS_BIG = 0x1 << 2;
export const HEADER_NEG_BIG = 0x2 << 2;
export const HEADER_FLOAT = 0x3 << 2;
export const HEADER_REF = 0x4 << 2;
export const HEADER_FUN = 0x5 << 2;
export const HEADER_EXPORT = 0x6 << 2;
export const HEADER_HEAP_BINARY = 0x7 << 2;
export const HEADER_REFC_BINARY = 0x8 << 2;
export const HEADER_SUB_BINARY = 0x9 << 2;
export const HEADER_MAP_FLAT = 0xa << 2;
export const HEADER_MAP_HASH = 0xb << 2;
export const HEADER_EXTERNAL_PID = 0xc << 2;
export const HEADER_EXTERNAL_PORT = 0xd << 2;
export const HEADER_EXTERNAL_REF = 0xe << 2;
/** Runtime-only objects (binary match contexts, GC forwarding markers). */
export const HEADER_RUNTIME = 0xf << 2;

export function makeSmall(value: number): number {
  return ((value << IMMEDIATE1_SIZE) | IMMEDIATE1_SMALL) | 0;
}
export function smallValue(word: number): number {
  return word >> IMMEDIATE1_SIZE;
}
export function isSmall(word: number): boolean {
  return (word & IMMEDIATE1_MASK) === IMMEDIATE1_SMALL;
}
export function fitsSmall(value: number): boolean {
  return Number.isInteger(value) && value >= MIN_SMALL && value <= MAX_SMALL;
}
export function makeAtom(index: number): number {
  return ((index << IMMEDIATE2_SIZE) | IMMEDIATE2_ATOM) | 0;
}
export function atomIndex(word: number): number {
  return word >>> IMMEDIATE2_SIZE;
}
export function isAtom(word: number): boolean {
  return (word & IMMEDIATE2_MASK) === IMMEDIATE2_ATOM;
}
export function isNil(word: number): boolean {
  return word === NIL;
}
export function primaryTag(word: number): number {
  return word & PRIMARY_MASK;
}
export function isList(word: number): boolean {
  return (word & PRIMARY_MASK) === PRIMARY_LIST;
}
export function isBoxed(word: number): boolean {
  return (word & PRIMARY_MASK) === PRIMARY_BOXED;
}
/** Pointer word for the block starting at word index `wordIndex`. */
export function makeList(wordIndex: number): number {
  return ((wordIndex << 2) | PRIMARY_LIST) | 0;
}
export function makeBoxed(wordIndex: number): number {
  return ((wordIndex << 2) | PRIMARY_BOXED) | 0;
}
/** Word index a list or boxed pointer points at. */
export function pointerIndex(word: number): number {
  return word >>> 2;
}
export function makeHeader(headerTag: number, arity: number): number {
  return ((arity << HEADER_ARITY_SHIFT) | headerTag) | 0;
}
export function headerTag(header: number): number {
  return header & HEADER_TAG_MASK;
}
export function headerArity(header: number): number {
  return header >>> HEADER_ARITY_SHIFT;
}
