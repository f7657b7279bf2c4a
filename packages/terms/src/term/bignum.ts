import type { Arena } from '../arena/arena.js';
import type { HeapWriter } from '../heap-writer.js';
import {
  HEADER_NEG_BIG,
  HEADER_POS_BIG,
  MAX_SMALL,
  MIN_SMALL,
  headerArity,
  headerTag,
  isBoxed,
  isSmall,
  makeBoxed,
  makeHeader,
  makeSmall,
  pointerIndex,
  smallValue,
} from '../layout.js';
import { TermError } from './term-error.js';

/**
 * Integers: a small (28-bit immediate) when the value fits, otherwise a bignum:
 * boxed, [header(POS_BIG | NEG_BIG, n), digit 0, ..., digit n-1], n >= 1 unsigned
 * 32-bit digits of the magnitude, least significant first, the top digit non-zero.
 * The sign is the header tag. A value that fits a small is never a bignum, so equal
 * integers always have the same form.
 */

const TWO_32 = 2 ** 32;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

export function isBignum(arena: Arena, term: number): boolean {
  if (!isBoxed(term)) return false;
  const tag = headerTag(arena.i32[pointerIndex(term)]!);
  return tag === HEADER_POS_BIG || tag === HEADER_NEG_BIG;
}

export function isInteger(arena: Arena, term: number): boolean {
  return isSmall(term) || isBignum(arena, term);
}

/** Words a bignum of `value` takes (0 when it is a small). */
export function integerWords(value: number | bigint): number {
  if (typeof value === 'number') {
    if (value >= MIN_SMALL && value <= MAX_SMALL) return 0;
    const magnitude = Math.abs(value);
    return magnitude < TWO_32 ? 2 : 3;
  }
  if (value >= BigInt(MIN_SMALL) && value <= BigInt(MAX_SMALL)) return 0;
  return 1 + digitCount(value < 0n ? -value : value);
}

function digitCount(magnitude: bigint): number {
  return Math.max(1, Math.ceil(magnitude.toString(16).length / 8));
}

/** The term for an integer: a small when it fits, else a bignum built on `writer`. */
export function makeInteger(writer: HeapWriter, value: number | bigint): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new TermError('bad_value', `${value} is not an integer`);
    if (value >= MIN_SMALL && value <= MAX_SMALL) return makeSmall(value);
    if (Math.abs(value) <= Number.MAX_SAFE_INTEGER) {
      const magnitude = Math.abs(value);
      const low = magnitude % TWO_32;
      const high = Math.floor(magnitude / TWO_32);
      const digits = high === 0 ? 1 : 2;
      const at = writer.alloc(1 + digits);
      const words = writer.arena.u32;
      writer.arena.i32[at] = makeHeader(value < 0 ? HEADER_NEG_BIG : HEADER_POS_BIG, digits);
      words[at + 1] = low;
      if (digits === 2) words[at + 2] = high;
      return makeBoxed(at);
    }
    value = BigInt(value);
  }
  if (value >= BigInt(MIN_SMALL) && value <= BigInt(MAX_SMALL)) return makeSmall(Number(value));
  const negative = value < 0n;
  let magnitude = negative ? -value : value;
  const digits = digitCount(magnitude);
  const at = writer.alloc(1 + digits);
  writer.arena.i32[at] = makeHeader(negative ? HEADER_NEG_BIG : HEADER_POS_BIG, digits);
  const words = writer.arena.u32;
  for (let i = 0; i < digits; i++) {
    words[at + 1 + i] = Number(magnitude & 0xffffffffn);
    magnitude >>= 32n;
  }
  return makeBoxed(at);
}

/** Value of a bignum as a bigint. */
export function bignumValue(arena: Arena, term: number): bigint {
  const at = pointerIndex(term);
  const header = arena.i32[at]!;
  const digits = headerArity(header);
  const words = arena.u32;
  let magnitude = 0n;
  for (let i = digits; i >= 1; i--) magnitude = (magnitude << 32n) | BigInt(words[at + i]!);
  return headerTag(header) === HEADER_NEG_BIG ? -magnitude : magnitude;
}

/** Value of an integer term: a number when it is a safe integer, else a bigint. */
export function readInteger(arena: Arena, term: number): number | bigint {
  if (isSmall(term)) return smallValue(term);
  const at = pointerIndex(term);
  const header = arena.i32[at]!;
  const digits = headerArity(header);
  const negative = headerTag(header) === HEADER_NEG_BIG;
  if (digits <= 2) {
    const words = arena.u32;
    const magnitude = words[at + 1]! + (digits === 2 ? words[at + 2]! * TWO_32 : 0);
    if (magnitude <= Number.MAX_SAFE_INTEGER) return negative ? -magnitude : magnitude;
  }
  const value = bignumValue(arena, term);
  return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
}

/** Bignum sign: true when negative. */
export function bignumNegative(arena: Arena, term: number): boolean {
  return headerTag(arena.i32[pointerIndex(term)]!) === HEADER_NEG_BIG;
}

/** Compares the magnitudes of two bignums: -1, 0 or 1. */
export function compareMagnitudes(arena: Arena, a: number, b: number): number {
  const words = arena.u32;
  const aAt = pointerIndex(a);
  const bAt = pointerIndex(b);
  const aDigits = headerArity(words[aAt]!);
  const bDigits = headerArity(words[bAt]!);
  if (aDigits !== bDigits) return aDigits < bDigits ? -1 : 1;
  for (let i = aDigits; i >= 1; i--) {
    const x = words[aAt + i]!;
    const y = words[bAt + i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
