export * from './layout.js';

// Arena, allocator and shared lock.
export { Arena, ARENA_MAX_BYTES_LIMIT, DEFAULT_INITIAL_BYTES, DEFAULT_MAX_BYTES, type ArenaOptions } from './arena/arena.js';
export { ArenaError, type ArenaErrorCode } from './arena/arena-error.js';
export { ALLOC_KINDS, type AllocKind } from './arena/alloc-kind.js';
export type { ArenaStats } from './arena/arena-stats.js';
export { ROOT_COUNT as ARENA_ROOT_COUNT } from './arena/arena-layout.js';
export { SharedLock, acquireLock, releaseLock, tryAcquireLock } from './shared-lock.js';

// Atom table.
export { AtomTable, ARENA_ROOT_ATOM_TABLE, type AtomTableOptions } from './atoms/atom-table.js';
export { AtomError, type AtomErrorCode } from './atoms/atom-error.js';
export { MAX_ATOM_CHARACTERS } from './atoms/atom-name.js';
export { DEFAULT_MAX_ATOMS } from './atoms/atom-table-layout.js';
export * from './atoms/predefined-atoms.js';

// Term layouts and operations (see README "Term layout and operations").
export { type TermStore, createTermStore, DEFAULT_NODE_NAME } from './term/term-store.js';
export { TermError, type TermErrorCode } from './term/term-error.js';
export { HeapWriter } from './heap-writer.js';
export { makeTuple, isTuple, tupleArity, tupleElement } from './term/tuple.js';
export { makeCons, makeListOf, listHead, listTail, listElements } from './term/list.js';
export { makeInteger, readInteger, integerWords, isInteger, isBignum, bignumValue } from './term/bignum.js';
export { makeFloat, readFloat, isFloat, FLOAT_WORDS } from './term/float.js';
export * from './term/binary.js';
export {
  FLAT_MAP_LIMIT,
  FLAT_MAP_SIZE_FIELD,
  FLAT_MAP_KEYS_FIELD,
  FLAT_MAP_VALUES_FIELD,
  isMap,
  isFlatMap,
  mapSize,
  mapEntries,
  flatMapWords,
} from './term/map.js';
export { makeMap, mapWords, mapGet } from './term/map-builder.js';
export {
  hashMapNodeWordsBound,
  hashMapLeaves,
  hashChunk,
  NODE_MARKER,
  COLLISION_MARKER,
  HASH_MAP_SIZE_FIELD,
  HASH_MAP_BITMAP_FIELD,
  HASH_MAP_CHILDREN_FIELD,
  HASH_BITS_PER_LEVEL,
  HASH_LEVELS,
} from './term/hash-map.js';
export { sortFlatMapInPlace, makeHashMapFromLeaves } from './term/map-builder.js';
export { mapPut, mapPutWords, mapRemove, mapRemoveWords } from './term/map-update.js';
export * from './term/fun.js';
export * from './term/pid-port-ref.js';
export { compareTerms, exactEquals, arithmeticEquals, sortedEntries } from './ops/compare.js';
export { hashTerm } from './ops/hash.js';
export { phash2, makeHash2 } from './ops/phash2.js';
export { phash, makeHash } from './ops/make-hash.js';
export { otpInternalHash, otpMapOrder } from './ops/otp-map-order.js';
export { flatSize, copyTerm, type CopyOptions } from './ops/copy-term.js';
export { TermClass, termClass } from './ops/term-class.js';
export { measureEtf, type MeasuredEtf, type EtfDecodeOptions } from './etf/etf-measure.js';
export { decodeMeasuredEtf, decodeEtfInto, binaryToTerm } from './etf/etf-decode.js';
export { termToBinary, type TermToBinaryOptions } from './etf/etf-encode.js';
export { termToValue } from './convert/to-js.js';
export { valueToTerm, valueWords } from './convert/from-js.js';
export { writeTerm } from './print/write-term.js';
export { formatFloat } from './print/format-float.js';
export { formatAtom } from './print/format-atom.js';
