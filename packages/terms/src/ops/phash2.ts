import type { TermStore } from '../term/term-store.js';
import { termViews } from '../term/term-views.js';
import { atomIndex, headerArity, headerTag, isList, isSmall, pointerIndex, smallValue, HEADER_NEG_BIG } from '../layout.js';
import { TermClass, termClass } from './term-class.js';
import { HCONST, blockHash, hash2, hconst } from './jenkins-hash.js';
import { readFloat } from '../term/float.js';
import { atomHash } from './atom-hash.js';
import { bitstringBytes } from '../term/binary.js';
import { mapEntries } from '../term/map.js';
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
 * erlang:phash2/1,2: OTP's portable hash (make_hash2 in erts utils.c), bit for bit, so
 * the BIF gives the numbers erl gives. It is Bob Jenkins' lookup2 mixing over the term
 * in a fixed traversal order, with a per-type constant (HCONST * k), atoms hashed by
 * hashpjw of their UTF-8 name, binaries by lookup2's block hash, and maps as the xor of
 * their key-value pairs' hashes, so independent of entry order.
 *
 * phash2 is consistent with `=:=` (0.0 and -0.0 hash alike), not with `==`.
 */

const HCONST_2 = hconst(2);
const HCONST_3 = hconst(3);
const HCONST_4 = hconst(4);
const HCONST_5 = hconst(5);
const HCONST_6 = hconst(6);
const HCONST_7 = hconst(7);
const HCONST_9 = hconst(9);
const HCONST_10 = hconst(10);
const HCONST_11 = hconst(11);
const HCONST_12 = hconst(12);
const HCONST_13 = hconst(13);
const HCONST_14 = hconst(14);
const HCONST_15 = hconst(15);
const HCONST_16 = hconst(16);
const HCONST_19 = hconst(19);
/** OTP's NIL_DEF tag number, hashed for [] inside a term. */
const NIL_DEF = 2;
/** The hash of [] alone. */
const NIL_HASH = 3468870702;

function hash1(hash: number, x: number, constant: number): number {
  return hash2(hash, x, 0, constant);
}

/** SINT32_HASH: negative numbers are mixed twice, as OTP does. */
function hashSigned(hash: number, value: number): number {
  if (value < 0) hash = hash1(hash, -value >>> 0, HCONST);
  return hash1(hash, value >>> 0, HCONST);
}


const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

// Work stack entry kinds.
const TERM = 0;
const MAP_PAIR = 1;
const MAP_TAIL = 2;
const SAVED = 3;

/** The full 32-bit make_hash2 value. */
export function makeHash2(store: TermStore, term: number): number {
  const arena = store.arena;
  const { i32: words, u32 } = termViews(arena);
  const stack: number[] = [];
  let hash = 0;
  let xorPairs = 0;
  let t = term;
  for (;;) {
    let next = true; // false: t was replaced by a subterm to hash right away
    if (isList(t)) {
      // Runs of byte elements are hashed four at a time (a string optimisation of OTP's).
      let count = 0;
      let shifted = 0;
      let cell = pointerIndex(t);
      let head = words[cell]!;
      while (isSmall(head) && smallValue(head) >= 0 && smallValue(head) <= 255) {
        shifted = ((shifted << 8) + smallValue(head)) >>> 0;
        if (count === 3) {
          hash = hash1(hash, shifted, HCONST_4);
          count = 0;
          shifted = 0;
        } else count++;
        t = words[cell + 1]!;
        if (!isList(t)) break;
        cell = pointerIndex(t);
        head = words[cell]!;
      }
      if (count > 0) hash = hash1(hash, shifted, HCONST_4);
      if (isList(t)) {
        stack.push(words[cell + 1]!, TERM);
        t = words[cell]!;
      }
      next = false;
    } else if (isSmall(t)) {
      hash = hashSigned(hash, smallValue(t));
    } else {
      const at = pointerIndex(t);
      switch (termClass(words, t)) {
        case TermClass.integer: {
          // OTP's 64-bit digits, low and high halves: pairs of our 32-bit digits.
          const header = words[at]!;
          const digits = headerArity(header);
          const constant = headerTag(header) === HEADER_NEG_BIG ? HCONST_10 : HCONST_11;
          for (let i = 0; i < digits; i += 2) hash = hash2(hash, u32[at + 1 + i]!, i + 1 < digits ? u32[at + 2 + i]! : 0, constant);
          break;
        }
        case TermClass.float: {
          const value = readFloat(arena, t);
          scratch[0] = value === 0 ? 0 : value;
          hash = hash2(hash, scratchWords[1]!, scratchWords[0]!, HCONST_12);
          break;
        }
        case TermClass.atom:
          hash = hash === 0 ? atomHash(store, atomIndex(t)) : hash1(hash, atomHash(store, atomIndex(t)), HCONST_3);
          break;
        case TermClass.nil:
          hash = hash === 0 ? NIL_HASH : hash1(hash, NIL_DEF, HCONST_2);
          break;
        case TermClass.tuple: {
          const arity = headerArity(words[at]!);
          hash = hash1(hash, arity, HCONST_9);
          if (arity > 0) {
            for (let i = arity; i >= 2; i--) stack.push(words[at + i]!, TERM);
            t = words[at + 1]!;
            next = false;
          }
          break;
        }
        case TermClass.map: {
          const { keys, values } = mapEntries(arena, t);
          hash = hash1(hash, keys.length, HCONST_16);
          if (keys.length > 0) {
            stack.push(xorPairs, SAVED, hash, SAVED, 0, MAP_TAIL);
            hash = 0;
            xorPairs = 0;
            for (let i = keys.length - 1; i >= 0; i--) stack.push(0, MAP_PAIR, values[i]!, TERM, keys[i]!, TERM);
          }
          break;
        }
        case TermClass.bitstring: {
          const { bytes, bitSize } = bitstringBytes(arena, t);
          const whole = bitSize >>> 3;
          const rest = bitSize & 7;
          const constant = (HCONST_13 + hash) >>> 0;
          if (bitSize === 0) hash = constant;
          else {
            hash = blockHash(bytes, whole, constant);
            if (rest > 0) hash = hash2(hash, rest, bytes[whole]! >>> (8 - rest), HCONST_15);
          }
          break;
        }
        case TermClass.pid:
          hash = hash1(hash, isLocalPid(t) ? localPidNumber(t) : u32[at + EXTERNAL_PID_NUMBER_FIELD]!, HCONST_5);
          break;
        case TermClass.port:
          if (isLocalPort(t)) hash = hash2(hash, localPortNumber(t), 0, HCONST_6);
          else hash = hash2(hash, u32[at + EXTERNAL_PORT_ID_LOW_FIELD]!, u32[at + EXTERNAL_PORT_ID_HIGH_FIELD]!, HCONST_6);
          break;
        case TermClass.ref: {
          const { first } = refNumbers(arena, t, words[at]!);
          hash = hash1(hash, u32[first]!, HCONST_7);
          break;
        }
        case TermClass.exportFun:
          hash = hash2(hash, smallValue(words[at + EXPORT_ARITY_FIELD]!), atomHash(store, atomIndex(words[at + EXPORT_MODULE_FIELD]!)), HCONST);
          hash = hash1(hash, atomHash(store, atomIndex(words[at + EXPORT_FUNCTION_FIELD]!)), HCONST_14);
          break;
        case TermClass.fun: {
          const free = closureFreeCount(arena, t);
          hash = hash2(hash, free, atomHash(store, atomIndex(words[at + FUN_MODULE_FIELD]!)), HCONST);
          hash = hash2(hash, u32[at + FUN_OLD_INDEX_FIELD]!, u32[at + FUN_OLD_UNIQ_FIELD]!, HCONST);
          if (free > 0) {
            for (let i = free - 1; i >= 1; i--) stack.push(words[at + FUN_FREE_FIELD + i]!, TERM);
            t = words[at + FUN_FREE_FIELD]!;
            next = false;
          }
          break;
        }
      }
    }
    if (!next) continue;
    // The common tail: take the next term, or finish a map pair / map.
    for (;;) {
      if (stack.length === 0) return hash >>> 0;
      const kind = stack.pop()!;
      const value = stack.pop()!;
      if (kind === TERM) {
        t = value;
        break;
      }
      if (kind === MAP_PAIR) {
        xorPairs = (xorPairs ^ hash) >>> 0;
        hash = 0;
      } else if (kind === MAP_TAIL) {
        stack.pop(); // SAVED kind
        hash = stack.pop()!;
        hash = hash1(hash, xorPairs, HCONST_19);
        stack.pop();
        xorPairs = stack.pop()!;
      }
    }
  }
}

/** erlang:phash2(Term, Range): the hash reduced to 0..Range-1 (Range 1..2^32, default 2^27). */
export function phash2(store: TermStore, term: number, range: number = 2 ** 27): number {
  return makeHash2(store, term) % range;
}
