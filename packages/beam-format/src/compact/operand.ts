/**
 * Compact term encoding (the operand encoding of the Code and Line chunks).
 *
 * First byte B, tag = B & 7. Bits 4..3 of B choose the size: `x0` = 1 byte (B >> 4),
 * `01` = 2 bytes (11 bits), `11` = multi-byte (B >> 5 = n; n < 7 gives n + 2 bytes,
 * n = 7 gives a nested u plus 9). Tag 7 (z) is extended: B >> 4 is the sub-tag.
 */
export const CompactTag = {
  u: 0,
  i: 1,
  a: 2,
  x: 3,
  y: 4,
  f: 5,
  h: 6,
  z: 7,
} as const;

export const ExtendedTag = {
  float: 0,
  list: 1,
  floatRegister: 2,
  allocationList: 3,
  literal: 4,
  typedRegister: 5,
} as const;

/** Kinds of the allocation list (z3) entries, in the order the encoding numbers them. */
export const ALLOCATION_KINDS = ['words', 'floats', 'funs'] as const;
export type AllocationKind = (typeof ALLOCATION_KINDS)[number];

export interface AllocationItem {
  readonly kind: AllocationKind;
  readonly count: number;
}

export type RegisterOperand = { readonly kind: 'x' | 'y'; readonly value: number };

/**
 * One decoded operand, before any table lookup: `a` is an atom index (0 = []),
 * `literal` a LitT index, `tr` a register with a Type-chunk index, `f` a label.
 */
export type Operand =
  | { readonly kind: 'u' | 'i'; readonly value: number | bigint }
  // h (character) is never decoded (ERTS refuses it); it stays in the type for encoders.
  | { readonly kind: 'a' | 'x' | 'y' | 'f' | 'h' | 'fr' | 'literal'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'list'; readonly value: Operand[] }
  | { readonly kind: 'alloc'; readonly value: AllocationItem[] }
  | { readonly kind: 'tr'; readonly value: RegisterOperand; readonly typeIndex: number };
