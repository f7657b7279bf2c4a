import { BeamFormatError } from '../errors.js';
import { ALLOCATION_KINDS, CompactTag, ExtendedTag, type Operand } from './operand.js';
import { BOXED, OperandSlots, SlotKind, UNTYPED } from './operand-slots.js';

export * from './operand.js';

const INT32_MAX = 0x7fffffff;
const TAG_NAMES = ['u', 'i', 'a', 'x', 'y', 'f'] as const;

/**
 * Reads compact terms from `bytes` starting at `position`. `baseOffset` is the absolute
 * offset of `bytes[0]` in the caller's input, so errors carry absolute offsets.
 *
 * One decoder: `readOperand` writes an operand into flat `OperandSlots` (what a loader
 * reads, no object per operand); `operand` is that, turned into the object form.
 */
export class CompactReader {
  position: number;
  private scratch: OperandSlots | undefined;

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
    const slots = (this.scratch ??= new OperandSlots());
    slots.clear(1);
    this.readOperand(slots, 0);
    return slots.toOperand(0);
  }

  /**
   * Reads one operand into slot `slot` of `slots` (reserving more slots for the elements
   * of a list or an allocation list). Same checks and errors as `operand`.
   */
  readOperand(slots: OperandSlots, slot: number): void {
    const start = this.position;
    const first = this.byte();
    const tag = first & 7;
    if (tag === CompactTag.h) {
      // Never emitted by a compiler and refused by ERTS; its meaning as an operand is undefined.
      throw this.error('the h (character) tag is not a valid operand', start);
    }
    if (tag !== CompactTag.z) {
      // The common case, a value in the first byte, without the general reader.
      if ((first & 0x08) === 0) {
        slots.set(slot, tag, first >> 4, UNTYPED);
        return;
      }
      const value = this.value(first, start, tag === CompactTag.i);
      if (tag !== CompactTag.u && tag !== CompactTag.i && typeof value === 'bigint') {
        throw this.error(`${TAG_NAMES[tag]} operand ${value} is too large`, start);
      }
      // CompactTag and SlotKind number u, i, a, x, y and f alike.
      slots.setNumber(slot, tag, value, UNTYPED);
      return;
    }
    if ((first & 0x08) !== 0) {
      throw this.error(`extended tag byte 0x${first.toString(16)} is not a z0..z5 sub-tag`, start);
    }
    const extended = first >> 4;
    switch (extended) {
      case ExtendedTag.float:
        slots.set(slot, SlotKind.float, slots.numbers.length, 0);
        slots.numbers.push(this.float64());
        return;
      case ExtendedTag.list: {
        const count = this.unsigned();
        // Every element takes at least one byte: a larger count is a lie, refuse it before allocating.
        if (count > this.end - this.position) {
          throw new BeamFormatError('truncated', `list of ${count} operands runs past the end`, this.absolute(start), this.chunk);
        }
        const items = slots.reserve(count);
        slots.set(slot, SlotKind.list, items, count);
        for (let index = 0; index < count; index++) this.readOperand(slots, items + index);
        return;
      }
      case ExtendedTag.floatRegister:
        slots.setNumber(slot, SlotKind.fr, this.unsigned(), UNTYPED);
        return;
      case ExtendedTag.allocationList: {
        const count = this.unsigned();
        if (count * 2 > this.end - this.position) {
          throw new BeamFormatError('truncated', `allocation list of ${count} entries runs past the end`, this.absolute(start), this.chunk);
        }
        const items = slots.reserve(count);
        slots.set(slot, SlotKind.alloc, items, count);
        for (let index = 0; index < count; index++) {
          const kindPosition = this.position;
          const kindNumber = this.unsigned();
          if (ALLOCATION_KINDS[kindNumber] === undefined) {
            throw this.error(`allocation kind ${kindNumber} is not 0 (words), 1 (floats) or 2 (funs)`, kindPosition);
          }
          slots.setNumber(items + index, SlotKind.allocItem, this.unsigned(), kindNumber);
        }
        return;
      }
      case ExtendedTag.literal:
        slots.setNumber(slot, SlotKind.literal, this.unsigned(), UNTYPED);
        return;
      case ExtendedTag.typedRegister: {
        const registerPosition = this.position;
        this.readOperand(slots, slot);
        const kind = slots.kind(slot) & ~BOXED;
        if ((kind !== SlotKind.x && kind !== SlotKind.y) || slots.aux(slot) !== UNTYPED) {
          const name = kind === SlotKind.x || kind === SlotKind.y ? 'tr' : slots.kindName(slot);
          throw this.error(`typed register holds a ${name} operand, not x or y`, registerPosition);
        }
        const typePosition = this.position;
        const typeIndex = this.unsigned();
        if (typeIndex > INT32_MAX) throw this.error(`type index ${typeIndex} is too large`, typePosition);
        slots.set(slot, kind | (slots.kind(slot) & BOXED), slots.value(slot), typeIndex);
        return;
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
