import { NIL, binaryDataByte, isList, isSmall, makeSmall, pointerIndex, smallValue } from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { BitWriter, bitsOf, finishBitstring, isBitstring, makeSubBinaryTerm, readBitsAsBytes } from '../interpreter/binary-ops.js';
import { HeapNeeded } from '../interpreter/erlang-exception.js';
import { makeList_ } from '../interpreter/heap.js';

/**
 * list_to_bitstring/1 and bitstring_to_list/1: iolists whose binaries may be bitstrings
 * (concatenated bit by bit), and the bytes of a bitstring with its trailing bits as a
 * last bitstring element.
 */

function listToBitstring(call: BifCall, args: number[]): number {
  const w = call.context.words;
  if (!isList(args[0]) && args[0] !== NIL) throw badarg(args);
  const writer = new BitWriter();
  const u8 = call.context.arena.u8;
  const append = (term: number): void => {
    const { original, offset, size } = bitsOf(w, term);
    writer.writeBytes(readBitsAsBytes(u8, binaryDataByte(call.context.arena, original) * 8 + offset, size), size);
  };
  const stack: number[] = [args[0]];
  while (stack.length > 0) {
    let item = stack.pop()!;
    if (isBitstring(w, item)) {
      append(item);
      continue;
    }
    if (isSmall(item)) {
      const value = smallValue(item);
      if (value < 0 || value > 255) throw badarg(args);
      writer.writeBits(value, 8);
      continue;
    }
    // A list: its elements first, then a bitstring tail.
    const elements: number[] = [];
    while (isList(item)) {
      elements.push(w[pointerIndex(item)]);
      item = w[pointerIndex(item) + 1];
    }
    if (item !== NIL) {
      if (!isBitstring(w, item)) throw badarg(args);
      stack.push(item);
    }
    for (let i = elements.length - 1; i >= 0; i--) {
      const element = elements[i];
      if (!isSmall(element) && !isList(element) && element !== NIL && !isBitstring(w, element)) throw badarg(args);
      stack.push(element);
    }
  }
  return finishBitstring(call.context, writer);
}

function bitstringToList(call: BifCall, args: number[]): number {
  const w = call.context.words;
  if (!isBitstring(w, args[0])) throw badarg(args);
  const { original, offset, size } = bitsOf(w, args[0]);
  const whole = Math.floor(size / 8);
  const trailing = size % 8;
  const need = (whole + (trailing > 0 ? 1 : 0)) * 2 + (trailing > 0 ? 4 : 0);
  if (call.context.stackTop - call.context.heapTop < need) throw new HeapNeeded(need);
  const bytes = readBitsAsBytes(call.context.arena.u8, binaryDataByte(call.context.arena, original) * 8 + offset, whole * 8);
  const elements = Array.from(bytes, (byte) => makeSmall(byte));
  if (trailing > 0) elements.push(makeSubBinaryTerm(call.context, original, offset + whole * 8, trailing));
  return makeList_(call.context, elements);
}

export const BITSTRING_LIST_BIFS: BifDefinition[] = [
  { module: 'erlang', name: 'list_to_bitstring', arity: 1, run: listToBitstring },
  { module: 'erlang', name: 'bitstring_to_list', arity: 1, run: bitstringToList },
];
