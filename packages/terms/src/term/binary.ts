import type { Arena } from '../arena/arena.js';
import type { HeapWriter } from '../heap-writer.js';
import {
  HEADER_HEAP_BINARY,
  HEADER_REFC_BINARY,
  HEADER_SUB_BINARY,
  WORD_BYTES,
  headerArity,
  headerTag,
  isBoxed,
  makeBoxed,
  makeHeader,
  pointerIndex,
} from '../layout.js';
import { TermError } from './term-error.js';

/**
 * Binaries and bitstrings, as the BEAM keeps them:
 *
 *   heap binary   [header(HEAP_BINARY, 1 + ceil(n/4)), n, n bytes padded to a word]
 *                 for n <= HEAP_BINARY_LIMIT bytes; copied with the term.
 *   refc binary   [header(REFC_BINARY, 2), n, data block word index]
 *                 the bytes live in an arena block of kind 'other' shared by every heap
 *                 that refers to it:
 *                   data block [reference count, n, n bytes]
 *                 each refc binary object holds one reference (Atomics on the count);
 *                 the last release frees the block.
 *   sub-binary    [header(SUB_BINARY, 3), bit size, bit offset, original]
 *                 a window of `bit size` bits starting `bit offset` bits into a heap or
 *                 refc binary (original is a boxed pointer to it, never to another
 *                 sub-binary). A bitstring whose length is not a whole number of bytes is
 *                 a sub-binary.
 */
export const HEAP_BINARY_LIMIT = 64;
export const HEAP_BINARY_FIXED_WORDS = 2;
export const REFC_BINARY_WORDS = 3;
export const SUB_BINARY_WORDS = 4;

// Fields, as word offsets from the header / from the data block start.
export const BINARY_SIZE_FIELD = 1;
export const REFC_BINARY_BLOCK_FIELD = 2;
export const SUB_BINARY_BIT_SIZE_FIELD = 1;
export const SUB_BINARY_BIT_OFFSET_FIELD = 2;
export const SUB_BINARY_ORIGINAL_FIELD = 3;
export const BINARY_BLOCK_REFCOUNT = 0;
export const BINARY_BLOCK_SIZE = 1;
export const BINARY_BLOCK_DATA = 2;

/** Largest bit size a sub-binary field holds. */
export const MAX_BIT_SIZE = 2 ** 32 - 1;

/** Words on the heap for a binary of `byteLength` bytes (the refc data block not counted). */
export function binaryHeapWords(byteLength: number): number {
  // Integer rounding (byteLength is at most HEAP_BINARY_LIMIT there): `| 0` lets V8 divide
  // as integers; Math.ceil of a float division showed in the literal table's sizing.
  return byteLength <= HEAP_BINARY_LIMIT ? HEAP_BINARY_FIXED_WORDS + (((byteLength + WORD_BYTES - 1) / WORD_BYTES) | 0) : REFC_BINARY_WORDS;
}

/** Words on the heap for a bitstring of `bitLength` bits. */
export function bitstringHeapWords(bitLength: number): number {
  const bytes = Math.ceil(bitLength / 8);
  return binaryHeapWords(bytes) + (bitLength % 8 === 0 ? 0 : SUB_BINARY_WORDS);
}

/**
 * Reserves a binary of `byteLength` bytes and returns its term and the absolute byte
 * offset (in arena.u8) where the caller writes the bytes.
 */
export function allocateBinary(writer: HeapWriter, byteLength: number): { term: number; dataByte: number } {
  const arena = writer.arena;
  if (byteLength <= HEAP_BINARY_LIMIT) {
    const dataWords = Math.ceil(byteLength / WORD_BYTES);
    const at = writer.alloc(HEAP_BINARY_FIXED_WORDS + dataWords);
    arena.i32[at] = makeHeader(HEADER_HEAP_BINARY, 1 + dataWords);
    arena.u32[at + BINARY_SIZE_FIELD] = byteLength;
    if (dataWords > 0) arena.u32[at + HEAP_BINARY_FIXED_WORDS + dataWords - 1] = 0; // padding is zero
    return { term: makeBoxed(at), dataByte: (at + HEAP_BINARY_FIXED_WORDS) * WORD_BYTES };
  }
  const at = writer.alloc(REFC_BINARY_WORDS);
  writer.refcBinaries++;
  const block = arena.alloc(BINARY_BLOCK_DATA + Math.ceil(byteLength / WORD_BYTES), 'other');
  arena.u32[block + BINARY_BLOCK_REFCOUNT] = 1;
  arena.u32[block + BINARY_BLOCK_SIZE] = byteLength;
  arena.i32[at] = makeHeader(HEADER_REFC_BINARY, 2);
  arena.u32[at + BINARY_SIZE_FIELD] = byteLength;
  arena.u32[at + REFC_BINARY_BLOCK_FIELD] = block;
  return { term: makeBoxed(at), dataByte: (block + BINARY_BLOCK_DATA) * WORD_BYTES };
}

export function makeBinary(writer: HeapWriter, bytes: Uint8Array): number {
  const { term, dataByte } = allocateBinary(writer, bytes.length);
  writer.arena.u8.set(bytes, dataByte);
  return term;
}

/** A sub-binary over `original` (a heap/refc binary, or a sub-binary, which is flattened). */
export function makeSubBinary(writer: HeapWriter, original: number, bitOffset: number, bitSize: number): number {
  const arena = writer.arena;
  const originalAt = pointerIndex(original);
  if (headerTag(arena.i32[originalAt]!) === HEADER_SUB_BINARY) {
    bitOffset += arena.u32[originalAt + SUB_BINARY_BIT_OFFSET_FIELD]!;
    original = arena.i32[originalAt + SUB_BINARY_ORIGINAL_FIELD]!;
  }
  if (bitSize > MAX_BIT_SIZE || bitOffset > MAX_BIT_SIZE) {
    throw new TermError('limit_exceeded', `a sub-binary holds at most ${MAX_BIT_SIZE} bits`);
  }
  const at = writer.alloc(SUB_BINARY_WORDS);
  arena.i32[at] = makeHeader(HEADER_SUB_BINARY, 3);
  arena.u32[at + SUB_BINARY_BIT_SIZE_FIELD] = bitSize;
  arena.u32[at + SUB_BINARY_BIT_OFFSET_FIELD] = bitOffset;
  arena.i32[at + SUB_BINARY_ORIGINAL_FIELD] = original;
  return makeBoxed(at);
}

/** A bitstring of the first `bitLength` bits of `bytes` (the used bits of a partial last byte are its high bits). */
export function makeBitstring(writer: HeapWriter, bytes: Uint8Array, bitLength: number): number {
  if (bitLength % 8 === 0) return makeBinary(writer, bytes.subarray(0, bitLength / 8));
  const byteLength = Math.ceil(bitLength / 8);
  const { term, dataByte } = allocateBinary(writer, byteLength);
  const u8 = writer.arena.u8;
  u8.set(bytes.subarray(0, byteLength), dataByte);
  const usedBits = bitLength % 8;
  u8[dataByte + byteLength - 1] = u8[dataByte + byteLength - 1]! & ((0xff << (8 - usedBits)) & 0xff);
  return makeSubBinary(writer, term, 0, bitLength);
}

export function isBitstringTerm(arena: Arena, term: number): boolean {
  if (!isBoxed(term)) return false;
  const tag = headerTag(arena.i32[pointerIndex(term)]!);
  return tag === HEADER_HEAP_BINARY || tag === HEADER_REFC_BINARY || tag === HEADER_SUB_BINARY;
}

/** Where the bits of a binary or bitstring are: absolute byte index into arena.u8, bit offset from it, bit size. */
export interface BitsLocation {
  byteIndex: number;
  bitOffset: number;
  bitSize: number;
}

/** Absolute byte index of the first data byte of a heap or refc binary. */
export function binaryDataByte(arena: Arena, binary: number): number {
  const at = pointerIndex(binary);
  if (headerTag(arena.i32[at]!) === HEADER_HEAP_BINARY) return (at + HEAP_BINARY_FIXED_WORDS) * WORD_BYTES;
  return (arena.u32[at + REFC_BINARY_BLOCK_FIELD]! + BINARY_BLOCK_DATA) * WORD_BYTES;
}

export function bitsLocation(arena: Arena, term: number): BitsLocation {
  const at = pointerIndex(term);
  const tag = headerTag(arena.i32[at]!);
  if (tag === HEADER_SUB_BINARY) {
    const bitOffset = arena.u32[at + SUB_BINARY_BIT_OFFSET_FIELD]!;
    const base = binaryDataByte(arena, arena.i32[at + SUB_BINARY_ORIGINAL_FIELD]!);
    return { byteIndex: base + (bitOffset >>> 3), bitOffset: bitOffset & 7, bitSize: arena.u32[at + SUB_BINARY_BIT_SIZE_FIELD]! };
  }
  return { byteIndex: binaryDataByte(arena, term), bitOffset: 0, bitSize: arena.u32[at + BINARY_SIZE_FIELD]! * 8 };
}

/** Bit size of a binary or bitstring. */
export function bitSizeOf(arena: Arena, term: number): number {
  const at = pointerIndex(term);
  const tag = headerTag(arena.i32[at]!);
  if (tag === HEADER_SUB_BINARY) return arena.u32[at + SUB_BINARY_BIT_SIZE_FIELD]!;
  return arena.u32[at + BINARY_SIZE_FIELD]! * 8;
}

/**
 * The bits of a binary or bitstring as bytes (a copy): ceil(bits/8) bytes, the used
 * bits of a partial last byte in its high bits, the rest zero.
 */
export function bitstringBytes(arena: Arena, term: number): { bytes: Uint8Array; bitSize: number } {
  const { byteIndex, bitOffset, bitSize } = bitsLocation(arena, term);
  return { bytes: extractBits(arena.u8, byteIndex, bitOffset, bitSize), bitSize };
}

export function extractBits(u8: Uint8Array, byteIndex: number, bitOffset: number, bitSize: number): Uint8Array {
  const byteLength = Math.ceil(bitSize / 8);
  let out: Uint8Array;
  if (bitOffset === 0) {
    out = u8.slice(byteIndex, byteIndex + byteLength);
  } else {
    out = new Uint8Array(byteLength);
    const lowShift = 8 - bitOffset;
    for (let i = 0; i < byteLength; i++) {
      const high = u8[byteIndex + i]! << bitOffset;
      const low = 8 * (i + 1) < bitOffset + bitSize ? u8[byteIndex + i + 1]! >>> lowShift : 0;
      out[i] = (high | low) & 0xff;
    }
  }
  const rest = bitSize % 8;
  if (rest !== 0) out[byteLength - 1] = out[byteLength - 1]! & ((0xff << (8 - rest)) & 0xff);
  return out;
}

/** Data block of a refc binary object. */
export function refcBinaryBlock(arena: Arena, refcBinary: number): number {
  return arena.u32[pointerIndex(refcBinary) + REFC_BINARY_BLOCK_FIELD]!;
}

/** Takes one more reference to a refc data block (a copy of the refc binary object now points at it). */
export function retainBinaryBlock(arena: Arena, block: number): void {
  Atomics.add(arena.i32, block + BINARY_BLOCK_REFCOUNT, 1);
}

/** Drops one reference; the last one frees the block. Returns the count left. */
export function releaseBinaryBlock(arena: Arena, block: number): number {
  const left = Atomics.sub(arena.i32, block + BINARY_BLOCK_REFCOUNT, 1) - 1;
  if (left === 0) arena.free(block);
  return left;
}

export function binaryBlockRefcount(arena: Arena, block: number): number {
  return Atomics.load(arena.i32, block + BINARY_BLOCK_REFCOUNT);
}

/** Heap words of a binary object, given its header (used by copy and size). */
export function binaryObjectWords(header: number): number {
  return headerArity(header) + 1;
}
