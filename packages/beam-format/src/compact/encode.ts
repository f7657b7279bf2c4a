import { BeamFormatError } from '../errors.js';
import { ByteSink } from '../writer/byte-sink.js';
import { CompactTag, ExtendedTag, ALLOCATION_KINDS, type Operand } from './decode.js';

/**
 * Compact term ENCODING, in the minimal forms `beam_asm:encode/2` writes, so that a
 * module assembled here has the bytes erlc would give it:
 *
 *   value < 16            1 byte   value << 4 | tag
 *   value < 2048          2 bytes  (value >> 3) & 0xE0 | 0x08 | tag, value & 0xFF
 *   2..8 bytes            (n - 2) << 5 | 0x18 | tag, n big-endian bytes
 *   9 bytes and more      0xF8 | tag, u(n - 9), n bytes
 *
 * The multi-byte value is two's complement and minimal, so an unsigned value whose top
 * bit is set gets a leading 00; an `i` value below zero always takes the multi-byte form,
 * with at least 2 bytes (-1 is `19 FF FF`).
 */
export function writeCompactValue(sink: ByteSink, tag: number, value: number | bigint): void {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new BeamFormatError('bad_operand', `compact value ${value} is not a safe integer (use a bigint)`, sink.length);
  }
  const negative = value < 0;
  if (negative && tag !== CompactTag.i) {
    throw new BeamFormatError('bad_operand', `compact tag ${tag} cannot hold the negative value ${value}`, sink.length);
  }
  if (!negative && value < 16) {
    sink.u8((Number(value) << 4) | tag);
    return;
  }
  if (!negative && value < 2048) {
    const small = Number(value);
    sink.u8(((small >> 3) & 0xe0) | 0x08 | tag);
    sink.u8(small & 0xff);
    return;
  }
  if (typeof value === 'number' && Math.abs(value) < SMALL_MULTI_BYTE_LIMIT) {
    writeSmallMultiByte(sink, tag, value);
    return;
  }
  const bytes = negative ? negativeBytes(BigInt(value)) : nonNegativeBytes(BigInt(value));
  if (bytes.length <= 8) {
    sink.u8(((bytes.length - 2) << 5) | 0x18 | tag);
  } else {
    sink.u8(0xf8 | tag);
    writeCompactValue(sink, CompactTag.u, bytes.length - 9);
  }
  sink.bytes(bytes);
}

/** Below 2^47 a value takes at most 6 bytes and its two's complement is exact in a double. */
const SMALL_MULTI_BYTE_LIMIT = 2 ** 47;

/** The 2..6 byte form of a number, written without allocating. */
function writeSmallMultiByte(sink: ByteSink, tag: number, value: number): void {
  let length = 2;
  if (value >= 0) {
    while (value >= 2 ** (8 * length - 1)) length++;
  } else {
    while (value < -(2 ** (8 * length - 1))) length++;
  }
  sink.u8(((length - 2) << 5) | 0x18 | tag);
  let rest = value < 0 ? value + 2 ** (8 * length) : value;
  sink.reserve(length);
  const raw = sink.raw;
  for (let i = length - 1; i >= 0; i--) {
    raw[sink.length + i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  sink.length += length;
}

/** Minimal big-endian two's complement of a value >= 0: a leading 00 if the top bit is set. */
function nonNegativeBytes(value: bigint): number[] {
  if (value <= 0x7fffffffn) {
    // Common case (labels, indexes, counts): no string round trip.
    const small = Number(value);
    const bytes: number[] = [];
    for (let rest = small; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
    if (bytes[0]! & 0x80) bytes.unshift(0);
    return bytes;
  }
  let hex = value.toString(16);
  if (hex.length & 1) hex = '0' + hex;
  const bytes: number[] = [];
  for (let i = 0; i < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return bytes;
}

/** Minimal big-endian two's complement of a value < 0, at least 2 bytes. */
function negativeBytes(value: bigint): number[] {
  const bytes: number[] = [];
  let rest = value;
  do {
    bytes.unshift(Number(rest & 0xffn));
    rest >>= 8n;
  } while (!(rest === -1n && bytes[0]! & 0x80));
  if (bytes.length < 2) bytes.unshift(0xff);
  return bytes;
}

/** The first byte of an extended (z) operand with the given sub-tag. */
function extendedTagByte(extended: number): number {
  return (extended << 4) | CompactTag.z;
}

const float64 = new DataView(new ArrayBuffer(8));

/** Writes one operand, in the form the reader's `CompactReader.operand()` returns. */
export function writeOperand(sink: ByteSink, operand: Operand): void {
  switch (operand.kind) {
    case 'u':
    case 'i':
    case 'a':
    case 'x':
    case 'y':
    case 'f':
    case 'h':
      writeCompactValue(sink, CompactTag[operand.kind], operand.value);
      return;
    case 'float':
      sink.u8(extendedTagByte(ExtendedTag.float));
      float64.setFloat64(0, operand.value);
      for (let i = 0; i < 8; i++) sink.u8(float64.getUint8(i));
      return;
    case 'list':
      sink.u8(extendedTagByte(ExtendedTag.list));
      writeCompactValue(sink, CompactTag.u, operand.value.length);
      for (const item of operand.value) writeOperand(sink, item);
      return;
    case 'fr':
      sink.u8(extendedTagByte(ExtendedTag.floatRegister));
      writeCompactValue(sink, CompactTag.u, operand.value);
      return;
    case 'alloc':
      sink.u8(extendedTagByte(ExtendedTag.allocationList));
      writeCompactValue(sink, CompactTag.u, operand.value.length);
      for (const item of operand.value) {
        writeCompactValue(sink, CompactTag.u, ALLOCATION_KINDS.indexOf(item.kind));
        writeCompactValue(sink, CompactTag.u, item.count);
      }
      return;
    case 'literal':
      sink.u8(extendedTagByte(ExtendedTag.literal));
      writeCompactValue(sink, CompactTag.u, operand.value);
      return;
    case 'tr':
      sink.u8(extendedTagByte(ExtendedTag.typedRegister));
      writeCompactValue(sink, CompactTag[operand.value.kind], operand.value.value);
      writeCompactValue(sink, CompactTag.u, operand.typeIndex);
      return;
  }
}

/** The bytes of one operand. */
export function encodeOperand(operand: Operand): Uint8Array {
  const sink = new ByteSink(16);
  writeOperand(sink, operand);
  return sink.toBytes();
}
