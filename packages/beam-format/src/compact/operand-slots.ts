import { ALLOCATION_KINDS, CompactTag, type Operand, type RegisterOperand } from './operand.js';

/**
 * Decoded compact terms as flat (kind, value, aux) triples in one reusable Int32Array, so
 * a loader can decode a whole Code chunk without an object per operand
 * (`CompactReader.readOperand` writes them; `toOperand` turns one back into the object
 * form `CompactReader.operand` returns).
 *
 * Slot s is the words [s * SLOT_WORDS, s * SLOT_WORDS + SLOT_WORDS):
 */
export const SLOT_KIND = 0;
export const SLOT_VALUE = 1;
export const SLOT_AUX = 2;
export const SLOT_WORDS = 3;

/**
 * Slot kinds. For u, i, a, x, y, f, fr, literal and allocation items, VALUE is the number
 * itself when it fits an int32; otherwise the kind carries `BOXED` and VALUE indexes
 * `OperandSlots.numbers` (a number up to 2^53, or a bigint).
 *
 * - x, y: AUX = the Type-chunk index of a typed register (z5), or `UNTYPED`.
 * - float: VALUE indexes `numbers`.
 * - list: VALUE = first element slot, AUX = element count (elements are consecutive slots).
 * - alloc: VALUE = first item slot, AUX = item count; an item slot is `allocItem` with
 *   VALUE = the count and AUX = the kind's number (`ALLOCATION_KINDS`).
 */
export const SlotKind = {
  // The plain tags keep their compact-encoding numbers (the decoder stores the tag as is).
  u: CompactTag.u,
  i: CompactTag.i,
  a: CompactTag.a,
  x: CompactTag.x,
  y: CompactTag.y,
  f: CompactTag.f,
  fr: 6,
  literal: 7,
  float: 8,
  list: 9,
  alloc: 10,
  allocItem: 11,
} as const;
export type SlotKind = (typeof SlotKind)[keyof typeof SlotKind];

/** Or'ed into a kind whose value does not fit an int32 (see `SlotKind`). */
export const BOXED = 0x100;
export const UNTYPED = -1;

const KIND_NAMES = ['u', 'i', 'a', 'x', 'y', 'f', 'fr', 'literal', 'float', 'list', 'alloc', 'allocItem'] as const;

export class OperandSlots {
  words = new Int32Array(64 * SLOT_WORDS);
  /** Slots in use. */
  used = 0;
  /** Values that do not fit a slot word (see `BOXED`), and floats. */
  readonly numbers: Array<number | bigint> = [];

  /** Starts over with `fixed` slots reserved (an instruction's operands). */
  clear(fixed: number): void {
    this.used = 0;
    if (this.numbers.length !== 0) this.numbers.length = 0;
    this.reserve(fixed);
  }

  /** Reserves `count` consecutive slots; returns the first. (May replace `words`.) */
  reserve(count: number): number {
    const first = this.used;
    this.used += count;
    if (this.used * SLOT_WORDS > this.words.length) {
      const grown = new Int32Array(Math.max(this.words.length * 2, this.used * SLOT_WORDS));
      grown.set(this.words);
      this.words = grown;
    }
    return first;
  }

  set(slot: number, kind: number, value: number, aux: number): void {
    const at = slot * SLOT_WORDS;
    const words = this.words;
    words[at + SLOT_KIND] = kind;
    words[at + SLOT_VALUE] = value;
    words[at + SLOT_AUX] = aux;
  }

  /** Stores `value` in the slot, boxed when it does not fit an int32. */
  setNumber(slot: number, kind: number, value: number | bigint, aux: number): void {
    if (typeof value === 'number' && (value | 0) === value) {
      this.set(slot, kind, value, aux);
    } else {
      this.set(slot, kind | BOXED, this.numbers.length, aux);
      this.numbers.push(value);
    }
  }

  kind(slot: number): number {
    return this.words[slot * SLOT_WORDS + SLOT_KIND];
  }

  value(slot: number): number {
    return this.words[slot * SLOT_WORDS + SLOT_VALUE];
  }

  aux(slot: number): number {
    return this.words[slot * SLOT_WORDS + SLOT_AUX];
  }

  /** The number a u, i, a, x, y, f, fr, literal or allocItem slot holds, boxed or not. */
  number(slot: number): number | bigint {
    const value = this.value(slot);
    return (this.kind(slot) & BOXED) !== 0 ? this.numbers[value]! : value;
  }

  /** The name of a slot's kind, for messages (`u`, `x`, `list`, ...). */
  kindName(slot: number): string {
    return KIND_NAMES[this.kind(slot) & ~BOXED] ?? `kind ${this.kind(slot)}`;
  }

  /** The object form of slot `slot` (what `CompactReader.operand` returns). */
  toOperand(slot: number): Operand {
    const at = slot * SLOT_WORDS;
    const words = this.words;
    const tagged = words[at + SLOT_KIND]!;
    const aux = words[at + SLOT_AUX]!;
    // The common case here (small enough to be inlined): an untyped u, i, a, x, y or f
    // held in the slot; the rest in `otherOperand`.
    if (tagged <= SlotKind.f && aux === UNTYPED) return { kind: KIND_NAMES[tagged]!, value: words[at + SLOT_VALUE]! } as Operand;
    return this.otherOperand(slot, tagged & ~BOXED, aux);
  }

  private otherOperand(slot: number, kind: number, aux: number): Operand {
    switch (kind) {
      case SlotKind.u:
      case SlotKind.i:
        return { kind: kind === SlotKind.u ? 'u' : 'i', value: this.number(slot) };
      case SlotKind.x:
      case SlotKind.y: {
        const register: RegisterOperand = { kind: kind === SlotKind.x ? 'x' : 'y', value: this.number(slot) as number };
        return aux === UNTYPED ? register : { kind: 'tr', value: register, typeIndex: aux };
      }
      case SlotKind.a:
      case SlotKind.f:
      case SlotKind.fr:
      case SlotKind.literal:
        return { kind: KIND_NAMES[kind] as 'a' | 'f' | 'fr' | 'literal', value: this.number(slot) as number };
      case SlotKind.float:
        return { kind: 'float', value: this.numbers[this.value(slot)] as number };
      case SlotKind.list: {
        const first = this.value(slot);
        const items: Operand[] = new Array(aux);
        for (let index = 0; index < aux; index++) items[index] = this.toOperand(first + index);
        return { kind: 'list', value: items };
      }
      case SlotKind.alloc: {
        const first = this.value(slot);
        const items = [];
        for (let index = 0; index < aux; index++) {
          items.push({ kind: ALLOCATION_KINDS[this.aux(first + index)]!, count: this.number(first + index) as number });
        }
        return { kind: 'alloc', value: items };
      }
      default:
        throw new Error(`OperandSlots: slot ${slot} holds no operand (kind ${kind})`);
    }
  }
}
