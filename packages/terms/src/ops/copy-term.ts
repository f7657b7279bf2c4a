import type { TermStore } from '../term/term-store.js';
import { termViews } from '../term/term-views.js';
import type { HeapWriter } from '../heap-writer.js';
import {
  HEADER_EXPORT,
  HEADER_EXTERNAL_PID,
  HEADER_EXTERNAL_PORT,
  HEADER_EXTERNAL_REF,
  HEADER_FLOAT,
  HEADER_FUN,
  HEADER_HEAP_BINARY,
  HEADER_MAP_FLAT,
  HEADER_MAP_HASH,
  HEADER_NEG_BIG,
  HEADER_POS_BIG,
  HEADER_REF,
  HEADER_REFC_BINARY,
  HEADER_SUB_BINARY,
  HEADER_TUPLE,
  PRIMARY_BOXED,
  PRIMARY_LIST,
  PRIMARY_MASK,
  headerArity,
  headerTag,
  makeBoxed,
  makeList,
  pointerIndex,
} from '../layout.js';
import {
  REFC_BINARY_BLOCK_FIELD,
  REFC_BINARY_WORDS,
  SUB_BINARY_BIT_OFFSET_FIELD,
  SUB_BINARY_BIT_SIZE_FIELD,
  SUB_BINARY_ORIGINAL_FIELD,
  SUB_BINARY_WORDS,
  allocateBinary,
  binaryDataByte,
  binaryHeapWords,
  extractBits,
  makeSubBinary,
  retainBinaryBlock,
} from '../term/binary.js';
import { FUN_MODULE_FIELD, FUN_RAW_FIRST, FUN_RAW_LAST } from '../term/fun.js';
import { FLAT_MAP_KEYS_FIELD, FLAT_MAP_VALUES_FIELD } from '../term/map.js';
import { HASH_MAP_CHILDREN_FIELD } from '../term/hash-map.js';
import { TermError } from '../term/term-error.js';

export interface CopyOptions {
  /**
   * Boxed/list words for which this returns true are not copied: the copy points at the
   * same object (e.g. terms in a literal area that outlives the destination). Default:
   * copy everything, as OTP's send does.
   */
  isShared?: (term: number) => boolean;
}

const ROOT_SLOT = -1;

/**
 * Words a copy of `term` takes (erts_debug:flat_size semantics: no sharing is preserved,
 * so a subterm reachable twice counts twice), in this layout's 32-bit words. Refc binary
 * data blocks are shared, not counted. Iterative.
 */
export function flatSize(store: TermStore, term: number, options: CopyOptions = {}): number {
  const { i32: words, u32 } = termViews(store.arena);
  const isShared = options.isShared;
  const stack: number[] = [term];
  let total = 0;
  while (stack.length > 0) {
    let t = stack.pop()!;
    while ((t & PRIMARY_MASK) === PRIMARY_LIST) {
      if (isShared !== undefined && isShared(t)) break;
      const cell = pointerIndex(t);
      total += 2;
      stack.push(words[cell]!);
      t = words[cell + 1]!;
    }
    if ((t & PRIMARY_MASK) !== PRIMARY_BOXED) continue;
    if (isShared !== undefined && isShared(t)) continue;
    const at = pointerIndex(t);
    const header = words[at]!;
    const arity = headerArity(header);
    switch (headerTag(header)) {
      case HEADER_TUPLE:
        total += 1 + arity;
        for (let i = 1; i <= arity; i++) stack.push(words[at + i]!);
        break;
      case HEADER_MAP_FLAT:
        total += 1 + arity;
        stack.push(words[at + FLAT_MAP_KEYS_FIELD]!);
        for (let i = FLAT_MAP_VALUES_FIELD; i <= arity; i++) stack.push(words[at + i]!);
        break;
      case HEADER_MAP_HASH:
        total += 1 + arity;
        for (let i = HASH_MAP_CHILDREN_FIELD; i <= arity; i++) stack.push(words[at + i]!);
        break;
      case HEADER_FUN:
        total += 1 + arity;
        for (let i = FUN_MODULE_FIELD; i <= arity; i++) stack.push(words[at + i]!);
        break;
      case HEADER_SUB_BINARY: {
        const original = words[at + SUB_BINARY_ORIGINAL_FIELD]!;
        if (headerTag(words[pointerIndex(original)]!) === HEADER_REFC_BINARY) {
          total += SUB_BINARY_WORDS + REFC_BINARY_WORDS;
        } else {
          const bitSize = u32[at + SUB_BINARY_BIT_SIZE_FIELD]!;
          total += binaryHeapWords(Math.ceil(bitSize / 8)) + (bitSize % 8 === 0 ? 0 : SUB_BINARY_WORDS);
        }
        break;
      }
      default:
        total += 1 + arity;
    }
  }
  return total;
}

/**
 * Copies `term` onto `writer` (what sending a message does) and returns the copy. The
 * writer needs flatSize(term) words. Refc binaries are shared: the copy takes a
 * reference to the data block. Iterative: slots still to fill are on an explicit stack.
 */
export function copyTerm(store: TermStore, term: number, writer: HeapWriter, options: CopyOptions = {}): number {
  const arena = store.arena;
  const { i32: words, u32 } = termViews(arena);
  const isShared = options.isShared;
  const stack: number[] = [ROOT_SLOT, term];
  let root = 0;
  const put = (slot: number, value: number): void => {
    if (slot === ROOT_SLOT) root = value;
    else words[slot] = value;
  };
  while (stack.length > 0) {
    const source = stack.pop()!;
    let slot = stack.pop()!;
    let t = source;
    while ((t & PRIMARY_MASK) === PRIMARY_LIST && !(isShared !== undefined && isShared(t))) {
      const cell = pointerIndex(t);
      const copy = writer.alloc(2);
      put(slot, makeList(copy));
      stack.push(copy, words[cell]!);
      slot = copy + 1;
      t = words[cell + 1]!;
    }
    if ((t & PRIMARY_MASK) !== PRIMARY_BOXED || (isShared !== undefined && isShared(t))) {
      put(slot, t);
      continue;
    }
    const at = pointerIndex(t);
    const header = words[at]!;
    const arity = headerArity(header);
    switch (headerTag(header)) {
      case HEADER_TUPLE:
      case HEADER_MAP_FLAT:
      case HEADER_MAP_HASH:
      case HEADER_FUN: {
        const copy = writer.alloc(1 + arity);
        words[copy] = header;
        const tag = headerTag(header);
        let firstTerm = 1;
        if (tag === HEADER_MAP_FLAT) {
          words[copy + 1] = words[at + 1]!; // size
          firstTerm = FLAT_MAP_KEYS_FIELD;
        } else if (tag === HEADER_MAP_HASH) {
          words[copy + 1] = words[at + 1]!; // size or marker
          words[copy + 2] = words[at + 2]!; // bitmap
          firstTerm = HASH_MAP_CHILDREN_FIELD;
        } else if (tag === HEADER_FUN) {
          for (let i = FUN_RAW_FIRST; i <= FUN_RAW_LAST; i++) words[copy + i] = words[at + i]!;
          firstTerm = FUN_MODULE_FIELD;
        }
        put(slot, makeBoxed(copy));
        for (let i = arity; i >= firstTerm; i--) stack.push(copy + i, words[at + i]!);
        break;
      }
      case HEADER_POS_BIG:
      case HEADER_NEG_BIG:
      case HEADER_FLOAT:
      case HEADER_HEAP_BINARY:
      case HEADER_REF:
      case HEADER_EXPORT:
      case HEADER_EXTERNAL_PID:
      case HEADER_EXTERNAL_PORT:
      case HEADER_EXTERNAL_REF: {
        // No pointers inside (atoms and smalls are immediates): a word-for-word copy.
        const copy = writer.alloc(1 + arity);
        words.copyWithin(copy, at, at + 1 + arity);
        put(slot, makeBoxed(copy));
        break;
      }
      case HEADER_REFC_BINARY: {
        const copy = writer.alloc(REFC_BINARY_WORDS);
        writer.refcBinaries++;
        words.copyWithin(copy, at, at + REFC_BINARY_WORDS);
        retainBinaryBlock(arena, u32[at + REFC_BINARY_BLOCK_FIELD]!);
        put(slot, makeBoxed(copy));
        break;
      }
      case HEADER_SUB_BINARY: {
        const original = words[at + SUB_BINARY_ORIGINAL_FIELD]!;
        const bitSize = u32[at + SUB_BINARY_BIT_SIZE_FIELD]!;
        const bitOffset = u32[at + SUB_BINARY_BIT_OFFSET_FIELD]!;
        const originalAt = pointerIndex(original);
        if (headerTag(words[originalAt]!) === HEADER_REFC_BINARY) {
          const refc = writer.alloc(REFC_BINARY_WORDS);
          writer.refcBinaries++;
          words.copyWithin(refc, originalAt, originalAt + REFC_BINARY_WORDS);
          retainBinaryBlock(arena, u32[originalAt + REFC_BINARY_BLOCK_FIELD]!);
          put(slot, makeSubBinary(writer, makeBoxed(refc), bitOffset, bitSize));
        } else {
          // A window on a heap binary becomes a heap binary of just its bytes.
          const base = binaryDataByte(arena, original);
          const bytes = extractBits(arena.u8, base + (bitOffset >>> 3), bitOffset & 7, bitSize);
          const { term: binary, dataByte } = allocateBinary(writer, bytes.length);
          arena.u8.set(bytes, dataByte);
          put(slot, bitSize % 8 === 0 ? binary : makeSubBinary(writer, binary, 0, bitSize));
        }
        break;
      }
      default:
        throw new TermError('not_a_term', `boxed object with header ${header}`, at);
    }
  }
  return root;
}
