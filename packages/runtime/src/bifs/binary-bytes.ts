import { HEADER_SUB_BINARY, HEADER_TAG_MASK, HEADER_TUPLE, binaryDataByte, bitstringHeapWords, isAtom, isBoxed, isSmall, makeBinary, makeSmall, pointerIndex, smallValue } from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { listItems } from './erlang-data.js';
import { bitsOf, isBitstring, readBitsAsBytes } from '../interpreter/binary-ops.js';
import { buildWithWriter, integerBigValue, isIntegerTerm, makeInteger } from '../interpreter/heap.js';
import { extractPart, partWords } from './binary-search.js';

/**
 * The byte-level BIFs of the binary module: positions, parts, unsigned integer codecs
 * and common prefixes/suffixes. binary:bin_to_list and replace are Erlang code in OTP's
 * binary.beam over these.
 */

function wholeBytes(call: BifCall, term: number, args: number[]): Uint8Array {
  const w = call.context.words;
  if (!isBitstring(w, term)) throw badarg(args);
  const { original, offset, size } = bitsOf(w, term);
  if (size % 8 !== 0) throw badarg(args);
  return readBitsAsBytes(call.context.arena.u8, binaryDataByte(call.context.arena, original) * 8 + offset, size);
}

/** `big` (the default) or `little`; anything else is badarg. */
function endianness(call: BifCall, args: number[], index: number): 'big' | 'little' {
  if (args.length <= index) return 'big';
  const name = isAtom(args[index]) ? call.system.atomName(args[index]) : '';
  if (name !== 'big' && name !== 'little') throw badarg(args);
  return name;
}

function at(call: BifCall, args: number[]): number {
  const bytes = wholeBytes(call, args[0], args);
  if (!isSmall(args[1])) throw badarg(args);
  const position = smallValue(args[1]);
  if (position < 0 || position >= bytes.length) throw badarg(args);
  return makeSmall(bytes[position]);
}

function decodeUnsigned(call: BifCall, args: number[]): number {
  const bytes = wholeBytes(call, args[0], args);
  const order = endianness(call, args, 1);
  let value = 0n;
  for (let i = 0; i < bytes.length; i++) {
    const byte = order === 'big' ? bytes[i] : bytes[bytes.length - 1 - i];
    value = (value << 8n) | BigInt(byte);
  }
  return makeInteger(call.context, value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value);
}

function encodeUnsigned(call: BifCall, args: number[]): number {
  const w = call.context.words;
  if (!isIntegerTerm(w, args[0])) throw badarg(args);
  let value = integerBigValue(w, args[0]);
  const order = endianness(call, args, 1);
  if (value < 0n) throw badarg(args);
  const bytes: number[] = [];
  do {
    bytes.push(Number(value & 0xffn));
    value >>= 8n;
  } while (value > 0n);
  if (order === 'big') bytes.reverse();
  return buildWithWriter(call.context, bitstringHeapWords(bytes.length * 8), (writer) => makeBinary(writer, Uint8Array.from(bytes)));
}

/** The binaries of a non-empty list of binaries (for the common prefix/suffix BIFs). */
function binaryList(call: BifCall, args: number[]): Uint8Array[] {
  const items = listItems(call.context.words, args[0]);
  if (items === undefined || items.length === 0) throw badarg(args);
  return items.map((item) => wholeBytes(call, item, args));
}

function longestCommonPrefix(call: BifCall, args: number[]): number {
  const binaries = binaryList(call, args);
  let length = binaries.reduce((shortest, bytes) => Math.min(shortest, bytes.length), Infinity);
  for (const bytes of binaries) {
    let i = 0;
    while (i < length && bytes[i] === binaries[0][i]) i++;
    length = i;
  }
  return makeSmall(length);
}

function longestCommonSuffix(call: BifCall, args: number[]): number {
  const binaries = binaryList(call, args);
  const first = binaries[0];
  let length = binaries.reduce((shortest, bytes) => Math.min(shortest, bytes.length), Infinity);
  for (const bytes of binaries) {
    let i = 0;
    while (i < length && bytes[bytes.length - 1 - i] === first[first.length - 1 - i]) i++;
    length = i;
  }
  return makeSmall(length);
}

/** binary:part/2,3: `{Start, Length}` with a negative length counting back from Start. */
function part(call: BifCall, args: number[]): number {
  const w = call.context.words;
  let start = args[1];
  let length = args[2];
  if (args.length === 2) {
    const pos = args[1];
    if (!isBoxed(pos) || w[pointerIndex(pos)] !== ((2 << 6) | HEADER_TUPLE)) throw badarg(args);
    start = w[pointerIndex(pos) + 1];
    length = w[pointerIndex(pos) + 2];
  }
  const bytes = wholeBytes(call, args[0], args);
  if (!isSmall(start) || !isSmall(length)) throw badarg(args);
  let from = smallValue(start);
  let count = smallValue(length);
  if (count < 0) {
    from += count;
    count = -count;
  }
  if (from < 0 || from + count > bytes.length) throw badarg(args);
  const subject = args[0];
  return buildWithWriter(call.context, partWords(count), (writer) => extractPart(writer, w, subject, from, count));
}

/** The byte size of the binary a (sub-)binary keeps alive. */
function referencedByteSize(call: BifCall, args: number[]): number {
  const w = call.context.words;
  if (!isBitstring(w, args[0])) throw badarg(args);
  const isSub = (w[pointerIndex(args[0])] & HEADER_TAG_MASK) === HEADER_SUB_BINARY;
  const bits = isSub ? bitsOf(w, bitsOf(w, args[0]).original).size : bitsOf(w, args[0]).size;
  return makeSmall(Math.ceil(bits / 8));
}

export const BINARY_BYTES_BIFS: BifDefinition[] = [
  { module: 'binary', name: 'at', arity: 2, run: at },
  { module: 'binary', name: 'decode_unsigned', arity: 1, run: decodeUnsigned },
  { module: 'binary', name: 'decode_unsigned', arity: 2, run: decodeUnsigned },
  { module: 'binary', name: 'encode_unsigned', arity: 1, run: encodeUnsigned },
  { module: 'binary', name: 'encode_unsigned', arity: 2, run: encodeUnsigned },
  { module: 'binary', name: 'longest_common_prefix', arity: 1, run: longestCommonPrefix },
  { module: 'binary', name: 'longest_common_suffix', arity: 1, run: longestCommonSuffix },
  { module: 'binary', name: 'part', arity: 2, run: part },
  { module: 'binary', name: 'part', arity: 3, run: part },
  { module: 'binary', name: 'referenced_byte_size', arity: 1, run: referencedByteSize },
];
