import {
  NIL,
  bitstringHeapWords,
  isAtom,
  isList,
  isSmall,
  makeBinary,
  makeSmall,
  pointerIndex,
  smallValue,
  termToBinary,
  binaryDataByte,
  isBoxed,
  makeHeader,
  HEADER_TUPLE,
} from '@beamload/terms';
import type { TermToBinaryOptions } from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { bitsOf, isBitstring, readBitsAsBytes, makeSubBinaryTerm } from '../interpreter/binary-ops.js';
import { buildWithWriter, integerValue, isIntegerTerm, makeInteger, makeList_, makeTuple } from '../interpreter/heap.js';
import { HeapNeeded } from '../interpreter/erlang-exception.js';

/** Binary BIFs of the erlang module (and binary:/unicode: basics). */

export function bytesOf(call: BifCall, term: number, args: number[], wholeBytes = true): Uint8Array {
  const w = call.context.words;
  if (!isBitstring(w, term)) throw badarg(args);
  const { original, offset, size } = bitsOf(w, term);
  if (wholeBytes && size % 8 !== 0) throw badarg(args);
  return readBitsAsBytes(call.context.arena.u8, binaryDataByte(call.context.arena, original) * 8 + offset, size);
}

export function binaryTerm(call: BifCall, bytes: Uint8Array): number {
  return buildWithWriter(call.context, bitstringHeapWords(bytes.length * 8), (writer) => makeBinary(writer, bytes));
}

/** The bytes of an iolist (bytes 0..255, binaries, nested lists); undefined when it is not one. */
export function iolistBytes(call: BifCall, term: number): Uint8Array | undefined {
  const w = call.context.words;
  const out: number[] = [];
  const stack: number[] = [term];
  while (stack.length > 0) {
    let item = stack.pop()!;
    if (isBitstring(w, item)) {
      const { original, offset, size } = bitsOf(w, item);
      if (size % 8 !== 0) return undefined;
      for (const byte of readBitsAsBytes(call.context.arena.u8, binaryDataByte(call.context.arena, original) * 8 + offset, size)) out.push(byte);
      continue;
    }
    if (isSmall(item)) {
      const value = smallValue(item);
      if (value < 0 || value > 255) return undefined;
      out.push(value);
      continue;
    }
    if (item === NIL) continue;
    if (!isList(item)) return undefined;
    // Push the tail first so the head comes out first.
    const pending: number[] = [];
    while (isList(item)) {
      const at = pointerIndex(item);
      pending.push(w[at]);
      item = w[at + 1];
    }
    if (item !== NIL) {
      if (!isBitstring(w, item)) return undefined;
      stack.push(item);
    }
    for (let i = pending.length - 1; i >= 0; i--) stack.push(pending[i]);
  }
  return Uint8Array.from(out);
}

function byteSize(call: BifCall, args: number[]): number {
  const w = call.context.words;
  if (!isBitstring(w, args[0])) throw badarg(args);
  return makeSmall(Math.ceil(bitsOf(w, args[0]).size / 8));
}

function bitSize(call: BifCall, args: number[]): number {
  const w = call.context.words;
  if (!isBitstring(w, args[0])) throw badarg(args);
  return makeSmall(bitsOf(w, args[0]).size);
}

function binaryToList(call: BifCall, args: number[]): number {
  const bytes = bytesOf(call, args[0], args);
  return makeList_(call.context, Array.from(bytes, (byte) => makeSmall(byte)));
}

function listToBinary(call: BifCall, args: number[]): number {
  if (!isList(args[0]) && args[0] !== NIL) throw badarg(args);
  const bytes = iolistBytes(call, args[0]);
  if (bytes === undefined) throw badarg(args);
  return binaryTerm(call, bytes);
}

function binaryPart(call: BifCall, args: number[]): number {
  const w = call.context.words;
  let [binary, start, length] = args;
  if (args.length === 2) {
    const at = pointerIndex(start);
    if (!isBitstring(w, binary) || (start & 3) !== 2 || w[at] !== ((2 << 6) | 0)) throw badarg(args);
    length = w[at + 2];
    start = w[at + 1];
  }
  if (!isBitstring(w, binary) || !isSmall(start) || !isSmall(length)) throw badarg(args);
  const { original, offset, size } = bitsOf(w, binary);
  if (size % 8 !== 0) throw badarg(args);
  let from = smallValue(start);
  let count = smallValue(length);
  if (count < 0) {
    from += count;
    count = -count;
  }
  if (from < 0 || from + count > size / 8) throw badarg(args);
  if (call.context.stackTop - call.context.heapTop < 4) throw new HeapNeeded(4);
  return makeSubBinaryTerm(call.context, original, offset + from * 8, count * 8);
}

function splitBinary(call: BifCall, args: number[]): number {
  const w = call.context.words;
  if (!isBitstring(w, args[0]) || !isSmall(args[1])) throw badarg(args);
  const { original, offset, size } = bitsOf(w, args[0]);
  const at = smallValue(args[1]);
  if (size % 8 !== 0 || at < 0 || at * 8 > size) throw badarg(args);
  if (call.context.stackTop - call.context.heapTop < 11) throw new HeapNeeded(11);
  const first = makeSubBinaryTerm(call.context, original, offset, at * 8);
  const second = makeSubBinaryTerm(call.context, original, offset + at * 8, size - at * 8);
  return makeTuple(call.context, [first, second]);
}

function termToBinaryBif(call: BifCall, args: number[]): number {
  return binaryTerm(call, termToBinary(call.system.store, args[0], args.length > 1 ? termToBinaryOptions(call, args) : {}));
}

/** term_to_binary/2's options as OTP 25 accepts them (`local` came in OTP 26). */
function termToBinaryOptions(call: BifCall, args: number[]): TermToBinaryOptions {
  const w = call.context.words;
  const items = listItemsOf(w, args[1]);
  if (items === undefined) throw badarg(args);
  const options: TermToBinaryOptions = {};
  for (const item of items) {
    const name = isAtom(item) ? call.system.atomName(item) : undefined;
    if (name === 'compressed') options.compressed = true;
    else if (name === 'deterministic') options.deterministic = true;
    else if (isBoxed(item) && w[pointerIndex(item)] === makeHeader(HEADER_TUPLE, 2) && isAtom(w[pointerIndex(item) + 1]) && isSmall(w[pointerIndex(item) + 2])) {
      const key = call.system.atomName(w[pointerIndex(item) + 1]);
      const value = smallValue(w[pointerIndex(item) + 2]);
      if (key === 'compressed' && value >= 0 && value <= 9) options.compressed = value;
      else if (key === 'minor_version' && value >= 0 && value <= 2) options.minorVersion = value as 0 | 1 | 2;
      else throw badarg(args);
    } else throw badarg(args);
  }
  return options;
}

/**
 * erlang:external_size/1,2: the byte size of term_to_binary(Term) without compression.
 * OTP 25 takes only {minor_version, 0 | 1} options here.
 */
function externalSize(call: BifCall, args: number[]): number {
  let minorVersion: 0 | 1 = 1;
  if (args.length > 1) {
    const w = call.context.words;
    const items = listItemsOf(w, args[1]);
    if (items === undefined) throw badarg(args);
    for (const item of items) {
      const isPair = isBoxed(item) && w[pointerIndex(item)] === makeHeader(HEADER_TUPLE, 2);
      const value = isPair ? w[pointerIndex(item) + 2] : 0;
      if (!isPair || !isAtom(w[pointerIndex(item) + 1]) || call.system.atomName(w[pointerIndex(item) + 1]) !== 'minor_version' || !isSmall(value) || smallValue(value) < 0 || smallValue(value) > 1) throw badarg(args);
      minorVersion = smallValue(value) as 0 | 1;
    }
  }
  return makeInteger(call.context, termToBinary(call.system.store, args[0], { minorVersion }).length);
}

function integerToBinary(call: BifCall, args: number[]): number {
  const w = call.context.words;
  if (!isIntegerTerm(w, args[0])) throw badarg(args);
  const base = args.length > 1 ? (isSmall(args[1]) ? smallValue(args[1]) : 0) : 10;
  if (base < 2 || base > 36) throw badarg(args);
  return binaryTerm(call, new TextEncoder().encode(integerValue(w, args[0]).toString(base).toUpperCase()));
}

function binaryToInteger(call: BifCall, args: number[]): number {
  const text = new TextDecoder().decode(bytesOf(call, args[0], args));
  const base = args.length > 1 ? (isSmall(args[1]) ? smallValue(args[1]) : 0) : 10;
  if (!/^[+-]?[0-9a-zA-Z]+$/.test(text) || base < 2 || base > 36) throw badarg(args);
  let value = 0n;
  for (const ch of text.replace(/^[+-]/, '')) {
    const digit = parseInt(ch, 36);
    if (digit >= base) throw badarg(args);
    value = value * BigInt(base) + BigInt(digit);
  }
  if (text.startsWith('-')) value = -value;
  return makeInteger(call.context, value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value);
}

function binaryToListRange(call: BifCall, args: number[]): number {
  const bytes = bytesOf(call, args[0], args);
  if (!isSmall(args[1]) || !isSmall(args[2])) throw badarg(args);
  const start = smallValue(args[1]);
  const stop = smallValue(args[2]);
  if (start < 1 || stop > bytes.length || start > stop + 1) throw badarg(args);
  return makeList_(call.context, Array.from(bytes.subarray(start - 1, stop), (byte) => makeSmall(byte)));
}

function copy(call: BifCall, args: number[]): number {
  const bytes = bytesOf(call, args[0], args);
  const times = args.length > 1 ? (isSmall(args[1]) ? smallValue(args[1]) : -1) : 1;
  if (times < 0) throw badarg(args);
  const out = new Uint8Array(bytes.length * times);
  for (let i = 0; i < times; i++) out.set(bytes, i * bytes.length);
  return binaryTerm(call, out);
}

function listItemsOf(w: Int32Array, list: number): number[] | undefined {
  const items: number[] = [];
  while (isList(list)) {
    items.push(w[pointerIndex(list)]);
    list = w[pointerIndex(list) + 1];
  }
  return list === NIL ? items : undefined;
}

export const BINARY_BIFS: BifDefinition[] = [
  { module: 'erlang', name: 'binary_to_list', arity: 3, run: binaryToListRange },
  { module: 'binary', name: 'copy', arity: 1, run: copy },
  { module: 'binary', name: 'copy', arity: 2, run: copy },
  { module: 'binary', name: 'first', arity: 1, run: (call, args) => { const b = bytesOf(call, args[0], args); if (b.length === 0) throw badarg(args); return makeSmall(b[0]); } },
  { module: 'binary', name: 'last', arity: 1, run: (call, args) => { const b = bytesOf(call, args[0], args); if (b.length === 0) throw badarg(args); return makeSmall(b[b.length - 1]); } },
  { module: 'erlang', name: 'byte_size', arity: 1, run: byteSize },
  { module: 'erlang', name: 'bit_size', arity: 1, run: bitSize },
  { module: 'erlang', name: 'binary_to_list', arity: 1, run: binaryToList },
  { module: 'erlang', name: 'list_to_binary', arity: 1, run: listToBinary },
  { module: 'binary', name: 'list_to_bin', arity: 1, run: listToBinary },
  { module: 'erlang', name: 'iolist_to_binary', arity: 1, run: (call, args) => binaryTerm(call, iolistBytes(call, args[0]) ?? (() => { throw badarg(args); })()) },
  { module: 'erlang', name: 'iolist_size', arity: 1, run: (call, args) => makeSmall((iolistBytes(call, args[0]) ?? (() => { throw badarg(args); })()).length) },
  { module: 'erlang', name: 'binary_part', arity: 2, run: binaryPart },
  { module: 'erlang', name: 'binary_part', arity: 3, run: binaryPart },
  { module: 'erlang', name: 'split_binary', arity: 2, run: splitBinary },
  { module: 'erlang', name: 'term_to_binary', arity: 1, run: termToBinaryBif },
  { module: 'erlang', name: 'term_to_binary', arity: 2, run: termToBinaryBif },
  { module: 'erlang', name: 'external_size', arity: 1, run: externalSize },
  { module: 'erlang', name: 'external_size', arity: 2, run: externalSize },
  { module: 'erlang', name: 'integer_to_binary', arity: 1, run: integerToBinary },
  { module: 'erlang', name: 'integer_to_binary', arity: 2, run: integerToBinary },
  { module: 'erlang', name: 'binary_to_integer', arity: 1, run: binaryToInteger },
  { module: 'erlang', name: 'binary_to_integer', arity: 2, run: binaryToInteger },
];
