import type { TermStore } from '../term/term-store.js';
import { termViews } from '../term/term-views.js';
import { atomIndex, headerArity, headerTag, isList, isSmall, pointerIndex, smallValue, HEADER_NEG_BIG } from '../layout.js';
import { TermClass, termClass } from './term-class.js';
import { atomHash } from './atom-hash.js';
import { makeHash2 } from './phash2.js';
import { readFloat } from '../term/float.js';
import { bitstringBytes } from '../term/binary.js';
import {
  EXTERNAL_PID_NUMBER_FIELD,
  EXTERNAL_PORT_ID_HIGH_FIELD,
  EXTERNAL_PORT_ID_LOW_FIELD,
  isLocalPid,
  isLocalPort,
  localPidNumber,
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
 * erlang:phash/2's hash: OTP's older make_hash (erts utils.c), bit for bit, so that the
 * BIF gives the numbers erl gives. Each kind of term folds into a 32-bit state by
 * multiplying with one of fourteen primes just above 2^28 and adding what it holds:
 * integers their magnitude's bytes (least significant first, whole 32-bit words, so
 * the value and not its representation counts), atoms the atom table's hashpjw, byte
 * elements of lists directly (a string shortcut), binaries their bytes, maps their
 * make_hash2. Tuples add their arity after their elements; a list's end multiplies once.
 */

const F1 = 268440163;
const F2 = 268439161;
const F3 = 268435459;
const F4 = 268436141;
const F5 = 268438633;
const F6 = 268437017;
const F8 = 268437511;
const F9 = 268439627;
const F10 = 268440479;
const F11 = 268440577;
const F12 = 268440581;
const F13 = 268440593;
const F14 = 268440611;

/** (hash * prime + value) mod 2^32. */
function step(hash: number, prime: number, value: number): number {
  return (Math.imul(hash, prime) + value) >>> 0;
}

/** The four bytes of a 32-bit word, least significant first (UINT32_HASH_STEP). */
function wordStep(hash: number, prime: number, word: number): number {
  hash = step(hash, prime, word & 0xff);
  hash = step(hash, prime, (word >>> 8) & 0xff);
  hash = step(hash, prime, (word >>> 16) & 0xff);
  return step(hash, prime, word >>> 24);
}

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

// Work stack entries: a term to hash, the rest of a list, the end of a list or tuple.
const TERM = 0;
const LIST_REST = 1;
const LIST_END = 2;
const TUPLE_END = 3;

export function makeHash(store: TermStore, term: number): number {
  const arena = store.arena;
  const { i32: words, u32 } = termViews(arena);
  const stack: number[] = [term, TERM];
  let hash = 0;
  while (stack.length > 0) {
    const kind = stack.pop()!;
    let t = stack.pop()!;
    if (kind === LIST_END) {
      hash = Math.imul(hash, F8) >>> 0;
      continue;
    }
    if (kind === TUPLE_END) {
      hash = step(hash, F9, t);
      continue;
    }
    if (kind === LIST_REST && !isList(t)) {
      // An improper or proper end: hash the tail, then close the list.
      stack.push(0, LIST_END, t, TERM);
      continue;
    }
    if (isList(t)) {
      let cell = pointerIndex(t);
      let head = words[cell]!;
      let closed = false;
      while (isSmall(head) && smallValue(head) >= 0 && smallValue(head) <= 255) {
        hash = step(hash, F2, smallValue(head));
        const tail = words[cell + 1]!;
        if (!isList(tail)) {
          stack.push(0, LIST_END, tail, TERM);
          closed = true;
          break;
        }
        cell = pointerIndex(tail);
        head = words[cell]!;
      }
      if (!closed) stack.push(words[cell + 1]!, LIST_REST, head, TERM);
      continue;
    }
    if (isSmall(t)) {
      const value = smallValue(t);
      hash = wordStep(hash, F2, Math.abs(value) >>> 0);
      hash = Math.imul(hash, value < 0 ? F4 : F3) >>> 0;
      continue;
    }
    const at = pointerIndex(t);
    switch (termClass(words, t)) {
      case TermClass.nil:
        hash = step(hash, F3, 1);
        break;
      case TermClass.atom:
        hash = step(hash, F1, atomHash(store, atomIndex(t)));
        break;
      case TermClass.integer: {
        const header = words[at]!;
        let digits = headerArity(header);
        while (digits > 1 && u32[at + digits] === 0) digits--;
        for (let i = 1; i <= digits; i++) hash = wordStep(hash, F2, u32[at + i]!);
        hash = Math.imul(hash, headerTag(header) === HEADER_NEG_BIG ? F4 : F3) >>> 0;
        break;
      }
      case TermClass.float: {
        const value = readFloat(arena, t);
        scratch[0] = value === 0 ? 0 : value; // -0.0 hashes as 0.0
        hash = step(hash, F6, (scratchWords[0]! ^ scratchWords[1]!) >>> 0);
        break;
      }
      case TermClass.bitstring: {
        const { bytes, bitSize } = bitstringBytes(arena, t);
        const whole = bitSize >>> 3;
        const rest = bitSize & 7;
        for (let i = 0; i < whole; i++) hash = step(hash, F1, bytes[i]!);
        if (rest > 0) hash = step(step(hash, F1, bytes[whole]! >>> (8 - rest)), F12, rest);
        hash = step(hash, F4, whole);
        break;
      }
      case TermClass.tuple: {
        const arity = headerArity(words[at]!);
        stack.push(arity, TUPLE_END);
        for (let i = arity; i >= 1; i--) stack.push(words[at + i]!, TERM);
        break;
      }
      case TermClass.map:
        hash = (step(Math.imul(hash, F13) >>> 0, 1, F14) + makeHash2(store, t)) >>> 0;
        break;
      case TermClass.pid:
        hash = Math.imul(wordStep(hash, F5, isLocalPid(t) ? localPidNumber(t) : u32[at + EXTERNAL_PID_NUMBER_FIELD]!), F6) >>> 0;
        break;
      case TermClass.port: {
        const low = isLocalPort(t) ? localPortNumber(t) : u32[at + EXTERNAL_PORT_ID_LOW_FIELD]!;
        const high = isLocalPort(t) ? 0 : u32[at + EXTERNAL_PORT_ID_HIGH_FIELD]!;
        if (high !== 0) hash = wordStep(hash, F11, high);
        hash = Math.imul(wordStep(hash, F9, low), F10) >>> 0;
        break;
      }
      case TermClass.ref: {
        const { first } = refNumbers(arena, t, words[at]!);
        hash = Math.imul(wordStep(hash, F9, u32[first]!), F10) >>> 0;
        break;
      }
      case TermClass.exportFun:
        hash = step(hash, F11, smallValue(words[at + EXPORT_ARITY_FIELD]!));
        hash = step(hash, F1, atomHash(store, atomIndex(words[at + EXPORT_MODULE_FIELD]!)));
        hash = step(hash, F1, atomHash(store, atomIndex(words[at + EXPORT_FUNCTION_FIELD]!)));
        break;
      case TermClass.fun: {
        const free = closureFreeCount(arena, t);
        hash = step(hash, F10, free);
        hash = step(hash, F1, atomHash(store, atomIndex(words[at + FUN_MODULE_FIELD]!)));
        hash = step(hash, F2, u32[at + FUN_OLD_INDEX_FIELD]!);
        hash = step(hash, F2, u32[at + FUN_OLD_UNIQ_FIELD]!);
        for (let i = free - 1; i >= 0; i--) stack.push(words[at + FUN_FREE_FIELD + i]!, TERM);
        break;
      }
    }
  }
  return hash;
}

/** erlang:phash(Term, Range): 1..Range (Range 1..2^32). */
export function phash(store: TermStore, term: number, range: number): number {
  return (makeHash(store, term) % range) + 1;
}
