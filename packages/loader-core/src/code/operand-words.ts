/**
 * Register words: how a register is named inside the loaded code. A register word has
 * primary tag 00 (a header tag, never a term), so a "source" operand is a register when
 * `(word & 3) === 0` and the constant term itself otherwise.
 *
 *   bits 31..6  register index
 *   bits 5..2   register kind (REGISTER_X, REGISTER_Y, REGISTER_FLOAT)
 *   bits 1..0   00
 */
export const REGISTER_KIND_SHIFT = 2;
export const REGISTER_KIND_MASK = 0x3c;
export const REGISTER_INDEX_SHIFT = 6;
export const REGISTER_X = 0 << REGISTER_KIND_SHIFT;
export const REGISTER_Y = 1 << REGISTER_KIND_SHIFT;
export const REGISTER_FLOAT = 2 << REGISTER_KIND_SHIFT;

/** x registers (the BEAM's 1024) and float registers a module may name. */
export const MAX_X_REGISTERS = 1024;
export const MAX_FLOAT_REGISTERS = 1024;

export function xRegisterWord(index: number): number {
  return (index << REGISTER_INDEX_SHIFT) | REGISTER_X;
}
export function yRegisterWord(index: number): number {
  return (index << REGISTER_INDEX_SHIFT) | REGISTER_Y;
}
export function floatRegisterWord(index: number): number {
  return (index << REGISTER_INDEX_SHIFT) | REGISTER_FLOAT;
}
export function isRegisterWord(word: number): boolean {
  return (word & 3) === 0;
}
export function registerKind(word: number): number {
  return word & REGISTER_KIND_MASK;
}
export function registerIndex(word: number): number {
  return word >>> REGISTER_INDEX_SHIFT;
}

/** Segment types of bs_create_bin, as the loaded code numbers them. */
export const BinarySegment = {
  integer: 0,
  float: 1,
  binary: 2,
  utf8: 3,
  utf16: 4,
  utf32: 5,
  string: 6,
  append: 7,
  private_append: 8,
} as const;
/** Words per bs_create_bin segment in the loaded code: type, unit, flags, source, size. */
export const BINARY_SEGMENT_WORDS = 5;

/** Field flags (the `field_flags` bitmask of the generic instructions). */
export const FIELD_FLAG_ALIGNED = 1;
export const FIELD_FLAG_LITTLE = 2;
export const FIELD_FLAG_SIGNED = 4;
export const FIELD_FLAG_NATIVE = 16;

/**
 * bs_match command codes in the loaded code (OTP 26's `{commands, ...}` operand). Each
 * command is its code followed by BS_MATCH_COMMAND_WORDS[code] - 1 operand words:
 *   ensure_at_least Bits Unit | ensure_exactly Bits | integer Live Flags Bits Dst
 *   binary Live Bits Dst | skip Bits | get_tail Live Dst | equal Bits High Low
 * Sizes are in bits (the loader multiplies Size by Unit); `equal` compares the next Bits
 * bits, read big-endian unsigned, with the 64-bit value High:Low.
 */
export const BsMatchCommand = {
  ensure_at_least: 0,
  ensure_exactly: 1,
  integer: 2,
  binary: 3,
  skip: 4,
  get_tail: 5,
  equal: 6,
} as const;
/** Loaded-code words of each BsMatchCommand, its code included (indexed by code). */
export const BS_MATCH_COMMAND_WORDS: readonly number[] = [3, 2, 5, 4, 2, 3, 4];

/** update_record modes in the loaded code (the generic instruction's Hint atom). */
export const UpdateRecordMode = {
  /** Always build a new tuple (hints `copy`, `inplace` and any the loader does not know). */
  copy: 0,
  /** Return the source itself when every update stores the word already there. */
  reuse: 1,
} as const;
