import { BeamFormatError, EtfTag } from '@beamload/beam-format';
import type { TermStore } from '../term/term-store.js';
import { HeapWriter } from '../heap-writer.js';
import type { AllocKind } from '../arena/alloc-kind.js';
import { measureEtf, type EtfDecodeOptions, type MeasuredEtf } from './etf-measure.js';
import {
  HEADER_FLOAT,
  HEADER_MAP_FLAT,
  HEADER_NEG_BIG,
  HEADER_POS_BIG,
  HEADER_TUPLE,
  MAX_SMALL,
  MIN_SMALL,
  NIL,
  makeAtom,
  makeBoxed,
  makeHeader,
  makeList,
  makeSmall,
  pointerIndex,
  HEADER_HEAP_BINARY,
  WORD_BYTES,
} from '../layout.js';
import { BINARY_SIZE_FIELD, HEAP_BINARY_FIXED_WORDS, HEAP_BINARY_LIMIT, allocateBinary, makeSubBinary, refcBinaryBlock, releaseBinaryBlock } from '../term/binary.js';
import { TermError } from '../term/term-error.js';
import { FLAT_MAP_LIMIT, FLAT_MAP_KEYS_FIELD, FLAT_MAP_SIZE_FIELD } from '../term/map.js';
import { makeHashMapFromLeaves, sortFlatMapInPlace } from '../term/map-builder.js';
import { FUN_FREE_FIELD, makeExportFun, makeClosure } from '../term/fun.js';
import {
  makeExternalPid,
  makeExternalPort,
  makeExternalRef,
  makeLocalPid,
  makeLocalPort,
  makeLocalRef,
} from '../term/pid-port-ref.js';
import { atomName } from './etf-input.js';
import { LOCAL_REF_NUMBERS, isThisNode } from './etf-identity-rules.js';
import { FLOAT_WORDS, makeFloat } from '../term/float.js';

const ROOT_SLOT = -1;

interface DecodeContext {
  store: TermStore;
  body: Uint8Array;
  writer: HeapWriter;
  i32: Int32Array;
  u32: Uint32Array;
  u8: Uint8Array;
  /** Receives the refc data blocks the decode allocates, when the caller asks. */
  binaryBlocks: number[] | undefined;
}

// The helpers below are module functions, not closures, so the decoder's position and
// counters stay in registers. A helper that reads returns its term and leaves the
// position after what it read in `afterRead`; `decodedRoot` receives the root term.
// (Decoding is synchronous and never re-entered, so module state is safe.)
let afterRead = 0;
let decodedRoot = 0;
const decodeSlots: number[] = [];
const decodeFinishes: MapFinish[] = [];

function readU16(body: Uint8Array, at: number): number {
  return (body[at]! << 8) | body[at + 1]!;
}
function readI32(body: Uint8Array, at: number): number {
  return (body[at]! << 24) | (body[at + 1]! << 16) | (body[at + 2]! << 8) | body[at + 3]!;
}
function readU32(body: Uint8Array, at: number): number {
  return readI32(body, at) >>> 0;
}

function put(i32: Int32Array, slot: number, term: number): void {
  if (slot === ROOT_SLOT) decodedRoot = term;
  else i32[slot] = term;
}

function readAtom(context: DecodeContext, p: number): number {
  const body = context.body;
  const tag = body[p]!;
  let length: number;
  if (tag === EtfTag.ATOM_EXT || tag === EtfTag.ATOM_UTF8_EXT) {
    length = (body[p + 1]! << 8) | body[p + 2]!;
    p += 3;
  } else {
    length = body[p + 1]!;
    p += 2;
  }
  const atoms = context.store.atoms;
  const index = tag === EtfTag.ATOM_UTF8_EXT || tag === EtfTag.SMALL_ATOM_UTF8_EXT ? atoms.internUtf8(body, p, p + length) : atoms.internLatin1(body, p, p + length);
  afterRead = p + length;
  return makeAtom(index);
}

function nodeNameAt(context: DecodeContext, p: number): string {
  const body = context.body;
  const tag = body[p]!;
  const long = tag === EtfTag.ATOM_EXT || tag === EtfTag.ATOM_UTF8_EXT;
  const length = long ? (body[p + 1]! << 8) | body[p + 2]! : body[p + 1]!;
  const start = p + (long ? 3 : 2);
  return atomName(body, start, start + length, tag === EtfTag.ATOM_UTF8_EXT || tag === EtfTag.SMALL_ATOM_UTF8_EXT);
}

function readPid(context: DecodeContext, p: number): number {
  const body = context.body;
  const tag = body[p++]!;
  const nodeName = nodeNameAt(context, p);
  const nodeAtom = readAtom(context, p);
  p = afterRead;
  const number = readU32(body, p);
  const serial = readU32(body, p + 4);
  const creation = tag === EtfTag.NEW_PID_EXT ? readU32(body, p + 8) : body[p + 8]!;
  afterRead = p + (tag === EtfTag.NEW_PID_EXT ? 12 : 9);
  // measureEtf refused a pid of this node that does not fit the local form.
  if (isThisNode(context.store, nodeName, creation)) return makeLocalPid(number, serial);
  return makeExternalPid(context.writer, nodeAtom, creation, number, serial);
}

function readSmallInteger(context: DecodeContext, p: number): number {
  if (context.body[p] === EtfTag.SMALL_INTEGER_EXT) {
    afterRead = p + 2;
    return context.body[p + 1]!;
  }
  afterRead = p + 5;
  return readU32(context.body, p + 1);
}

/** An integer from little-endian magnitude bytes [start, end). */
function makeBig(context: DecodeContext, start: number, end: number, negative: boolean): number {
  const body = context.body;
  let top = end;
  while (top > start && body[top - 1] === 0) top--;
  const length = top - start;
  if (length <= 4) {
    let magnitude = 0;
    for (let i = top - 1; i >= start; i--) magnitude = magnitude * 256 + body[i]!;
    if (negative ? -magnitude >= MIN_SMALL : magnitude <= MAX_SMALL) return makeSmall(negative ? -magnitude : magnitude);
  }
  const digits = Math.ceil(length / 4);
  const at = context.writer.alloc(1 + digits);
  context.i32[at] = makeHeader(negative ? HEADER_NEG_BIG : HEADER_POS_BIG, digits);
  for (let d = 0; d < digits; d++) {
    const s = start + 4 * d;
    const b0 = body[s]!;
    const b1 = s + 1 < top ? body[s + 1]! : 0;
    const b2 = s + 2 < top ? body[s + 2]! : 0;
    const b3 = s + 3 < top ? body[s + 3]! : 0;
    context.u32[at + 1 + d] = (b0 | (b1 << 8) | (b2 << 16) | (b3 << 24)) >>> 0;
  }
  return makeBoxed(at);
}

/** A binary of `length` bytes at `start`, or a bitstring of its first `bitLength` bits. */
function makeBits(context: DecodeContext, start: number, length: number, bitLength: number): number {
  const { body, writer } = context;
  let term: number;
  let last: number;
  if (length <= HEAP_BINARY_LIMIT) {
    const dataWords = (length + 3) >>> 2;
    const at = writer.alloc(HEAP_BINARY_FIXED_WORDS + dataWords);
    context.i32[at] = makeHeader(HEADER_HEAP_BINARY, 1 + dataWords);
    context.u32[at + BINARY_SIZE_FIELD] = length;
    // Whole words, a quarter of the stores of a byte loop (bytes in little-endian order,
    // the host's, as the float decoding assumes); the last word's padding bytes are zero.
    const i32 = context.i32;
    const dataAt = at + HEAP_BINARY_FIXED_WORDS;
    const fullWords = length >>> 2;
    for (let w = 0; w < fullWords; w++) {
      const s = start + 4 * w;
      i32[dataAt + w] = body[s]! | (body[s + 1]! << 8) | (body[s + 2]! << 16) | (body[s + 3]! << 24);
    }
    if (fullWords < dataWords) {
      let word = 0;
      for (let i = length - 1; i >= 4 * fullWords; i--) word = (word << 8) | body[start + i]!;
      i32[dataAt + fullWords] = word;
    }
    const dataByte = dataAt * WORD_BYTES;
    const u8 = context.u8;
    term = makeBoxed(at);
    last = dataByte + length - 1;
    if (bitLength !== length * 8) u8[last] = u8[last]! & ((0xff << (8 - (bitLength - (length - 1) * 8))) & 0xff);
  } else {
    // The data block is new arena memory, possibly beyond the views taken at the start.
    const allocated = allocateBinary(writer, length);
    context.binaryBlocks?.push(refcBinaryBlock(context.store.arena, allocated.term));
    const u8 = context.store.arena.u8;
    u8.set(body.subarray(start, start + length), allocated.dataByte);
    term = allocated.term;
    last = allocated.dataByte + length - 1;
    if (bitLength !== length * 8) u8[last] = u8[last]! & ((0xff << (8 - (bitLength - (length - 1) * 8))) & 0xff);
  }
  return bitLength === length * 8 ? term : makeSubBinary(writer, term, 0, bitLength);
}

/** Deferred work for a map whose elements are decoded: sort a flat map, or build a hash map. */
interface MapFinish {
  slot: number;
  map: number; // flat map term, or first leaf cell word index for a hash map
  size: number;
  /** Offset of the MAP_EXT tag, for the error when a key occurs twice. */
  at: number;
}

/**
 * Decodes a term the sizing pass validated (`measureEtf`) into `writer`, bytes straight
 * to words with no JS values in between. The writer must have `measured.heapWords`
 * words left; refc binaries over 64 bytes allocate their data blocks in the arena.
 * Iterative: the slots still to fill are on an explicit stack.
 */
export function decodeMeasuredEtf(store: TermStore, measured: Pick<MeasuredEtf, 'body' | 'bodyStart' | 'bodyBase'>, writer: HeapWriter, binaryBlocks?: number[]): number {
  const body = measured.body;
  const arena = store.arena;
  const i32 = arena.fixedI32;
  const u32 = arena.fixedU32;
  const context: DecodeContext = { store, body, writer, i32, u32, u8: arena.fixedU8, binaryBlocks };
  let p = measured.bodyStart;
  decodedRoot = 0;
  // Reused between calls (decoding is never re-entered): no arrays per literal. A
  // successful decode leaves both empty; one that failed half-way may not.
  const slots = decodeSlots;
  const finishes = decodeFinishes;
  if (slots.length !== 0) slots.length = 0;
  if (finishes.length !== 0) finishes.length = 0;
  slots.push(ROOT_SLOT);

  while (slots.length > 0) {
    const slot = slots.pop()!;
    if (slot < ROOT_SLOT) {
      finishMap(store, writer, finishes[-slot - 2]!, i32, measured.bodyBase);
      continue;
    }
    const tag = body[p]!;
    switch (tag) {
      case EtfTag.SMALL_INTEGER_EXT:
        put(i32, slot, makeSmall(body[p + 1]!));
        p += 2;
        break;
      case EtfTag.INTEGER_EXT: {
        const value = readI32(body, p + 1);
        p += 5;
        if (value <= MAX_SMALL && value >= MIN_SMALL) put(i32, slot, makeSmall(value));
        else {
          const at = writer.alloc(2);
          i32[at] = makeHeader(value < 0 ? HEADER_NEG_BIG : HEADER_POS_BIG, 1);
          u32[at + 1] = Math.abs(value);
          put(i32, slot, makeBoxed(at));
        }
        break;
      }
      case EtfTag.SMALL_BIG_EXT:
      case EtfTag.LARGE_BIG_EXT: {
        const small = tag === EtfTag.SMALL_BIG_EXT;
        const length = small ? body[p + 1]! : readU32(body, p + 1);
        const negative = body[p + (small ? 2 : 5)] !== 0;
        p += small ? 3 : 6;
        put(i32, slot, makeBig(context, p, p + length, negative));
        p += length;
        break;
      }
      case EtfTag.NEW_FLOAT_EXT: {
        // Big-endian IEEE bytes to the two words of a little-endian host double.
        const at = writer.alloc(FLOAT_WORDS);
        i32[at] = makeHeader(HEADER_FLOAT, 2);
        u32[at + 1] = ((body[p + 5]! << 24) | (body[p + 6]! << 16) | (body[p + 7]! << 8) | body[p + 8]!) >>> 0;
        u32[at + 2] = ((body[p + 1]! << 24) | (body[p + 2]! << 16) | (body[p + 3]! << 8) | body[p + 4]!) >>> 0;
        put(i32, slot, makeBoxed(at));
        p += 9;
        break;
      }
      case EtfTag.FLOAT_EXT: {
        const text = atomName(body, p + 1, p + 32, false).replace(/\0+$/, '');
        put(i32, slot, makeFloat(writer, Number(text.trim())));
        p += 32;
        break;
      }
      case EtfTag.ATOM_EXT:
      case EtfTag.ATOM_UTF8_EXT:
      case EtfTag.SMALL_ATOM_EXT:
      case EtfTag.SMALL_ATOM_UTF8_EXT:
        put(i32, slot, readAtom(context, p));
        p = afterRead;
        break;
      case EtfTag.SMALL_TUPLE_EXT:
      case EtfTag.LARGE_TUPLE_EXT: {
        const small = tag === EtfTag.SMALL_TUPLE_EXT;
        const arity = small ? body[p + 1]! : readU32(body, p + 1);
        p += small ? 2 : 5;
        const at = writer.alloc(1 + arity);
        i32[at] = makeHeader(HEADER_TUPLE, arity);
        put(i32, slot, makeBoxed(at));
        for (let i = arity; i >= 1; i--) slots.push(at + i);
        break;
      }
      case EtfTag.NIL_EXT:
        put(i32, slot, NIL);
        p += 1;
        break;
      case EtfTag.STRING_EXT: {
        const length = readU16(body, p + 1);
        p += 3;
        if (length === 0) {
          put(i32, slot, NIL);
          break;
        }
        const at = writer.alloc(2 * length);
        for (let i = 0; i < length; i++) {
          i32[at + 2 * i] = makeSmall(body[p + i]!);
          i32[at + 2 * i + 1] = i + 1 < length ? makeList(at + 2 * i + 2) : NIL;
        }
        put(i32, slot, makeList(at));
        p += length;
        break;
      }
      case EtfTag.LIST_EXT: {
        const length = readU32(body, p + 1);
        p += 5;
        if (length === 0) {
          slots.push(slot); // the tail alone is the term
          break;
        }
        const at = writer.alloc(2 * length);
        for (let i = 0; i + 1 < length; i++) i32[at + 2 * i + 1] = makeList(at + 2 * i + 2);
        put(i32, slot, makeList(at));
        slots.push(at + 2 * length - 1);
        for (let i = length - 1; i >= 0; i--) slots.push(at + 2 * i);
        break;
      }
      case EtfTag.BINARY_EXT: {
        const length = readU32(body, p + 1);
        p += 5;
        put(i32, slot, makeBits(context, p, length, length * 8));
        p += length;
        break;
      }
      case EtfTag.BIT_BINARY_EXT: {
        const length = readU32(body, p + 1);
        const bits = body[p + 5]!;
        p += 6;
        put(i32, slot, makeBits(context, p, length, length === 0 ? 0 : (length - 1) * 8 + bits));
        p += length;
        break;
      }
      case EtfTag.MAP_EXT: {
        const mapAt = p;
        const size = readU32(body, p + 1);
        p += 5;
        const finishIndex = finishes.length;
        if (size <= FLAT_MAP_LIMIT) {
          const at = writer.alloc(3 + size);
          const keysAt = writer.alloc(1 + size);
          i32[keysAt] = makeHeader(HEADER_TUPLE, size);
          i32[at] = makeHeader(HEADER_MAP_FLAT, size + 2);
          u32[at + FLAT_MAP_SIZE_FIELD] = size;
          i32[at + FLAT_MAP_KEYS_FIELD] = makeBoxed(keysAt);
          const map = makeBoxed(at);
          put(i32, slot, map);
          if (size > 1) {
            finishes.push({ slot, map, size, at: mapAt });
            slots.push(-finishIndex - 2);
          }
          for (let i = size - 1; i >= 0; i--) slots.push(at + 3 + i, keysAt + 1 + i);
        } else {
          const cells = writer.alloc(2 * size);
          finishes.push({ slot, map: cells, size, at: mapAt });
          slots.push(-finishIndex - 2);
          for (let i = size - 1; i >= 0; i--) slots.push(cells + 2 * i + 1, cells + 2 * i);
        }
        break;
      }
      case EtfTag.EXPORT_EXT: {
        p += 1;
        const module = readAtom(context, p);
        const fn = readAtom(context, afterRead);
        p = afterRead;
        const arity = body[p + 1]!;
        p += 2;
        put(i32, slot, makeExportFun(writer, module, fn, arity));
        break;
      }
      case EtfTag.NEW_FUN_EXT: {
        const arity = body[p + 5]!;
        const uniq = body.slice(p + 6, p + 22);
        const index = readU32(body, p + 22);
        const numFree = readU32(body, p + 26);
        p += 30;
        const module = readAtom(context, p);
        const oldIndex = readSmallInteger(context, afterRead);
        const oldUniq = readSmallInteger(context, afterRead);
        const creator = readPid(context, afterRead);
        p = afterRead;
        const fun = makeClosure(writer, { funEntry: 0, module, arity, index, oldIndex, oldUniq, uniq, creator, freeVars: new Array<number>(numFree).fill(NIL) });
        put(i32, slot, fun);
        const at = pointerIndex(fun);
        for (let i = numFree - 1; i >= 0; i--) slots.push(at + FUN_FREE_FIELD + i);
        break;
      }
      case EtfTag.NEW_PID_EXT:
      case EtfTag.PID_EXT:
        put(i32, slot, readPid(context, p));
        p = afterRead;
        break;
      case EtfTag.NEW_PORT_EXT:
      case EtfTag.PORT_EXT:
      case EtfTag.V4_PORT_EXT: {
        const nodeName = nodeNameAt(context, p + 1);
        const nodeAtom = readAtom(context, p + 1);
        p = afterRead;
        const idBytes = tag === EtfTag.V4_PORT_EXT ? 8 : 4;
        const idHigh = idBytes === 8 ? readU32(body, p) : 0;
        const idLow = readU32(body, p + idBytes - 4);
        const creation = tag === EtfTag.PORT_EXT ? body[p + idBytes]! : readU32(body, p + idBytes);
        p += idBytes + (tag === EtfTag.PORT_EXT ? 1 : 4);
        if (isThisNode(store, nodeName, creation)) put(i32, slot, makeLocalPort(idLow));
        else put(i32, slot, makeExternalPort(writer, nodeAtom, creation, (BigInt(idHigh) << 32n) | BigInt(idLow)));
        break;
      }
      case EtfTag.NEWER_REFERENCE_EXT:
      case EtfTag.NEW_REFERENCE_EXT:
      case EtfTag.REFERENCE_EXT: {
        const old = tag === EtfTag.REFERENCE_EXT;
        const count = old ? 1 : readU16(body, p + 1);
        const atomAt = old ? p + 1 : p + 3;
        const nodeName = nodeNameAt(context, atomAt);
        const nodeAtom = readAtom(context, atomAt);
        p = afterRead;
        let creation: number;
        if (old) creation = body[p + 4]!;
        else {
          creation = tag === EtfTag.NEWER_REFERENCE_EXT ? readU32(body, p) : body[p]!;
          p += tag === EtfTag.NEWER_REFERENCE_EXT ? 4 : 1;
        }
        const numbers: number[] = [];
        for (let i = 0; i < count; i++) numbers.push(readU32(body, p + 4 * i));
        p += 4 * count + (old ? 1 : 0);
        if (isThisNode(store, nodeName, creation)) {
          // As erl: this node's references always have 3 numbers, so [N] and [N, 0, 0] are one ref.
          while (numbers.length < LOCAL_REF_NUMBERS) numbers.push(0);
          put(i32, slot, makeLocalRef(writer, numbers));
        } else put(i32, slot, makeExternalRef(writer, nodeAtom, creation, numbers));
        break;
      }
    }
  }
  return decodedRoot;
}

function finishMap(store: TermStore, writer: HeapWriter, finish: MapFinish, i32: Int32Array, base: number): void {
  try {
    if (finish.size <= FLAT_MAP_LIMIT) {
      sortFlatMapInPlace(store, finish.map);
      return;
    }
    const leaves: number[] = new Array(finish.size);
    for (let i = 0; i < finish.size; i++) leaves[i] = makeList(finish.map + 2 * i);
    put(i32, finish.slot, makeHashMapFromLeaves(store, writer, leaves));
  } catch (error) {
    if (error instanceof TermError && error.code === 'duplicate_key') {
      // As erl's binary_to_term (badarg): a map may not hold a key twice.
      throw new BeamFormatError('bad_etf', 'a map key occurs twice', (base < 0 ? 0 : base) + finish.at);
    }
    throw error;
  }
}

/**
 * binary_to_term into a fresh arena block of exactly the measured size: sizing pass,
 * one allocation, decode. Returns the term, the block (free it when the term dies) and
 * the refc binary data blocks the term references (release each with
 * releaseBinaryBlock when the term dies, unless copies were made meanwhile, which hold
 * their own references).
 */
export function binaryToTerm(
  store: TermStore,
  bytes: Uint8Array,
  options: EtfDecodeOptions & { kind?: AllocKind } = {},
): { term: number; block: number; words: number; end: number; binaryBlocks: number[] } {
  const measured = measureEtf(store, bytes, options);
  const words = measured.heapWords;
  const block = store.arena.alloc(Math.max(words, 1), options.kind ?? 'heap');
  const writer = new HeapWriter(store.arena, block, block + words);
  const binaryBlocks: number[] = [];
  try {
    const term = decodeMeasuredEtf(store, measured, writer, binaryBlocks);
    return { term, block, words: writer.used, end: measured.end, binaryBlocks };
  } catch (error) {
    // A map with a key twice is only found while decoding: give back everything taken.
    for (const binaryBlock of binaryBlocks) releaseBinaryBlock(store.arena, binaryBlock);
    store.arena.free(block);
    throw error;
  }
}

/** Measures then decodes into an existing writer (a literal area holding many terms). */
export function decodeEtfInto(store: TermStore, bytes: Uint8Array, writer: HeapWriter, options: EtfDecodeOptions = {}): { term: number; end: number } {
  const measured = measureEtf(store, bytes, options);
  return { term: decodeMeasuredEtf(store, measured, writer), end: measured.end };
}
