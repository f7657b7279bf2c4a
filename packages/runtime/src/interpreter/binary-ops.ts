import {
  HEADER_HEAP_BINARY,
  HEADER_REFC_BINARY,
  HEADER_SUB_BINARY,
  HEADER_TAG_MASK,
  SUB_BINARY_BIT_OFFSET_FIELD,
  SUB_BINARY_BIT_SIZE_FIELD,
  SUB_BINARY_ORIGINAL_FIELD,
  BINARY_SIZE_FIELD,
  binaryDataByte,
  bitstringHeapWords,
  isBoxed,
  makeBitstring,
  makeBoxed,
  makeHeader,
  pointerIndex,
  type Arena,
} from '@beamload/terms';
import type { ProcessContext } from '../process/process-context.js';
import { allocate, buildWithWriter } from './heap.js';

/**
 * Binary matching and construction helpers.
 *
 * A match context is a sub-binary with one extra raw word, so that the GC (which
 * follows only the `original` field of a sub-binary) moves it like any sub-binary and
 * the interpreter can tell it from a sub-binary the program holds:
 *
 *   [header(SUB_BINARY, 4), remaining bit size, current bit offset, original, 0]
 *
 * Matching advances the offset and shrinks the size in place; a position is the
 * absolute bit offset into the original binary.
 */
export const MATCH_CONTEXT_WORDS = 5;
export const MATCH_CONTEXT_HEADER = makeHeader(HEADER_SUB_BINARY, MATCH_CONTEXT_WORDS - 1);
export const SUB_BINARY_OBJECT_WORDS = 4;

export function isMatchContext(w: Int32Array, term: number): boolean {
  return isBoxed(term) && w[pointerIndex(term)] === MATCH_CONTEXT_HEADER;
}

export function isBitstring(w: Int32Array, term: number): boolean {
  if (!isBoxed(term)) return false;
  const tag = w[pointerIndex(term)] & HEADER_TAG_MASK;
  return tag === HEADER_HEAP_BINARY || tag === HEADER_REFC_BINARY || tag === HEADER_SUB_BINARY;
}

/** Original binary, bit offset and bit size of any binary or bitstring term. */
export function bitsOf(w: Int32Array, term: number): { original: number; offset: number; size: number } {
  const at = pointerIndex(term);
  if ((w[at] & HEADER_TAG_MASK) === HEADER_SUB_BINARY) {
    return { original: w[at + SUB_BINARY_ORIGINAL_FIELD], offset: w[at + SUB_BINARY_BIT_OFFSET_FIELD] >>> 0, size: w[at + SUB_BINARY_BIT_SIZE_FIELD] >>> 0 };
  }
  return { original: term, offset: 0, size: (w[at + BINARY_SIZE_FIELD] >>> 0) * 8 };
}

/** A fresh match context over `binary` (the caller checked it is a bitstring and that 5 words are free). */
export function newMatchContext(context: ProcessContext, binary: number): number {
  const w = context.arena.fixedI32;
  const { original, offset, size } = bitsOf(w, binary);
  const at = allocate(context, MATCH_CONTEXT_WORDS);
  w[at] = MATCH_CONTEXT_HEADER;
  w[at + SUB_BINARY_BIT_SIZE_FIELD] = size;
  w[at + SUB_BINARY_BIT_OFFSET_FIELD] = offset;
  w[at + SUB_BINARY_ORIGINAL_FIELD] = original;
  w[at + 4] = 0;
  return makeBoxed(at);
}

export function contextRemaining(w: Int32Array, matchContext: number): number {
  return w[pointerIndex(matchContext) + SUB_BINARY_BIT_SIZE_FIELD] >>> 0;
}
export function contextOffset(w: Int32Array, matchContext: number): number {
  return w[pointerIndex(matchContext) + SUB_BINARY_BIT_OFFSET_FIELD] >>> 0;
}
export function advanceContext(w: Int32Array, matchContext: number, bits: number): void {
  const at = pointerIndex(matchContext);
  w[at + SUB_BINARY_BIT_OFFSET_FIELD] = (w[at + SUB_BINARY_BIT_OFFSET_FIELD] >>> 0) + bits;
  w[at + SUB_BINARY_BIT_SIZE_FIELD] = (w[at + SUB_BINARY_BIT_SIZE_FIELD] >>> 0) - bits;
}
export function setContextPosition(w: Int32Array, matchContext: number, position: number): void {
  const at = pointerIndex(matchContext);
  const end = (w[at + SUB_BINARY_BIT_OFFSET_FIELD] >>> 0) + (w[at + SUB_BINARY_BIT_SIZE_FIELD] >>> 0);
  w[at + SUB_BINARY_BIT_OFFSET_FIELD] = position;
  w[at + SUB_BINARY_BIT_SIZE_FIELD] = end - position;
}

/** Absolute bit address (in arena.u8 bits) of the context's current position. */
export function contextBitAddress(arena: Arena, matchContext: number): number {
  const w = arena.i32;
  const at = pointerIndex(matchContext);
  return binaryDataByte(arena, w[at + SUB_BINARY_ORIGINAL_FIELD]) * 8 + (w[at + SUB_BINARY_BIT_OFFSET_FIELD] >>> 0);
}

/** Reads `bits` bits (big-endian bit order) starting at absolute bit address `address`, unsigned. */
export function readBits(u8: Uint8Array, address: number, bits: number): bigint {
  let value = 0n;
  let remaining = bits;
  let position = address;
  while (remaining > 0) {
    const byte = u8[position >>> 3];
    const bitInByte = position & 7;
    const take = Math.min(8 - bitInByte, remaining);
    const chunk = (byte >>> (8 - bitInByte - take)) & ((1 << take) - 1);
    value = (value << BigInt(take)) | BigInt(chunk);
    remaining -= take;
    position += take;
  }
  return value;
}

/** Small reads without bigints (at most 32 bits). */
export function readBitsSmall(u8: Uint8Array, address: number, bits: number): number {
  if ((address & 7) === 0 && bits === 8) return u8[address >>> 3];
  let value = 0;
  let remaining = bits;
  let position = address;
  while (remaining > 0) {
    const byte = u8[position >>> 3];
    const bitInByte = position & 7;
    const take = Math.min(8 - bitInByte, remaining);
    const chunk = (byte >>> (8 - bitInByte - take)) & ((1 << take) - 1);
    value = value * (1 << take) + chunk;
    remaining -= take;
    position += take;
  }
  return value;
}

/** An integer segment's value: `bits` bits at `address`, with the segment's flags. */
export function readIntegerSegment(u8: Uint8Array, address: number, bits: number, little: boolean, signed: boolean): number | bigint {
  let value: bigint;
  if (bits <= 32 && !little) {
    const small = readBitsSmall(u8, address, bits);
    if (!signed || bits === 0) return small;
    return small >= 2 ** (bits - 1) ? small - 2 ** bits : small;
  }
  if (little) {
    // Little-endian: whole bytes reversed; a partial last byte holds the high bits.
    const bytes = readBitsAsBytes(u8, address, bits);
    value = 0n;
    const fullBytes = Math.floor(bits / 8);
    const extraBits = bits % 8;
    if (extraBits > 0) value = BigInt(bytes[fullBytes] >>> (8 - extraBits));
    for (let i = fullBytes - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
  } else {
    value = readBits(u8, address, bits);
  }
  if (signed && bits > 0 && value >= 1n << BigInt(bits - 1)) value -= 1n << BigInt(bits);
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** `bits` bits at `address` as bytes (the partial last byte's bits are its high bits). */
export function readBitsAsBytes(u8: Uint8Array, address: number, bits: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits / 8));
  if ((address & 7) === 0) {
    out.set(u8.subarray(address >>> 3, (address >>> 3) + out.length));
    if (bits % 8 !== 0) out[out.length - 1] &= (0xff << (8 - (bits % 8))) & 0xff;
    return out;
  }
  for (let i = 0; i < out.length; i++) {
    const take = Math.min(8, bits - i * 8);
    out[i] = readBitsSmall(u8, address + i * 8, take) << (8 - take);
  }
  return out;
}

/** Accumulates bits for a binary under construction. */
export class BitWriter {
  bytes = new Uint8Array(16);
  bits = 0;

  private ensure(extraBits: number): void {
    const need = Math.ceil((this.bits + extraBits) / 8);
    if (need <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < need) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes);
    this.bytes = grown;
  }

  /** Writes the low `bits` bits of `value` (two's complement), big- or little-endian. */
  writeInteger(value: bigint, bits: number, little: boolean): void {
    if (bits === 0) return;
    const mask = (1n << BigInt(bits)) - 1n;
    let v = value & mask;
    if (little) {
      // Reverse the byte order of the (bits)-bit big-endian form, as ERTS does.
      const fullBytes = Math.floor(bits / 8);
      const extra = bits % 8;
      const bytes: number[] = [];
      for (let i = 0; i < fullBytes; i++) {
        bytes.push(Number(v & 0xffn));
        v >>= 8n;
      }
      for (const byte of bytes) this.writeBits(byte, 8);
      if (extra > 0) this.writeBits(Number(v & ((1n << BigInt(extra)) - 1n)), extra);
      return;
    }
    this.ensure(bits);
    for (let shift = bits; shift > 0; ) {
      const take = Math.min(shift, 24);
      shift -= take;
      this.writeBits(Number((v >> BigInt(shift)) & ((1n << BigInt(take)) - 1n)), take);
    }
  }

  /** Writes the low `bits` (<= 24) bits of a number. */
  writeBits(value: number, bits: number): void {
    this.ensure(bits);
    for (let i = bits - 1; i >= 0; i--) {
      const bit = (value >>> i) & 1;
      if (bit) this.bytes[this.bits >>> 3] |= 0x80 >>> (this.bits & 7);
      this.bits++;
    }
  }

  writeBytes(source: Uint8Array, bits: number): void {
    this.ensure(bits);
    if ((this.bits & 7) === 0 && bits % 8 === 0) {
      this.bytes.set(source.subarray(0, bits / 8), this.bits >>> 3);
      this.bits += bits;
      return;
    }
    let remaining = bits;
    for (let i = 0; remaining > 0; i++) {
      const take = Math.min(8, remaining);
      this.writeBits(source[i] >>> (8 - take), take);
      remaining -= take;
    }
  }
}

/** Heap words for a bitstring of `bits` bits. */
export function bitstringWords(bits: number): number {
  return bitstringHeapWords(bits);
}

/** Builds the bitstring term of a BitWriter's contents. */
export function finishBitstring(context: ProcessContext, writer: BitWriter): number {
  return buildWithWriter(context, bitstringHeapWords(writer.bits), (heapWriter) => makeBitstring(heapWriter, writer.bytes, writer.bits));
}

/** A sub-binary (not a match context) of `bits` bits at `offset` in `original`. */
export function makeSubBinaryTerm(context: ProcessContext, original: number, offset: number, bits: number): number {
  const at = allocate(context, SUB_BINARY_OBJECT_WORDS);
  const w = context.arena.fixedI32;
  w[at] = makeHeader(HEADER_SUB_BINARY, 3);
  w[at + SUB_BINARY_BIT_SIZE_FIELD] = bits;
  w[at + SUB_BINARY_BIT_OFFSET_FIELD] = offset;
  w[at + SUB_BINARY_ORIGINAL_FIELD] = original;
  return makeBoxed(at);
}

/** Encodes a code point as UTF-8/16/32 bytes; undefined when it is not a valid scalar value. */
export function encodeCodePoint(code: number, type: 'utf8' | 'utf16' | 'utf32', little: boolean): number[] | undefined {
  if (code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  if (type === 'utf8') return Array.from(new TextEncoder().encode(String.fromCodePoint(code)));
  if (type === 'utf32') {
    const bytes = [(code >>> 24) & 0xff, (code >>> 16) & 0xff, (code >>> 8) & 0xff, code & 0xff];
    return little ? bytes.reverse() : bytes;
  }
  const units = code >= 0x10000 ? [0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff)] : [code];
  const bytes: number[] = [];
  for (const unit of units) {
    if (little) bytes.push(unit & 0xff, unit >>> 8);
    else bytes.push(unit >>> 8, unit & 0xff);
  }
  return bytes;
}

/** Decodes one UTF-8/16/32 code point at `address` with `available` bits; undefined when invalid. */
export function decodeCodePoint(u8: Uint8Array, address: number, available: number, type: 'utf8' | 'utf16' | 'utf32', little: boolean): { code: number; bits: number } | undefined {
  const byteAt = (i: number): number => readBitsSmall(u8, address + i * 8, 8);
  const bytesAvailable = Math.floor(available / 8);
  if (type === 'utf32') {
    if (bytesAvailable < 4) return undefined;
    const b = [byteAt(0), byteAt(1), byteAt(2), byteAt(3)];
    const code = little ? ((b[3] << 24) | (b[2] << 16) | (b[1] << 8) | b[0]) >>> 0 : ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
    return { code, bits: 32 };
  }
  if (type === 'utf16') {
    if (bytesAvailable < 2) return undefined;
    const unit = (i: number): number => (little ? byteAt(i) | (byteAt(i + 1) << 8) : (byteAt(i) << 8) | byteAt(i + 1));
    const first = unit(0);
    if (first < 0xd800 || first > 0xdfff) return { code: first, bits: 16 };
    if (first > 0xdbff || bytesAvailable < 4) return undefined;
    const second = unit(2);
    if (second < 0xdc00 || second > 0xdfff) return undefined;
    return { code: 0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00), bits: 32 };
  }
  if (bytesAvailable < 1) return undefined;
  const first = byteAt(0);
  let length: number;
  let code: number;
  if (first < 0x80) return { code: first, bits: 8 };
  if (first >= 0xc2 && first < 0xe0) {
    length = 2;
    code = first & 0x1f;
  } else if (first >= 0xe0 && first < 0xf0) {
    length = 3;
    code = first & 0x0f;
  } else if (first >= 0xf0 && first < 0xf5) {
    length = 4;
    code = first & 0x07;
  } else return undefined;
  if (bytesAvailable < length) return undefined;
  for (let i = 1; i < length; i++) {
    const byte = byteAt(i);
    if ((byte & 0xc0) !== 0x80) return undefined;
    code = (code << 6) | (byte & 0x3f);
  }
  if ((length === 3 && code < 0x800) || (length === 4 && (code < 0x10000 || code > 0x10ffff)) || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return { code, bits: length * 8 };
}

/** Copies the first `bits` bits of `source` to absolute bit address `destination` in `u8`. */
export function copyBitsInto(u8: Uint8Array, destination: number, source: Uint8Array, bits: number): void {
  if ((destination & 7) === 0 && bits % 8 === 0) {
    u8.set(source.subarray(0, bits / 8), destination >>> 3);
    return;
  }
  for (let i = 0; i < bits; i++) {
    const bit = (source[i >>> 3] >>> (7 - (i & 7))) & 1;
    const at = destination + i;
    const mask = 0x80 >>> (at & 7);
    if (bit) u8[at >>> 3] |= mask;
    else u8[at >>> 3] &= ~mask;
  }
}

/** Allocates a zeroed bitstring of `bits` bits; returns its term and the bit address of its data. */
export function newBitstring(context: ProcessContext, bits: number): { term: number; dataBit: number } {
  const term = buildWithWriter(context, bitstringHeapWords(bits), (writer) => makeBitstring(writer, new Uint8Array(Math.ceil(bits / 8)), bits));
  const w = context.arena.fixedI32;
  const { original, offset } = bitsOf(w, term);
  return { term, dataBit: binaryDataByte(context.arena, original) * 8 + offset };
}
