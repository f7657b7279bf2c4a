import type { TermStore } from '../term/term-store.js';
import { termViews } from '../term/term-views.js';
import { HEADER_MAP_HASH, HEADER_NEG_BIG, HEADER_REF, headerArity, headerTag, isList, isSmall, pointerIndex, smallValue } from '../layout.js';
import { TermClass, termClass } from './term-class.js';
import { HCONST, blockHash, hash2, hconst } from './jenkins-hash.js';
import { readFloat } from '../term/float.js';
import { bitstringBytes } from '../term/binary.js';
import { flatMapKeysAt, FLAT_MAP_VALUES_FIELD, mapEntries } from '../term/map.js';
import { refNumbers } from '../term/pid-port-ref.js';

/**
 * The order in which OTP 25 (64-bit) iterates a map of more than 32 keys, for the keys
 * whose OTP internal hash (erts make_internal_hash) does not depend on the emulator
 * instance. OTP's hashmap is a 16-way trie over that hash, lowest nibble first, and
 * term_to_binary and maps:to_list walk it from the highest slot down (io_lib's `~w` from
 * the lowest up). The hash of an immediate is its raw 64-bit word, so integers and []
 * are portable, while an atom's (its index in that VM's atom table), a pid's or a port's
 * is not; funs, external identities and nested hash maps are not either. For a map whose
 * keys are all portable, `otpMapOrder` gives OTP's entry order; otherwise undefined, and
 * callers fall back to this store's trie order (or the sorted order when asked).
 */

const HCONST_4 = hconst(4);
const HCONST_7 = hconst(7);
const HCONST_8 = hconst(8);
const HCONST_9 = hconst(9);
const HCONST_10 = hconst(10);
const HCONST_11 = hconst(11);
const HCONST_12 = hconst(12);
const HCONST_13 = hconst(13);
const HCONST_15 = hconst(15);
const HCONST_16 = hconst(16);
const HCONST_17 = hconst(17);
const HCONST_18 = hconst(18);
const HCONST_22 = hconst(22);
const INTERNAL_HASH_SALT = 3432918353;
/** OTP 25's NIL word, as its map order shows (checked with erl): the immediate2 tag 0x3B alone. */
const NIL_WORD_LOW = 0x3b;
const NIL_WORD_HIGH = 0;
/** OTP 64-bit smalls hold 60-bit signed values. */
const MAX_OTP_SMALL = 2n ** 59n - 1n;
const MIN_OTP_SMALL = -(2n ** 59n);

function constHash(hash: number, constant: number): number {
  hash = (hash ^ constant) >>> 0;
  return ((hash << 17) ^ (hash >>> 15)) >>> 0;
}

/** OTP's raw 64-bit word of a small integer: value << 4 | 0xF, as (low, high). */
function smallWordHash(hash: number, value: number | bigint): number {
  const word = (BigInt(value) << 4n) | 0xfn;
  const low = Number(word & 0xffffffffn);
  const high = Number((word >> 32n) & 0xffffffffn);
  return hash2(hash, low, high, HCONST);
}

const HASH_CDR = -1;
const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/** make_internal_hash(term, salt) of OTP 25 (64-bit), or undefined when it depends on the emulator instance. */
export function otpInternalHash(store: TermStore, term: number, salt = 0): number | undefined {
  const arena = store.arena;
  const { i32: words, u32 } = termViews(arena);
  let hash = (salt ^ INTERNAL_HASH_SALT) >>> 0;
  const stack: number[] = [];
  const pendingCdr: boolean[] = [];
  let t = term;
  for (;;) {
    let next = true;
    if (isList(t)) {
      let count = 0;
      let shifted = 0;
      let cell = pointerIndex(t);
      let head = words[cell]!;
      while (isSmall(head) && smallValue(head) >= 0 && smallValue(head) <= 255) {
        shifted = ((shifted << 8) + smallValue(head)) >>> 0;
        if (count === 3) {
          hash = hash2(hash, shifted, 0, HCONST_4);
          count = 0;
          shifted = 0;
        } else count++;
        t = words[cell + 1]!;
        if (!isList(t)) break;
        cell = pointerIndex(t);
        head = words[cell]!;
      }
      if (count > 0) hash = hash2(hash, shifted, count, HCONST_22);
      if (isList(t)) {
        const tail = words[cell + 1]!;
        hash = constHash(hash, HCONST_17);
        stack.push(tail);
        pendingCdr.push(false);
        if (!isList(tail)) {
          stack.push(HASH_CDR);
          pendingCdr.push(true);
        }
        t = words[cell]!;
      }
      next = false;
    } else if (isSmall(t)) {
      hash = smallWordHash(hash, smallValue(t));
    } else {
      const at = pointerIndex(t);
      switch (termClass(words, t)) {
        case TermClass.nil:
          hash = hash2(hash, NIL_WORD_LOW, NIL_WORD_HIGH, HCONST);
          break;
        case TermClass.integer: {
          const header = words[at]!;
          const digits = headerArity(header);
          const negative = headerTag(header) === HEADER_NEG_BIG;
          let magnitude = 0n;
          for (let i = digits; i >= 1; i--) magnitude = (magnitude << 32n) | BigInt(u32[at + i]!);
          const value = negative ? -magnitude : magnitude;
          if (value >= MIN_OTP_SMALL && value <= MAX_OTP_SMALL) {
            hash = smallWordHash(hash, value);
          } else {
            const constant = negative ? HCONST_10 : HCONST_11;
            for (let i = 0; i < digits; i += 2) hash = hash2(hash, u32[at + 1 + i]!, i + 1 < digits ? u32[at + 2 + i]! : 0, constant);
          }
          break;
        }
        case TermClass.float: {
          const value = readFloat(arena, t);
          scratch[0] = value === 0 ? 0 : value;
          hash = hash2(hash, scratchWords[0]!, scratchWords[1]!, HCONST_12);
          break;
        }
        case TermClass.tuple: {
          const arity = headerArity(words[at]!);
          hash = hash2(hash, arity, 0, HCONST_9);
          if (arity > 0) {
            for (let i = arity; i >= 2; i--) {
              stack.push(words[at + i]!);
              pendingCdr.push(false);
            }
            t = words[at + 1]!;
            next = false;
          }
          break;
        }
        case TermClass.map: {
          if (headerTag(words[at]!) === HEADER_MAP_HASH) return undefined; // its walk order is the VM's own
          const size = u32[at + 1]!;
          hash = hash2(hash, size, 0, HCONST_16);
          const keysAt = flatMapKeysAt(arena, t);
          for (let i = size - 1; i >= 0; i--) {
            stack.push(words[at + FLAT_MAP_VALUES_FIELD + i]!, words[keysAt + i]!);
            pendingCdr.push(false, false);
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
        case TermClass.ref: {
          const header = words[at]!;
          if (headerTag(header) !== HEADER_REF) return undefined; // hashed by node pointer
          const { first, count } = refNumbers(arena, t, header);
          if (count !== 3 && count !== 5) return undefined;
          hash = hash2(hash, u32[first]!, 0, HCONST_7);
          hash = hash2(hash, u32[first + 1]!, u32[first + 2]!, HCONST_8);
          if (count === 5) hash = hash2(hash, u32[first + 3]!, u32[first + 4]!, HCONST_9);
          break;
        }
        default:
          return undefined; // atoms, pids, ports, funs: their words or pointers are the VM's own
      }
    }
    if (!next) continue;
    for (;;) {
      if (stack.length === 0) return hash >>> 0;
      const item = stack.pop()!;
      const isCdrMarker = pendingCdr.pop()!;
      if (isCdrMarker) {
        hash = constHash(hash, HCONST_18);
        continue;
      }
      t = item;
      break;
    }
  }
}

/** The hash's nibbles from the lowest up, as one number: the trie's slot path. */
function slotPath(hash: number): number {
  let path = 0;
  for (let i = 0; i < 8; i++) path = path * 16 + ((hash >>> (4 * i)) & 15);
  return path;
}

/**
 * Indexes of a hash map's entries (in mapEntries order) in OTP's term_to_binary /
 * maps:to_list order, or undefined when a key's OTP hash is not portable.
 */
export function otpMapOrder(store: TermStore, map: number): number[] | undefined {
  const { keys } = mapEntries(store.arena, map);
  const paths: number[][] = [];
  for (const key of keys) {
    const hash = otpInternalHash(store, key, 0);
    if (hash === undefined) return undefined;
    paths.push([slotPath(hash)]);
  }
  const order = keys.map((_, i) => i);
  const pathAt = (i: number, level: number): number => {
    // Below 32 bits OTP rehashes with the salt level / 8.
    const path = paths[i]!;
    while (path.length <= level) path.push(slotPath(otpInternalHash(store, keys[i]!, path.length)!));
    return path[level]!;
  };
  order.sort((x, y) => {
    for (let level = 0; level < 4; level++) {
      const a = pathAt(x, level);
      const b = pathAt(y, level);
      if (a !== b) return b - a; // from the highest slot down
    }
    return 0;
  });
  return order;
}

