import type { TermStore } from '../term/term-store.js';
import { termViews } from '../term/term-views.js';
import { atomIndex, headerArity, headerTag, isSmall, pointerIndex, smallValue, HEADER_NEG_BIG, HEADER_REF, HEADER_MAP_HASH } from '../layout.js';
import { TermClass, termClass } from './term-class.js';
import { readFloat } from '../term/float.js';
import { bitsLocation, extractBits } from '../term/binary.js';
import { hashMapEntries } from '../term/hash-map.js';
import { flatMapKeysAt, FLAT_MAP_VALUES_FIELD } from '../term/map.js';
import {
  EXTERNAL_CREATION_FIELD,
  EXTERNAL_NODE_FIELD,
  EXTERNAL_PID_NUMBER_FIELD,
  EXTERNAL_PID_SERIAL_FIELD,
  EXTERNAL_PORT_ID_HIGH_FIELD,
  EXTERNAL_PORT_ID_LOW_FIELD,
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
 * A 32-bit hash consistent with exact equality (`=:=`): exactly equal terms hash the
 * same, whatever their layout (flat or hash map, heap or refc binary, sub-binary offset),
 * and a map's hash does not depend on the order of its entries. It is the hash the hash
 * maps are built on. Not erlang:phash2: the numbers differ from OTP's.
 *
 * A stream hash (murmur3's mixing) over the terms in depth-first order, each prefixed by
 * a type marker; a map mixes the sum of its entries' hashes, computed each from a fresh
 * state. Iterative: an explicit stack.
 */

const SEED = 0x9747b28c;
const enum Marker {
  integer = 1,
  bignum,
  float,
  atom,
  nil,
  list,
  tuple,
  map,
  bitstring,
  pid,
  port,
  ref,
  fun,
  exportFun,
}

function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const atomHashCaches = new WeakMap<object, Map<number, number>>();

function atomNameHash(store: TermStore, index: number): number {
  let cache = atomHashCaches.get(store.atoms);
  if (cache === undefined) {
    cache = new Map();
    atomHashCaches.set(store.atoms, cache);
  }
  let h = cache.get(index);
  if (h === undefined) {
    h = stringHash(store.atoms.nameOf(index));
    cache.set(index, h);
  }
  return h;
}

function stringHash(text: string): number {
  let h = SEED ^ text.length;
  for (let i = 0; i < text.length; i++) h = mix(h, text.charCodeAt(i));
  return finish(h);
}

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

// Stack entry kinds.
const TERM = 0;
const ENTRY_END = 1;
const MAP_END = 2;

export function hashTerm(store: TermStore, term: number): number {
  const arena = store.arena;
  const { i32: words, u32 } = termViews(arena);
  const stack: number[] = [term, TERM];
  const mapFrames: number[] = []; // per open map: saved state, sum of entry hashes
  let h = SEED;
  while (stack.length > 0) {
    const kind = stack.pop()!;
    const t = stack.pop()!;
    if (kind === ENTRY_END) {
      mapFrames[mapFrames.length - 1] = (mapFrames[mapFrames.length - 1]! + finish(h)) | 0;
      h = SEED;
      continue;
    }
    if (kind === MAP_END) {
      const sum = mapFrames.pop()!;
      const saved = mapFrames.pop()!;
      h = mix(mix(mix(saved, Marker.map), t), sum);
      continue;
    }
    if (isSmall(t)) {
      h = mix(mix(h, Marker.integer), smallValue(t));
      continue;
    }
    const termType = termClass(words, t);
    const at = pointerIndex(t);
    switch (termType) {
      case TermClass.integer: {
        const header = words[at]!;
        const digits = headerArity(header);
        h = mix(mix(h, Marker.bignum), headerTag(header) === HEADER_NEG_BIG ? -digits : digits);
        for (let i = 1; i <= digits; i++) h = mix(h, u32[at + i]!);
        break;
      }
      case TermClass.float: {
        const value = readFloat(arena, t);
        scratch[0] = value === 0 ? 0 : value; // -0.0 =:= 0.0 in OTP 25
        h = mix(mix(mix(h, Marker.float), scratchWords[0]!), scratchWords[1]!);
        break;
      }
      case TermClass.atom:
        h = mix(mix(h, Marker.atom), atomNameHash(store, atomIndex(t)));
        break;
      case TermClass.nil:
        h = mix(h, Marker.nil);
        break;
      case TermClass.list:
        h = mix(h, Marker.list);
        stack.push(words[at + 1]!, TERM, words[at]!, TERM);
        break;
      case TermClass.tuple: {
        const arity = headerArity(words[at]!);
        h = mix(mix(h, Marker.tuple), arity);
        for (let i = arity; i >= 1; i--) stack.push(words[at + i]!, TERM);
        break;
      }
      case TermClass.map: {
        let keys: number[];
        let values: number[];
        if (headerTag(words[at]!) === HEADER_MAP_HASH) {
          ({ keys, values } = hashMapEntries(arena, t));
        } else {
          const size = u32[at + 1]!;
          const keysAt = flatMapKeysAt(arena, t);
          keys = [];
          values = [];
          for (let i = 0; i < size; i++) {
            keys.push(words[keysAt + i]!);
            values.push(words[at + FLAT_MAP_VALUES_FIELD + i]!);
          }
        }
        mapFrames.push(h, 0);
        h = SEED;
        stack.push(keys.length, MAP_END);
        for (let i = 0; i < keys.length; i++) stack.push(0, ENTRY_END, values[i]!, TERM, keys[i]!, TERM);
        break;
      }
      case TermClass.bitstring: {
        const location = bitsLocation(arena, t);
        h = mix(mix(h, Marker.bitstring), location.bitSize);
        const u8 = arena.u8;
        if (location.bitOffset === 0 && (location.bitSize & 7) === 0) {
          const end = location.byteIndex + (location.bitSize >>> 3);
          for (let i = location.byteIndex; i < end; i++) h = mix(h, u8[i]!);
        } else {
          const bytes = extractBits(u8, location.byteIndex, location.bitOffset, location.bitSize);
          for (let i = 0; i < bytes.length; i++) h = mix(h, bytes[i]!);
        }
        break;
      }
      case TermClass.pid:
        if ((t & 3) === 3) h = mix(mix(h, Marker.pid), t);
        else {
          h = mix(mix(h, Marker.pid), atomNameHash(store, atomIndex(words[at + EXTERNAL_NODE_FIELD]!)));
          h = mix(mix(mix(h, u32[at + EXTERNAL_CREATION_FIELD]!), u32[at + EXTERNAL_PID_NUMBER_FIELD]!), u32[at + EXTERNAL_PID_SERIAL_FIELD]!);
        }
        break;
      case TermClass.port:
        if ((t & 3) === 3) h = mix(mix(h, Marker.port), t);
        else {
          h = mix(mix(h, Marker.port), atomNameHash(store, atomIndex(words[at + EXTERNAL_NODE_FIELD]!)));
          h = mix(mix(mix(h, u32[at + EXTERNAL_CREATION_FIELD]!), u32[at + EXTERNAL_PORT_ID_LOW_FIELD]!), u32[at + EXTERNAL_PORT_ID_HIGH_FIELD]!);
        }
        break;
      case TermClass.ref: {
        const header = words[at]!;
        h = mix(h, Marker.ref);
        if (headerTag(header) !== HEADER_REF) {
          h = mix(mix(h, atomNameHash(store, atomIndex(words[at + EXTERNAL_NODE_FIELD]!))), u32[at + EXTERNAL_CREATION_FIELD]!);
        }
        const { first, count } = refNumbers(arena, t, header);
        let significant = count;
        while (significant > 1 && u32[first + significant - 1] === 0) significant--; // trailing zeros do not count in equality
        for (let i = 0; i < significant; i++) h = mix(h, u32[first + i]!);
        break;
      }
      case TermClass.fun: {
        h = mix(mix(h, Marker.fun), atomNameHash(store, atomIndex(words[at + FUN_MODULE_FIELD]!)));
        h = mix(mix(h, u32[at + FUN_OLD_INDEX_FIELD]!), u32[at + FUN_OLD_UNIQ_FIELD]!);
        const free = closureFreeCount(arena, t);
        h = mix(h, free);
        for (let i = free - 1; i >= 0; i--) stack.push(words[at + FUN_FREE_FIELD + i]!, TERM);
        break;
      }
      case TermClass.exportFun:
        h = mix(mix(h, Marker.exportFun), atomNameHash(store, atomIndex(words[at + EXPORT_MODULE_FIELD]!)));
        h = mix(mix(h, atomNameHash(store, atomIndex(words[at + EXPORT_FUNCTION_FIELD]!))), smallValue(words[at + EXPORT_ARITY_FIELD]!));
        break;
    }
  }
  return finish(h);
}
