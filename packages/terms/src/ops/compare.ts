import type { TermStore } from '../term/term-store.js';
import { termViews } from '../term/term-views.js';
import { atomIndex, headerArity, headerTag, isAtom, pointerIndex, smallValue, isSmall, HEADER_REF, HEADER_MAP_HASH } from '../layout.js';
import { TermClass, termClass, typeRank } from './term-class.js';
import { compareCodePoints } from './atom-order.js';
import { bignumNegative, compareMagnitudes, readInteger } from '../term/bignum.js';
import { readFloat } from '../term/float.js';
import { bitsLocation } from '../term/binary.js';
import { flatMapKeysAt, FLAT_MAP_VALUES_FIELD } from '../term/map.js';
import { hashMapEntries } from '../term/hash-map.js';
import {
  EXTERNAL_CREATION_FIELD,
  EXTERNAL_NODE_FIELD,
  EXTERNAL_PID_NUMBER_FIELD,
  EXTERNAL_PID_SERIAL_FIELD,
  externalPortId,
  isLocalPid,
  isLocalPort,
  localPidNumber,
  localPidSerial,
  localPortNumber,
  refNumbers,
} from '../term/pid-port-ref.js';
import {
  EXPORT_ARITY_FIELD,
  EXPORT_FUNCTION_FIELD,
  EXPORT_MODULE_FIELD,
  FUN_FREE_FIELD,
  FUN_MODULE_FIELD,
  FUN_OLD_INDEX_FIELD,
  FUN_OLD_UNIQ_FIELD,
  closureFreeCount,
} from '../term/fun.js';

/**
 * The standard term order, as OTP's erts_cmp: -1, 0 or 1.
 *
 * `exact` false is the arithmetic order of `<`, `==` and lists:sort (1 == 1.0);
 * `exact` true is the order of map keys and `=:=` (integers before floats, so 1 < 1.0).
 * Inside a map, keys are always compared exactly and values in the caller's mode.
 * As OTP 25, 0.0 and -0.0 compare equal in both modes.
 *
 * Iterative (an explicit stack), so depth is bounded by memory, not the JS stack.
 */
export function compareTerms(store: TermStore, a: number, b: number, exact = false): number {
  if (a === b) return 0;
  // Fast paths without a stack: two atoms, two smalls (most map keys and list elements).
  if (isAtom(a) && isAtom(b)) return compareCodePoints(store.atoms.nameOf(atomIndex(a)), store.atoms.nameOf(atomIndex(b)));
  if (isSmall(a) && isSmall(b)) return sign(smallValue(a) - smallValue(b));
  const pending: number[] = [a, b, exact ? 1 : 0];
  const words = termViews(store.arena).i32;
  while (pending.length > 0) {
    const mode = pending.pop()!;
    const y = pending.pop()!;
    const x = pending.pop()!;
    if (x === y) continue;
    const result = compareStep(store, words, x, y, mode === 1, pending);
    if (result !== 0) return result;
  }
  return 0;
}

export function exactEquals(store: TermStore, a: number, b: number): boolean {
  return a === b || compareTerms(store, a, b, true) === 0;
}

/** `==`: numbers compare by value (1 == 1.0). */
export function arithmeticEquals(store: TermStore, a: number, b: number): boolean {
  return a === b || compareTerms(store, a, b, false) === 0;
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function compareStep(store: TermStore, words: Int32Array, a: number, b: number, exact: boolean, pending: number[]): number {
  if (isSmall(a) && isSmall(b)) return sign(smallValue(a) - smallValue(b));
  const aClass = termClass(words, a);
  const bClass = termClass(words, b);
  if (aClass !== bClass) {
    const aRank = typeRank(aClass);
    const bRank = typeRank(bClass);
    if (aRank !== bRank) return aRank < bRank ? -1 : 1;
    // integer against float
    if (exact) return aClass < bClass ? -1 : 1;
    return aClass === TermClass.integer ? compareIntegerFloat(store, a, b) : -compareIntegerFloat(store, b, a);
  }
  const arena = store.arena;
  const u32 = arena.u32;
  switch (aClass) {
    case TermClass.integer:
      return compareIntegers(store, a, b);
    case TermClass.float: {
      const x = readFloat(arena, a);
      const y = readFloat(arena, b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case TermClass.atom:
      return compareCodePoints(store.atoms.nameOf(atomIndex(a)), store.atoms.nameOf(atomIndex(b)));
    case TermClass.nil:
      return 0;
    case TermClass.list: {
      const aAt = pointerIndex(a);
      const bAt = pointerIndex(b);
      pending.push(words[aAt + 1]!, words[bAt + 1]!, exact ? 1 : 0);
      pending.push(words[aAt]!, words[bAt]!, exact ? 1 : 0);
      return 0;
    }
    case TermClass.tuple: {
      const aAt = pointerIndex(a);
      const bAt = pointerIndex(b);
      const arity = headerArity(words[aAt]!);
      const bArity = headerArity(words[bAt]!);
      if (arity !== bArity) return arity < bArity ? -1 : 1;
      for (let i = arity; i >= 1; i--) pending.push(words[aAt + i]!, words[bAt + i]!, exact ? 1 : 0);
      return 0;
    }
    case TermClass.map:
      return compareMaps(store, a, b, exact, pending);
    case TermClass.bitstring:
      return compareBitstrings(store, a, b);
    case TermClass.pid:
      return comparePids(store, a, b);
    case TermClass.port:
      return comparePorts(store, a, b);
    case TermClass.ref:
      return compareRefs(store, a, b);
    case TermClass.exportFun: {
      const aAt = pointerIndex(a);
      const bAt = pointerIndex(b);
      const names = store.atoms;
      const byModule = compareCodePoints(
        names.nameOf(atomIndex(words[aAt + EXPORT_MODULE_FIELD]!)),
        names.nameOf(atomIndex(words[bAt + EXPORT_MODULE_FIELD]!)),
      );
      if (byModule !== 0) return byModule;
      const byName = compareCodePoints(
        names.nameOf(atomIndex(words[aAt + EXPORT_FUNCTION_FIELD]!)),
        names.nameOf(atomIndex(words[bAt + EXPORT_FUNCTION_FIELD]!)),
      );
      if (byName !== 0) return byName;
      return sign(smallValue(words[aAt + EXPORT_ARITY_FIELD]!) - smallValue(words[bAt + EXPORT_ARITY_FIELD]!));
    }
    case TermClass.fun: {
      const aAt = pointerIndex(a);
      const bAt = pointerIndex(b);
      const byModule = compareCodePoints(
        store.atoms.nameOf(atomIndex(words[aAt + FUN_MODULE_FIELD]!)),
        store.atoms.nameOf(atomIndex(words[bAt + FUN_MODULE_FIELD]!)),
      );
      if (byModule !== 0) return byModule;
      const byIndex = sign(u32[aAt + FUN_OLD_INDEX_FIELD]! - u32[bAt + FUN_OLD_INDEX_FIELD]!);
      if (byIndex !== 0) return byIndex;
      const byUniq = sign(u32[aAt + FUN_OLD_UNIQ_FIELD]! - u32[bAt + FUN_OLD_UNIQ_FIELD]!);
      if (byUniq !== 0) return byUniq;
      const aFree = closureFreeCount(arena, a);
      const bFree = closureFreeCount(arena, b);
      if (aFree !== bFree) return aFree < bFree ? -1 : 1;
      for (let i = aFree - 1; i >= 0; i--) pending.push(words[aAt + FUN_FREE_FIELD + i]!, words[bAt + FUN_FREE_FIELD + i]!, exact ? 1 : 0);
      return 0;
    }
  }
  return 0;
}

function compareIntegers(store: TermStore, a: number, b: number): number {
  const arena = store.arena;
  if (isSmall(a)) return bignumNegative(arena, b) ? 1 : -1;
  if (isSmall(b)) return bignumNegative(arena, a) ? -1 : 1;
  const aNegative = bignumNegative(arena, a);
  if (aNegative !== bignumNegative(arena, b)) return aNegative ? -1 : 1;
  const magnitude = compareMagnitudes(arena, a, b);
  return aNegative ? -magnitude : magnitude;
}

const TWO_53 = 2 ** 53;

/** Integer `a` against float `b` by exact value. */
function compareIntegerFloat(store: TermStore, a: number, b: number): number {
  const value = readInteger(store.arena, a);
  const f = readFloat(store.arena, b);
  if (typeof value === 'number') return value < f ? -1 : value > f ? 1 : 0;
  if (Math.abs(f) >= TWO_53) {
    const g = BigInt(f); // integral: every double this large is an integer
    return value < g ? -1 : value > g ? 1 : 0;
  }
  return value < 0n ? -1 : 1; // |value| > 2^53 > |f|
}

function compareMaps(store: TermStore, a: number, b: number, exact: boolean, pending: number[]): number {
  const arena = store.arena;
  const aSize = arena.u32[pointerIndex(a) + 1]!;
  const bSize = arena.u32[pointerIndex(b) + 1]!;
  if (aSize !== bSize) return aSize < bSize ? -1 : 1;
  const aEntries = sortedEntries(store, a);
  const bEntries = sortedEntries(store, b);
  // Pushed so that all keys are compared (exactly, in order) before any value.
  const mode = exact ? 1 : 0;
  for (let i = aSize - 1; i >= 0; i--) pending.push(aEntries.values[i]!, bEntries.values[i]!, mode);
  for (let i = aSize - 1; i >= 0; i--) pending.push(aEntries.keys[i]!, bEntries.keys[i]!, 1);
  return 0;
}

/** Entries of a map in exact key order. */
export function sortedEntries(store: TermStore, map: number): { keys: number[]; values: number[] } {
  const arena = store.arena;
  const words = arena.i32;
  const at = pointerIndex(map);
  if (headerTag(words[at]!) !== HEADER_MAP_HASH) {
    const size = arena.u32[at + 1]!;
    const keysAt = flatMapKeysAt(arena, map);
    const keys: number[] = new Array(size);
    const values: number[] = new Array(size);
    for (let i = 0; i < size; i++) {
      keys[i] = words[keysAt + i]!;
      values[i] = words[at + FLAT_MAP_VALUES_FIELD + i]!;
    }
    return { keys, values };
  }
  const { keys, values } = hashMapEntries(arena, map);
  const order = keys.map((_, i) => i).sort((i, j) => compareTerms(store, keys[i]!, keys[j]!, true));
  return { keys: order.map((i) => keys[i]!), values: order.map((i) => values[i]!) };
}

function compareBitstrings(store: TermStore, a: number, b: number): number {
  const u8 = store.arena.u8;
  const x = bitsLocation(store.arena, a);
  const y = bitsLocation(store.arena, b);
  const common = Math.min(x.bitSize, y.bitSize);
  const wholeBytes = common >>> 3;
  if (x.bitOffset === 0 && y.bitOffset === 0) {
    for (let i = 0; i < wholeBytes; i++) {
      const p = u8[x.byteIndex + i]!;
      const q = u8[y.byteIndex + i]!;
      if (p !== q) return p < q ? -1 : 1;
    }
  } else {
    for (let i = 0; i < wholeBytes; i++) {
      const p = byteAt(u8, x.byteIndex, x.bitOffset, i);
      const q = byteAt(u8, y.byteIndex, y.bitOffset, i);
      if (p !== q) return p < q ? -1 : 1;
    }
  }
  const restBits = common & 7;
  if (restBits !== 0) {
    const mask = (0xff << (8 - restBits)) & 0xff;
    const p = byteAt(u8, x.byteIndex, x.bitOffset, wholeBytes) & mask;
    const q = byteAt(u8, y.byteIndex, y.bitOffset, wholeBytes) & mask;
    if (p !== q) return p < q ? -1 : 1;
  }
  return sign(x.bitSize - y.bitSize);
}

/** Byte `i` of a bit sequence starting `bitOffset` bits into byte `byteIndex` (may read one byte past). */
function byteAt(u8: Uint8Array, byteIndex: number, bitOffset: number, i: number): number {
  if (bitOffset === 0) return u8[byteIndex + i]!;
  return ((u8[byteIndex + i]! << bitOffset) | ((u8[byteIndex + i + 1] ?? 0) >>> (8 - bitOffset))) & 0xff;
}

/** Node name and creation of a pid, port or ref (the local node for the local forms). */
function nodeOf(store: TermStore, term: number, local: boolean): { name: string; creation: number } {
  if (local) return { name: store.nodeName, creation: store.creation };
  const at = pointerIndex(term);
  return {
    name: store.atoms.nameOf(atomIndex(store.arena.i32[at + EXTERNAL_NODE_FIELD]!)),
    creation: store.arena.u32[at + EXTERNAL_CREATION_FIELD]!,
  };
}

function compareNodes(x: { name: string; creation: number }, y: { name: string; creation: number }): number {
  const byName = compareCodePoints(x.name, y.name);
  if (byName !== 0) return byName;
  return sign(x.creation - y.creation);
}

function comparePids(store: TermStore, a: number, b: number): number {
  const u32 = store.arena.u32;
  const aLocal = isLocalPid(a);
  const bLocal = isLocalPid(b);
  const aSerial = aLocal ? localPidSerial(a) : u32[pointerIndex(a) + EXTERNAL_PID_SERIAL_FIELD]!;
  const bSerial = bLocal ? localPidSerial(b) : u32[pointerIndex(b) + EXTERNAL_PID_SERIAL_FIELD]!;
  if (aSerial !== bSerial) return aSerial < bSerial ? -1 : 1;
  const aNumber = aLocal ? localPidNumber(a) : u32[pointerIndex(a) + EXTERNAL_PID_NUMBER_FIELD]!;
  const bNumber = bLocal ? localPidNumber(b) : u32[pointerIndex(b) + EXTERNAL_PID_NUMBER_FIELD]!;
  if (aNumber !== bNumber) return aNumber < bNumber ? -1 : 1;
  return compareNodes(nodeOf(store, a, aLocal), nodeOf(store, b, bLocal));
}

function comparePorts(store: TermStore, a: number, b: number): number {
  const aLocal = isLocalPort(a);
  const bLocal = isLocalPort(b);
  const byNode = compareNodes(nodeOf(store, a, aLocal), nodeOf(store, b, bLocal));
  if (byNode !== 0) return byNode;
  const x = aLocal ? BigInt(localPortNumber(a)) : externalPortId(store.arena, a);
  const y = bLocal ? BigInt(localPortNumber(b)) : externalPortId(store.arena, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareRefs(store: TermStore, a: number, b: number): number {
  const arena = store.arena;
  const aHeader = arena.i32[pointerIndex(a)]!;
  const bHeader = arena.i32[pointerIndex(b)]!;
  const aLocal = headerTag(aHeader) === HEADER_REF;
  const bLocal = headerTag(bHeader) === HEADER_REF;
  const byNode = compareNodes(nodeOf(store, a, aLocal), nodeOf(store, b, bLocal));
  if (byNode !== 0) return byNode;
  const x = refNumbers(arena, a, aHeader);
  const y = refNumbers(arena, b, bHeader);
  const u32 = arena.u32;
  let aCount = x.count;
  let bCount = y.count;
  // Extra high numbers that are zero do not count (OTP's ref_common).
  while (aCount > bCount) {
    if (u32[x.first + aCount - 1] !== 0) return 1;
    aCount--;
  }
  while (bCount > aCount) {
    if (u32[y.first + bCount - 1] !== 0) return -1;
    bCount--;
  }
  for (let i = aCount - 1; i >= 0; i--) {
    const p = u32[x.first + i]!;
    const q = u32[y.first + i]!;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

