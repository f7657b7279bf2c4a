import {
  fitsSmall,
  HEADER_FLOAT,
  HEADER_NEG_BIG,
  HEADER_POS_BIG,
  HEADER_TAG_MASK,
  HEADER_TUPLE,
  headerArity,
  isBoxed,
  isSmall,
  makeBoxed,
  makeHeader,
  makeList,
  makeSmall,
  NIL,
  pointerIndex,
  smallValue,
} from '@beamload/terms';
import { HeapWriter } from '@beamload/terms';
import type { ProcessContext } from '../process/process-context.js';
import { PCB_YOUNG_REFC_BINARIES } from '../process/process.js';
import { HeapNeeded } from './erlang-exception.js';

/**
 * Building and reading terms on the running process's heap. Layouts are those of
 * `@beamload/terms` (floats: header + two words in host order; bignums: header + 32-bit
 * digits, least significant first, sign in the header tag).
 */

const floatScratch = new Float64Array(1);
const floatWords = new Int32Array(floatScratch.buffer);

export const FLOAT_WORDS = 3;

/** Reserves `words` heap words; throws HeapNeeded when they are not free. */
export function allocate(context: ProcessContext, words: number): number {
  const at = context.heapTop;
  if (context.stackTop - at < words) throw new HeapNeeded(words);
  context.heapTop = at + words;
  return at;
}

export function makeCons(context: ProcessContext, head: number, tail: number): number {
  const at = allocate(context, 2);
  const w = context.arena.fixedI32;
  w[at] = head;
  w[at + 1] = tail;
  return makeList(at);
}

export function makeTuple(context: ProcessContext, elements: readonly number[]): number {
  const at = allocate(context, elements.length + 1);
  const w = context.arena.fixedI32;
  w[at] = makeHeader(HEADER_TUPLE, elements.length);
  for (let i = 0; i < elements.length; i++) w[at + 1 + i] = elements[i];
  return makeBoxed(at);
}

/** A proper list of `elements` (ending in `tail`). */
export function makeList_(context: ProcessContext, elements: readonly number[], tail: number = NIL): number {
  if (elements.length === 0) return tail;
  const at = allocate(context, elements.length * 2);
  const w = context.arena.fixedI32;
  for (let i = 0; i < elements.length; i++) {
    w[at + i * 2] = elements[i];
    w[at + i * 2 + 1] = i + 1 < elements.length ? makeList(at + (i + 1) * 2) : tail;
  }
  return makeList(at);
}

export function makeFloat(context: ProcessContext, value: number): number {
  const at = allocate(context, FLOAT_WORDS);
  const w = context.arena.fixedI32;
  floatScratch[0] = value;
  w[at] = makeHeader(HEADER_FLOAT, 2);
  w[at + 1] = floatWords[0];
  w[at + 2] = floatWords[1];
  return makeBoxed(at);
}

export function isFloatTerm(w: Int32Array, term: number): boolean {
  return isBoxed(term) && (w[pointerIndex(term)] & HEADER_TAG_MASK) === HEADER_FLOAT;
}

export function floatValue(w: Int32Array, term: number): number {
  const at = pointerIndex(term);
  floatWords[0] = w[at + 1];
  floatWords[1] = w[at + 2];
  return floatScratch[0];
}

export function isBignumTerm(w: Int32Array, term: number): boolean {
  if (!isBoxed(term)) return false;
  const tag = w[pointerIndex(term)] & HEADER_TAG_MASK;
  return tag === HEADER_POS_BIG || tag === HEADER_NEG_BIG;
}

export function isIntegerTerm(w: Int32Array, term: number): boolean {
  return isSmall(term) || isBignumTerm(w, term);
}

export function isNumberTerm(w: Int32Array, term: number): boolean {
  return isSmall(term) || (isBoxed(term) && isNumberHeader(w[pointerIndex(term)]));
}

function isNumberHeader(header: number): boolean {
  const tag = header & HEADER_TAG_MASK;
  return tag === HEADER_POS_BIG || tag === HEADER_NEG_BIG || tag === HEADER_FLOAT;
}

export function bignumValue(w: Int32Array, term: number): bigint {
  const at = pointerIndex(term);
  const header = w[at];
  const digits = headerArity(header);
  let value = 0n;
  for (let i = digits - 1; i >= 0; i--) value = (value << 32n) | BigInt(w[at + 1 + i] >>> 0);
  return (header & HEADER_TAG_MASK) === HEADER_NEG_BIG ? -value : value;
}

/** 2^32: one bignum digit. */
const DIGIT_BASE = 4294967296;
/** A bignum whose top (second) digit is below this is a safe JS integer (< 2^53). */
const SAFE_TOP_DIGIT = 1 << 21;

/**
 * A bignum of one digit, or of two with a small top digit, as an exact JS number; undefined
 * when it needs more than 53 bits. Arithmetic on such numbers (a monotonic time in
 * microseconds, a product just past the 28-bit smalls) stays off BigInt.
 */
export function safeBignumValue(w: Int32Array, term: number): number | undefined {
  const at = pointerIndex(term);
  const header = w[at];
  const digits = headerArity(header);
  let magnitude: number;
  if (digits === 1) magnitude = w[at + 1] >>> 0;
  else if (digits === 2 && w[at + 2] >>> 0 < SAFE_TOP_DIGIT) magnitude = (w[at + 2] >>> 0) * DIGIT_BASE + (w[at + 1] >>> 0);
  else return undefined;
  return (header & HEADER_TAG_MASK) === HEADER_NEG_BIG ? -magnitude : magnitude;
}

/** Value of an integer term as a number when safe, else a bigint. */
export function integerValue(w: Int32Array, term: number): number | bigint {
  if (isSmall(term)) return smallValue(term);
  const safe = safeBignumValue(w, term);
  if (safe !== undefined) return safe;
  const value = bignumValue(w, term);
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

export function integerBigValue(w: Int32Array, term: number): bigint {
  return isSmall(term) ? BigInt(smallValue(term)) : bignumValue(w, term);
}

/** Heap words an integer needs (0 for a small). */
export function integerWords(value: number | bigint): number {
  if (typeof value === 'number' && fitsSmall(value)) return 0;
  let magnitude = BigInt(value);
  if (magnitude < 0n) magnitude = -magnitude;
  if (magnitude <= BigInt(2 ** 27)) return 0;
  let digits = 0;
  while (magnitude > 0n) {
    digits++;
    magnitude >>= 32n;
  }
  return digits + 1;
}

/** The term for an integer: a small when it fits, else a bignum on the heap. */
export function makeInteger(context: ProcessContext, value: number | bigint): number {
  if (typeof value === 'number') {
    if (fitsSmall(value)) return makeSmall(value);
    if (Number.isSafeInteger(value)) return makeSafeBignum(context, value);
    value = BigInt(value);
  } else if (value >= -(2n ** 27n) && value < 2n ** 27n) {
    return makeSmall(Number(value));
  }
  const negative = value < 0n;
  let magnitude = negative ? -value : value;
  const digits: number[] = [];
  while (magnitude > 0n) {
    digits.push(Number(magnitude & 0xffffffffn) | 0);
    magnitude >>= 32n;
  }
  const at = allocate(context, digits.length + 1);
  const w = context.arena.fixedI32;
  w[at] = makeHeader(negative ? HEADER_NEG_BIG : HEADER_POS_BIG, digits.length);
  for (let i = 0; i < digits.length; i++) w[at + 1 + i] = digits[i];
  return makeBoxed(at);
}

/** A bignum for a safe integer outside the smalls, its digits computed without BigInt. */
function makeSafeBignum(context: ProcessContext, value: number): number {
  const magnitude = Math.abs(value);
  const high = Math.floor(magnitude / DIGIT_BASE);
  const digits = high === 0 ? 1 : 2;
  const at = allocate(context, digits + 1);
  const w = context.arena.fixedI32;
  w[at] = makeHeader(value < 0 ? HEADER_NEG_BIG : HEADER_POS_BIG, digits);
  w[at + 1] = (magnitude - high * DIGIT_BASE) | 0;
  if (digits === 2) w[at + 2] = high;
  return makeBoxed(at);
}

/** A number term's value as a JS number (floats, and integers rounded). */
export function numberAsFloat(w: Int32Array, term: number): number {
  if (isSmall(term)) return smallValue(term);
  if (isFloatTerm(w, term)) return floatValue(w, term);
  return Number(bignumValue(w, term));
}

/** Builds a charlist from a JS string (code points). */
export function makeCharList(context: ProcessContext, text: string): number {
  const codes = Array.from(text, (ch) => makeSmall(ch.codePointAt(0)!));
  return makeList_(context, codes);
}

/**
 * Runs `build` with a `@beamload/terms` HeapWriter over the process's free heap words,
 * after checking that `words` are free (HeapNeeded otherwise), and commits what it wrote.
 */
export function buildWithWriter<T>(context: ProcessContext, words: number, build: (writer: HeapWriter) => T): T {
  if (context.stackTop - context.heapTop < words) throw new HeapNeeded(words);
  const writer = new HeapWriter(context.arena, context.heapTop, context.heapTop + words);
  const result = build(writer);
  context.heapTop = writer.top;
  if (writer.refcBinaries > 0) context.process.set(PCB_YOUNG_REFC_BINARIES, 1);
  return result;
}
