/**
 * Which words of a boxed object are terms the collector must follow, per header tag,
 * after the layouts of `@beamload/terms` (term/*.ts). Raw words (sizes, offsets, hashes,
 * code addresses) must never be followed: a raw number can look like a pointer.
 *
 *   tuple        1..arity           all elements
 *   fun          10..arity          module atom, creator pid, free variables (1..9 raw)
 *   export       1..arity           module, function, arity: immediates
 *   flat map     2..arity           keys tuple, values (1 = size, raw)
 *   hash map     3..arity           children (1 = size or marker, 2 = bitmap: raw)
 *   sub-binary   3..3               the original binary (1, 2: bit size and offset)
 *   everything else: none (numbers, binaries' bytes, refs, external identities)
 */

import {
  FUN_MODULE_FIELD,
  HEADER_EXPORT,
  HEADER_FUN,
  HEADER_MAP_FLAT,
  HEADER_MAP_HASH,
  HEADER_SUB_BINARY,
  HEADER_TUPLE,
  SUB_BINARY_ORIGINAL_FIELD,
} from '@beamload/terms';

/** terms' term/map.ts FLAT_MAP_KEYS_FIELD and term/hash-map.ts HASH_MAP_CHILDREN_FIELD (not exported from the package root). */
const FLAT_MAP_KEYS_FIELD = 2;
const HASH_MAP_CHILDREN_FIELD = 3;

/** First word offset holding a term, for a header tag (0 = the object holds no terms). */
export function firstTermField(tag: number): number {
  switch (tag) {
    case HEADER_TUPLE:
    case HEADER_EXPORT:
      return 1;
    case HEADER_FUN:
      return FUN_MODULE_FIELD;
    case HEADER_MAP_FLAT:
      return FLAT_MAP_KEYS_FIELD;
    case HEADER_MAP_HASH:
      return HASH_MAP_CHILDREN_FIELD;
    case HEADER_SUB_BINARY:
      return SUB_BINARY_ORIGINAL_FIELD;
    default:
      return 0;
  }
}

/** Last word offset holding a term (inclusive), given the object's arity. */
export function lastTermField(tag: number, arity: number): number {
  return tag === HEADER_SUB_BINARY ? SUB_BINARY_ORIGINAL_FIELD : arity;
}
