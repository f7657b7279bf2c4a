import { BeamFormatError } from '../errors.js';

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

const TAG_NAMES = ['u', 'i', 'a', 'x', 'y', 'f'] as const;

/**
 * Reads compact terms from `bytes` starting at `position`. `baseOffset` is the absolute
 * offset of `bytes[0]` in the caller's input, so errors carry absolute offsets.
 */
export class CompactReader {
  position: number;

  constructor(
    readonly bytes: Uint8Array,
    position: number,
    readonly baseOffset: number,
    readonly chunk: string,
    /** Exclusive end of the readable range. */
    readonly end: number = bytes.length,
  ) {
    this.position = position;
  }

  atEnd(): boolean {
    return this.position >= this.end;
  }

  /** Reads one operand, including the whole of an extended (z) operand. */
  operand(): Operand {
    const start = this.position;
    const first = this.byte();
    const tag = first & 7;
    if (tag === CompactTag.h) {
      // Never emitted by a compiler and refused by ERTS; its meaning as an operand is undefined.
      throw this.error('the h (character) tag is not a valid operand', start);
    }
    if (tag !== CompactTag.z) {
      const value = this.value(first, start, tag === CompactTag.i);
      if (tag === CompactTag.u || tag === CompactTag.i) {
        return { kind: TAG_NAMES[tag], value };
      }
      return { kind: TAG_NAMES[tag], value: this.smallValue(value, start, TAG_NAMES[tag]) };
    }
    if ((first & 0x08) !== 0) {
      throw this.error(`extended tag byte 0x${first.toString(16)} is not a z0..z5 sub-tag`, start);
    }
    const extended = first >> 4;
    switch (extended) {
      case ExtendedTag.float:
        return { kind: 'float', value: this.float64() };
      case ExtendedTag.list: {
        const count = this.unsigned();
        // Every element takes at least one byte: a larger count is a lie, refuse it before allocating.
        if (count > this.end - this.position) {
          throw new BeamFormatError('truncated', `list of ${count} operands runs past the end`, this.absolute(start), this.chunk);
        }
        const items: Operand[] = new Array(count);
        for (let index = 0; index < count; index++) items[index] = this.operand();
        return { kind: 'list', value: items };
      }
      case ExtendedTag.floatRegister:
        return { kind: 'fr', value: this.unsigned() };
      case ExtendedTag.allocationList: {
        const count = this.unsigned();
        if (count * 2 > this.end - this.position) {
          throw new BeamFormatError('truncated', `allocation list of ${count} entries runs past the end`, this.absolute(start), this.chunk);
        }
        const items: AllocationItem[] = [];
        for (let index = 0; index < count; index++) {
          const kindPosition = this.position;
          const kindNumber = this.unsigned();
          const kind = ALLOCATION_KINDS[kindNumber];
          if (kind === undefined) throw this.error(`allocation kind ${kindNumber} is not 0 (words), 1 (floats) or 2 (funs)`, kindPosition);
          items.push({ kind, count: this.unsigned() });
        }
        return { kind: 'alloc', value: items };
      }
      case ExtendedTag.literal:
        return { kind: 'literal', value: this.unsigned() };
      case ExtendedTag.typedRegister: {
        const registerPosition = this.position;
        const register = this.operand();
        if (register.kind !== 'x' && register.kind !== 'y') {
          throw this.error(`typed register holds a ${register.kind} operand, not x or y`, registerPosition);
        }
        return { kind: 'tr', value: register as RegisterOperand, typeIndex: this.unsigned() };
      }
      default:
        throw this.error(`unknown extended tag z${extended}`, start);
    }
  }

  /** Reads an operand that must be tagged u and fit a JS number (counts, indexes, sizes). */
  unsigned(): number {
    const start = this.position;
    const first = this.byte();
    if ((first & 7) !== CompactTag.u) {
      throw this.error(`expected a u operand, found tag ${first & 7}`, start);
    }
    return this.smallValue(this.value(first, start, false), start, 'u');
  }

  private value(first: number, start: number, signed: boolean): number | bigint {
    if ((first & 0x08) === 0) return first >> 4;
    if ((first & 0x10) === 0) return ((first & 0xe0) << 3) | this.byte();
    let length = first >> 5;
    if (length < 7) {
      length += 2;
    } else {
      const nestedStart = this.position;
      const nestedFirst = this.byte();
      if ((nestedFirst & 7) !== CompactTag.u) {
        throw this.error('the length of a long integer is not a u operand', nestedStart);
      }
      const nested = this.value(nestedFirst, nestedStart, false);
      if (typeof nested === 'bigint' || nested > this.end - this.position) {
        throw new BeamFormatError('truncated', `integer of ${nested} + 9 bytes runs past the end`, this.absolute(start), this.chunk);
      }
      length = nested + 9;
    }
    if (this.position + length > this.end) {
      throw new BeamFormatError('truncated', `integer of ${length} bytes runs past the end`, this.absolute(start), this.chunk);
    }
    const bytes = this.bytes;
    const from = this.position;
    this.position += length;
    const negative = signed && bytes[from]! > 127;
    if (length <= 6) {
      let result = 0;
      for (let index = from; index < from + length; index++) result = result * 256 + bytes[index]!;
      return negative ? result - 2 ** (8 * length) : result;
    }
    let hex = '';
    for (let index = from; index < from + length; index++) hex += HEX_BYTES[bytes[index]!];
    let big = BigInt(`0x${hex}`);
    if (negative) big -= 1n << BigInt(8 * length);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }

  private smallValue(value: number | bigint, start: number, tag: string): number {
    if (typeof value === 'bigint') throw this.error(`${tag} operand ${value} is too large`, start);
    return value;
  }

  private byte(): number {
    if (this.position >= this.end) {
      throw new BeamFormatError('truncated', 'compact term runs past the end', this.absolute(this.position), this.chunk);
    }
    return this.bytes[this.position++]!;
  }

  private float64(): number {
    if (this.position + 8 > this.end) {
      throw new BeamFormatError('truncated', 'float operand runs past the end', this.absolute(this.position), this.chunk);
    }
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.position, 8);
    this.position += 8;
    return view.getFloat64(0);
  }

  private absolute(position: number): number {
    return this.baseOffset + position;
  }

  private error(detail: string, position: number): BeamFormatError {
    return new BeamFormatError('bad_compact_term', detail, this.absolute(position), this.chunk);
  }
}

const HEX_BYTES: string[] = Array.from({ length: 256 }, (_, value) => value.toString(16).padStart(2, '0'));

/** Decodes the single operand at `position` of `bytes` (convenience for tests and tools). */
export function decodeCompactTerm(bytes: Uint8Array, position = 0, chunk = 'Code'): { operand: Operand; next: number } {
  const reader = new CompactReader(bytes, position, 0, chunk);
  const operand = reader.operand();
  return { operand, next: reader.position };
}
