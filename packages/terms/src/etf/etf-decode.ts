import { EtfTag } from '@beamload/beam-format';
import type { TermStore } from '../term/term-store.js';
import { HeapWriter } from '../heap-writer.js';
import type { AllocKind } from '../arena/alloc-kind.js';
import { EtfInput } from './etf-input.js';
import { measureEtf, type EtfDecodeOptions, type MeasuredEtf } from './etf-measure.js';
import {
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
} from '../layout.js';
import { allocateBinary, makeSubBinary } from '../term/binary.js';
import { FLAT_MAP_LIMIT, FLAT_MAP_KEYS_FIELD, FLAT_MAP_SIZE_FIELD } from '../term/map.js';
import { makeHashMapFromLeaves, sortFlatMapInPlace } from '../term/map-builder.js';
import { FUN_FREE_FIELD, makeExportFun, makeClosure } from '../term/fun.js';
import {
  MAX_LOCAL_PORT,
  fitsLocalPid,
  makeExternalPid,
  makeExternalPort,
  makeExternalRef,
  makeLocalPid,
  makeLocalPort,
  makeLocalRef,
} from '../term/pid-port-ref.js';
import { atomName } from './etf-input.js';
import { makeFloat } from '../term/float.js';

const ROOT_SLOT = -1;

/** Deferred work for a map whose elements are decoded: sort a flat map, or build a hash map. */
interface MapFinish {
  slot: number;
  map: number; // flat map term, or first leaf cell word index for a hash map
  size: number;
}

/**
 * Decodes a term the sizing pass validated (`measureEtf`) into `writer`, bytes straight
 * to words with no JS values in between. The writer must have `measured.heapWords`
 * words left; refc binaries over 64 bytes allocate their data blocks in the arena.
 * Iterative: the slots still to fill are on an explicit stack.
 */
export function decodeMeasuredEtf(store: TermStore, measured: MeasuredEtf, writer: HeapWriter): number {
  const arena = store.arena;
  const atoms = store.atoms;
  const body = measured.body;
  const input = new EtfInput(body, 0);
  const i32 = arena.i32;
  const u32 = arena.u32;
  let p = measured.bodyStart;
  let root = 0;
  const slots: number[] = [ROOT_SLOT];
  const finishes: MapFinish[] = [];

  const put = (slot: number, term: number): void => {
    if (slot === ROOT_SLOT) root = term;
    else i32[slot] = term;
  };
  const readAtom = (): number => {
    const tag = body[p]!;
    let length: number;
    let index: number;
    if (tag === EtfTag.ATOM_EXT || tag === EtfTag.ATOM_UTF8_EXT) {
      length = input.u16(p + 1);
      p += 3;
    } else {
      length = body[p + 1]!;
      p += 2;
    }
    if (tag === EtfTag.ATOM_UTF8_EXT || tag === EtfTag.SMALL_ATOM_UTF8_EXT) index = atoms.internUtf8(body, p, p + length);
    else index = atoms.internLatin1(body, p, p + length);
    p += length;
    return makeAtom(index);
  };
  const readNodeName = (): { atom: number; name: string } => {
    const tag = body[p]!;
    const long = tag === EtfTag.ATOM_EXT || tag === EtfTag.ATOM_UTF8_EXT;
    const length = long ? input.u16(p + 1) : body[p + 1]!;
    const start = p + (long ? 3 : 2);
    const name = atomName(body, start, start + length, tag === EtfTag.ATOM_UTF8_EXT || tag === EtfTag.SMALL_ATOM_UTF8_EXT);
    return { atom: readAtom(), name };
  };
  const isLocalNode = (name: string, creation: number): boolean => name === store.nodeName && creation === store.creation;
  const readPid = (): number => {
    const tag = body[p++]!;
    const node = readNodeName();
    const number = input.u32(p);
    const serial = input.u32(p + 4);
    const creation = tag === EtfTag.NEW_PID_EXT ? input.u32(p + 8) : body[p + 8]!;
    p += tag === EtfTag.NEW_PID_EXT ? 12 : 9;
    if (isLocalNode(node.name, creation) && fitsLocalPid(number, serial)) return makeLocalPid(number, serial);
    return makeExternalPid(writer, node.atom, creation, number, serial);
  };
  const readSmallInteger = (): number => {
    if (body[p] === EtfTag.SMALL_INTEGER_EXT) {
      p += 2;
      return body[p - 1]!;
    }
    p += 5;
    return input.u32(p - 4);
  };
  /** An integer from little-endian magnitude bytes. */
  const makeBig = (start: number, end: number, negative: boolean): number => {
    let top = end;
    while (top > start && body[top - 1] === 0) top--;
    const length = top - start;
    if (length <= 4) {
      let magnitude = 0;
      for (let i = top - 1; i >= start; i--) magnitude = magnitude * 256 + body[i]!;
      if (negative ? -magnitude >= MIN_SMALL : magnitude <= MAX_SMALL) return makeSmall(negative ? -magnitude : magnitude);
    }
    const digits = Math.ceil(length / 4);
    const at = writer.alloc(1 + digits);
    i32[at] = makeHeader(negative ? HEADER_NEG_BIG : HEADER_POS_BIG, digits);
    for (let d = 0; d < digits; d++) {
      const s = start + 4 * d;
      const b0 = body[s]!;
      const b1 = s + 1 < top ? body[s + 1]! : 0;
      const b2 = s + 2 < top ? body[s + 2]! : 0;
      const b3 = s + 3 < top ? body[s + 3]! : 0;
      u32[at + 1 + d] = (b0 | (b1 << 8) | (b2 << 16) | (b3 << 24)) >>> 0;
    }
    return makeBoxed(at);
  };
  const makeBits = (start: number, length: number, bitLength: number): number => {
    const { term, dataByte } = allocateBinary(writer, length);
    arena.u8.set(body.subarray(start, start + length), dataByte);
    if (bitLength === length * 8) return term;
    const usedBits = bitLength - (length - 1) * 8;
    arena.u8[dataByte + length - 1] = arena.u8[dataByte + length - 1]! & ((0xff << (8 - usedBits)) & 0xff);
    return makeSubBinary(writer, term, 0, bitLength);
  };

  while (slots.length > 0) {
    const slot = slots.pop()!;
    if (slot < ROOT_SLOT) {
      finishMap(store, writer, finishes[-slot - 2]!, put);
      continue;
    }
    const tag = body[p]!;
    switch (tag) {
      case EtfTag.SMALL_INTEGER_EXT:
        put(slot, makeSmall(body[p + 1]!));
        p += 2;
        break;
      case EtfTag.INTEGER_EXT: {
        const value = input.i32(p + 1);
        p += 5;
        if (value <= MAX_SMALL && value >= MIN_SMALL) put(slot, makeSmall(value));
        else {
          const at = writer.alloc(2);
          i32[at] = makeHeader(value < 0 ? HEADER_NEG_BIG : HEADER_POS_BIG, 1);
          u32[at + 1] = Math.abs(value);
          put(slot, makeBoxed(at));
        }
        break;
      }
      case EtfTag.SMALL_BIG_EXT:
      case EtfTag.LARGE_BIG_EXT: {
        const small = tag === EtfTag.SMALL_BIG_EXT;
        const length = small ? body[p + 1]! : input.u32(p + 1);
        const negative = body[p + (small ? 2 : 5)] === 1;
        p += small ? 3 : 6;
        put(slot, makeBig(p, p + length, negative));
        p += length;
        break;
      }
      case EtfTag.NEW_FLOAT_EXT: {
        const view = new DataView(body.buffer, body.byteOffset + p + 1, 8);
        put(slot, makeFloat(writer, view.getFloat64(0)));
        p += 9;
        break;
      }
      case EtfTag.FLOAT_EXT: {
        const text = atomName(body, p + 1, p + 32, false).replace(/\0+$/, '');
        put(slot, makeFloat(writer, Number(text.trim())));
        p += 32;
        break;
      }
      case EtfTag.ATOM_EXT:
      case EtfTag.ATOM_UTF8_EXT:
      case EtfTag.SMALL_ATOM_EXT:
      case EtfTag.SMALL_ATOM_UTF8_EXT:
        put(slot, readAtom());
        break;
      case EtfTag.SMALL_TUPLE_EXT:
      case EtfTag.LARGE_TUPLE_EXT: {
        const small = tag === EtfTag.SMALL_TUPLE_EXT;
        const arity = small ? body[p + 1]! : input.u32(p + 1);
        p += small ? 2 : 5;
        const at = writer.alloc(1 + arity);
        i32[at] = makeHeader(HEADER_TUPLE, arity);
        put(slot, makeBoxed(at));
        for (let i = arity; i >= 1; i--) slots.push(at + i);
        break;
      }
      case EtfTag.NIL_EXT:
        put(slot, NIL);
        p += 1;
        break;
      case EtfTag.STRING_EXT: {
        const length = input.u16(p + 1);
        p += 3;
        if (length === 0) {
          put(slot, NIL);
          break;
        }
        const at = writer.alloc(2 * length);
        for (let i = 0; i < length; i++) {
          i32[at + 2 * i] = makeSmall(body[p + i]!);
          i32[at + 2 * i + 1] = i + 1 < length ? makeList(at + 2 * i + 2) : NIL;
        }
        put(slot, makeList(at));
        p += length;
        break;
      }
      case EtfTag.LIST_EXT: {
        const length = input.u32(p + 1);
        p += 5;
        if (length === 0) {
          slots.push(slot); // the tail alone is the term
          break;
        }
        const at = writer.alloc(2 * length);
        for (let i = 0; i + 1 < length; i++) i32[at + 2 * i + 1] = makeList(at + 2 * i + 2);
        put(slot, makeList(at));
        slots.push(at + 2 * length - 1);
        for (let i = length - 1; i >= 0; i--) slots.push(at + 2 * i);
        break;
      }
      case EtfTag.BINARY_EXT: {
        const length = input.u32(p + 1);
        p += 5;
        put(slot, makeBits(p, length, length * 8));
        p += length;
        break;
      }
      case EtfTag.BIT_BINARY_EXT: {
        const length = input.u32(p + 1);
        const bits = body[p + 5]!;
        p += 6;
        put(slot, makeBits(p, length, length === 0 ? 0 : (length - 1) * 8 + bits));
        p += length;
        break;
      }
      case EtfTag.MAP_EXT: {
        const size = input.u32(p + 1);
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
          put(slot, map);
          if (size > 1) {
            finishes.push({ slot, map, size });
            slots.push(-finishIndex - 2);
          }
          for (let i = size - 1; i >= 0; i--) slots.push(at + 3 + i, keysAt + 1 + i);
        } else {
          const cells = writer.alloc(2 * size);
          finishes.push({ slot, map: cells, size });
          slots.push(-finishIndex - 2);
          for (let i = size - 1; i >= 0; i--) slots.push(cells + 2 * i + 1, cells + 2 * i);
        }
        break;
      }
      case EtfTag.EXPORT_EXT: {
        p += 1;
        const module = readAtom();
        const fn = readAtom();
        const arity = body[p + 1]!;
        p += 2;
        put(slot, makeExportFun(writer, module, fn, arity));
        break;
      }
      case EtfTag.NEW_FUN_EXT: {
        const arity = body[p + 5]!;
        const uniq = body.slice(p + 6, p + 22);
        const index = input.u32(p + 22);
        const numFree = input.u32(p + 26);
        p += 30;
        const module = readAtom();
        const oldIndex = readSmallInteger();
        const oldUniq = readSmallInteger();
        const creator = readPid();
        const fun = makeClosure(writer, { funEntry: 0, module, arity, index, oldIndex, oldUniq, uniq, creator, freeVars: new Array<number>(numFree).fill(NIL) });
        put(slot, fun);
        const at = pointerIndex(fun);
        for (let i = numFree - 1; i >= 0; i--) slots.push(at + FUN_FREE_FIELD + i);
        break;
      }
      case EtfTag.NEW_PID_EXT:
      case EtfTag.PID_EXT:
        put(slot, readPid());
        break;
      case EtfTag.NEW_PORT_EXT:
      case EtfTag.PORT_EXT:
      case EtfTag.V4_PORT_EXT: {
        p += 1;
        const node = readNodeName();
        const idBytes = tag === EtfTag.V4_PORT_EXT ? 8 : 4;
        const idHigh = idBytes === 8 ? input.u32(p) : 0;
        const idLow = input.u32(p + idBytes - 4);
        const creation = tag === EtfTag.PORT_EXT ? body[p + idBytes]! : input.u32(p + idBytes);
        p += idBytes + (tag === EtfTag.PORT_EXT ? 1 : 4);
        if (isLocalNode(node.name, creation) && idHigh === 0 && idLow <= MAX_LOCAL_PORT) put(slot, makeLocalPort(idLow));
        else put(slot, makeExternalPort(writer, node.atom, creation, (BigInt(idHigh) << 32n) | BigInt(idLow)));
        break;
      }
      case EtfTag.NEWER_REFERENCE_EXT:
      case EtfTag.NEW_REFERENCE_EXT: {
        const count = input.u16(p + 1);
        p += 3;
        const node = readNodeName();
        const creation = tag === EtfTag.NEWER_REFERENCE_EXT ? input.u32(p) : body[p]!;
        p += tag === EtfTag.NEWER_REFERENCE_EXT ? 4 : 1;
        const numbers: number[] = [];
        for (let i = 0; i < count; i++) numbers.push(input.u32(p + 4 * i));
        p += 4 * count;
        put(slot, isLocalNode(node.name, creation) ? makeLocalRef(writer, numbers) : makeExternalRef(writer, node.atom, creation, numbers));
        break;
      }
      case EtfTag.REFERENCE_EXT: {
        p += 1;
        const node = readNodeName();
        const number = input.u32(p);
        const creation = body[p + 4]!;
        p += 5;
        put(slot, isLocalNode(node.name, creation) ? makeLocalRef(writer, [number]) : makeExternalRef(writer, node.atom, creation, [number]));
        break;
      }
    }
  }
  return root;
}

function finishMap(store: TermStore, writer: HeapWriter, finish: MapFinish, put: (slot: number, term: number) => void): void {
  if (finish.size <= FLAT_MAP_LIMIT) {
    sortFlatMapInPlace(store, finish.map);
    return;
  }
  const leaves: number[] = new Array(finish.size);
  for (let i = 0; i < finish.size; i++) leaves[i] = makeList(finish.map + 2 * i);
  put(finish.slot, makeHashMapFromLeaves(store, writer, leaves));
}

/**
 * binary_to_term into a fresh arena block of exactly the measured size: sizing pass,
 * one allocation, decode. Returns the term and the block (free it when the term dies;
 * refc binary data blocks are counted separately, see README).
 */
export function binaryToTerm(
  store: TermStore,
  bytes: Uint8Array,
  options: EtfDecodeOptions & { kind?: AllocKind } = {},
): { term: number; block: number; words: number; end: number } {
  const measured = measureEtf(store, bytes, options);
  const words = measured.heapWords;
  const block = store.arena.alloc(Math.max(words, 1), options.kind ?? 'heap');
  const writer = new HeapWriter(store.arena, block, block + words);
  try {
    const term = decodeMeasuredEtf(store, measured, writer);
    return { term, block, words: writer.used, end: measured.end };
  } catch (error) {
    store.arena.free(block);
    throw error;
  }
}

/** Measures then decodes into an existing writer (a literal area holding many terms). */
export function decodeEtfInto(store: TermStore, bytes: Uint8Array, writer: HeapWriter, options: EtfDecodeOptions = {}): { term: number; end: number } {
  const measured = measureEtf(store, bytes, options);
  return { term: decodeMeasuredEtf(store, measured, writer), end: measured.end };
}
