import {
  ATOM_EXIT_CLASS,
  ATOM_FALSE,
  ATOM_THROW,
  ATOM_TRUE,
  HEADER_TAG_MASK,
  HEADER_TUPLE,
  NIL,
  headerArity,
  isAtom,
  isBoxed,
  isList,
  isSmall,
  makeAtom,
  makeBoxed,
  makeHeader,
  makeSmall,
  pointerIndex,
  smallValue,
  atomIndex,
} from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg, ERROR_CLASS, errorWith } from './bif-errors.js';
import { ErlangException } from '../interpreter/erlang-exception.js';
import { allocate, makeCharList, makeInteger, makeList_, makeTuple, integerValue, isIntegerTerm, isFloatTerm, floatValue } from '../interpreter/heap.js';
import { termCompare, termEquals, termExactEquals } from '../interpreter/term-order.js';
import { termTests } from '../interpreter/term-tests.js';
import { funArity } from './fun-info.js';
import { Op } from '@beamload/loader-core';
import { phash, phash2 } from '@beamload/terms';

const TRUE = makeAtom(ATOM_TRUE);
const FALSE = makeAtom(ATOM_FALSE);
const bool = (value: boolean): number => (value ? TRUE : FALSE);

function isTuple(w: Int32Array, term: number): boolean {
  return isBoxed(term) && (w[pointerIndex(term)] & HEADER_TAG_MASK) === HEADER_TUPLE;
}

/** Elements of a proper list, or undefined. */
export function listItems(w: Int32Array, list: number): number[] | undefined {
  const items: number[] = [];
  while (isList(list)) {
    const at = pointerIndex(list);
    items.push(w[at]);
    list = w[at + 1];
  }
  return list === NIL ? items : undefined;
}

function properList(call: BifCall, list: number, args: number[]): number[] {
  const items = listItems(call.context.words, list);
  if (items === undefined) throw badarg(args);
  return items;
}

function smallArg(term: number, args: number[]): number {
  if (!isSmall(term)) throw badarg(args);
  return smallValue(term);
}

/** A charlist's text, or undefined when it is not a list of code points. */
export function charListText(w: Int32Array, list: number): string | undefined {
  const items = listItems(w, list);
  if (items === undefined) return undefined;
  let text = '';
  for (const item of items) {
    if (!isSmall(item)) return undefined;
    const code = smallValue(item);
    if (code < 0 || code > 0x10ffff) return undefined;
    text += String.fromCodePoint(code);
  }
  return text;
}

const typeTest = (op: number) => (call: BifCall, args: number[]) => bool(termTests[op](call.context.words, args[0]));

function element(call: BifCall, args: number[]): number {
  const w = call.context.words;
  const [index, tuple] = args;
  if (!isSmall(index) || !isTuple(w, tuple)) throw badarg(args);
  const position = smallValue(index);
  const at = pointerIndex(tuple);
  if (position < 1 || position > headerArity(w[at])) throw badarg(args);
  return w[at + position];
}

function setelement(call: BifCall, args: number[]): number {
  const w = call.context.words;
  const [index, tuple, value] = args;
  if (!isSmall(index) || !isTuple(w, tuple)) throw badarg(args);
  const position = smallValue(index);
  const from = pointerIndex(tuple);
  const arity = headerArity(w[from]);
  if (position < 1 || position > arity) throw badarg(args);
  const at = allocate(call.context, arity + 1);
  const words = call.context.words;
  words.copyWithin(at, from, from + arity + 1);
  words[at + position] = value;
  return makeBoxed(at);
}

function tupleSize(call: BifCall, args: number[]): number {
  const w = call.context.words;
  if (!isTuple(w, args[0])) throw badarg(args);
  return makeSmall(headerArity(w[pointerIndex(args[0])]));
}

function tupleToList(call: BifCall, args: number[]): number {
  const w = call.context.words;
  if (!isTuple(w, args[0])) throw badarg(args);
  const at = pointerIndex(args[0]);
  const items = Array.from(w.subarray(at + 1, at + 1 + headerArity(w[at])));
  return makeList_(call.context, items);
}

function listToTuple(call: BifCall, args: number[]): number {
  return makeTuple(call.context, properList(call, args[0], args));
}

/** make_tuple/2, and make_tuple/3 whose {Position, Term} list overrides (later ones win). */
function makeTupleBif(call: BifCall, args: number[]): number {
  const size = smallArg(args[0], args);
  if (size < 0) throw badarg(args);
  const elements = new Array<number>(size).fill(args[1]);
  if (args.length > 2) {
    const w = call.context.words;
    for (const item of properList(call, args[2], args)) {
      if (!isTuple(w, item) || headerArity(w[pointerIndex(item)]) !== 2) throw badarg(args);
      const position = w[pointerIndex(item) + 1];
      if (!isSmall(position) || smallValue(position) < 1 || smallValue(position) > size) throw badarg(args);
      elements[smallValue(position) - 1] = w[pointerIndex(item) + 2];
    }
  }
  return makeTuple(call.context, elements);
}

function appendElement(call: BifCall, args: number[]): number {
  const w = call.context.words;
  if (!isTuple(w, args[0])) throw badarg(args);
  const at = pointerIndex(args[0]);
  const items = Array.from(w.subarray(at + 1, at + 1 + headerArity(w[at])));
  items.push(args[1]);
  return makeTuple(call.context, items);
}

function hd(call: BifCall, args: number[]): number {
  if (!isList(args[0])) throw badarg(args);
  return call.context.words[pointerIndex(args[0])];
}
function tl(call: BifCall, args: number[]): number {
  if (!isList(args[0])) throw badarg(args);
  return call.context.words[pointerIndex(args[0]) + 1];
}
function length(call: BifCall, args: number[]): number {
  return makeSmall(properList(call, args[0], args).length);
}

function append(call: BifCall, args: number[]): number {
  const items = properList(call, args[0], args);
  return makeList_(call.context, items, args[1]);
}

function subtract(call: BifCall, args: number[]): number {
  const items = properList(call, args[0], args);
  const remove = properList(call, args[1], args);
  for (const r of remove) {
    const index = items.findIndex((item) => termExactEquals(call.system, item, r));
    if (index >= 0) items.splice(index, 1);
  }
  return makeList_(call.context, items);
}

function atomToList(call: BifCall, args: number[]): number {
  if (!isAtom(args[0])) throw badarg(args);
  return makeCharList(call.context, call.system.atomName(args[0]));
}

function integerToList(call: BifCall, args: number[]): number {
  const w = call.context.words;
  if (!isIntegerTerm(w, args[0])) throw badarg(args);
  const base = args.length > 1 ? smallArg(args[1], args) : 10;
  if (base < 2 || base > 36) throw badarg(args);
  return makeCharList(call.context, integerValue(w, args[0]).toString(base).toUpperCase());
}

function listToInteger(call: BifCall, args: number[]): number {
  const text = charListText(call.context.words, args[0]);
  const base = args.length > 1 ? smallArg(args[1], args) : 10;
  if (base < 2 || base > 36 || text === undefined || !/^[+-]?[0-9a-zA-Z]+$/.test(text)) throw badarg(args);
  let value = 0n;
  const negative = text.startsWith('-');
  for (const ch of text.replace(/^[+-]/, '')) {
    const digit = parseInt(ch, 36);
    if (Number.isNaN(digit) || digit >= base) throw badarg(args);
    value = value * BigInt(base) + BigInt(digit);
  }
  if (negative) value = -value;
  return makeInteger(call.context, value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value);
}

/** float_to_list/1's format: "%.20e". */
export function formatFloatScientific(value: number): string {
  const text = value.toExponential(20);
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

function listToFloat(call: BifCall, args: number[]): number {
  const text = charListText(call.context.words, args[0]);
  if (text === undefined || !/^[+-]?\d+\.\d+([eE][+-]?\d+)?$/.test(text)) throw badarg(args);
  return makeFloatTerm(call, Number(text));
}

function makeFloatTerm(call: BifCall, value: number): number {
  const at = allocate(call.context, 3);
  const scratch = new Float64Array([value]);
  const words = new Int32Array(scratch.buffer);
  const w = call.context.words;
  w[at] = makeHeader(0x3 << 2, 2);
  w[at + 1] = words[0];
  w[at + 2] = words[1];
  return makeBoxed(at);
}

/**
 * error/1,2,3. With Args (a proper list) the raising function's frame shows them instead
 * of its arity; error/3's [{error_info, Term}] option adds {error_info, Term} to that
 * frame's location, as ERTS does.
 */
function raiseError(call: BifCall, args: number[]): number {
  const exception = new ErlangException(ERROR_CLASS, args[0]);
  const w = call.context.words;
  if (args.length > 1) exception.currentFrameArgs = listItems(w, args[1]);
  if (args.length > 2 && exception.currentFrameArgs !== undefined) {
    for (const option of listItems(w, args[2]) ?? []) {
      if (isTuple(w, option) && headerArity(w[pointerIndex(option)]) === 2 && w[pointerIndex(option) + 1] === call.system.atom('error_info')) exception.errorInfo = w[pointerIndex(option) + 2];
    }
  }
  throw exception;
}
function raiseThrow(_call: BifCall, args: number[]): number {
  throw new ErlangException(makeAtom(ATOM_THROW), args[0]);
}
function raiseExit(_call: BifCall, args: number[]): number {
  throw new ErlangException(makeAtom(ATOM_EXIT_CLASS), args[0]);
}
function raise3(call: BifCall, args: number[]): number {
  const [klass, reason, trace] = args;
  if (klass !== ERROR_CLASS && klass !== makeAtom(ATOM_THROW) && klass !== makeAtom(ATOM_EXIT_CLASS)) throw badarg(args);
  if (listItems(call.context.words, trace) === undefined) throw badarg(args);
  throw new ErlangException(klass, reason, trace === NIL ? 0 : trace);
}

function isFunction2(call: BifCall, args: number[]): number {
  const w = call.context.words;
  const [fun, arity] = args;
  if (!isSmall(arity) || smallValue(arity) < 0) throw badarg(args);
  if (!termTests[Op.is_function](w, fun)) return FALSE;
  return bool(funArity(w, fun) === smallValue(arity));
}

function deleteElement(call: BifCall, args: number[]): number {
  const w = call.context.words;
  const [index, tuple] = args;
  if (!isSmall(index) || !isTuple(w, tuple)) throw badarg(args);
  const at = pointerIndex(tuple);
  const items = Array.from(w.subarray(at + 1, at + 1 + headerArity(w[at])));
  const position = smallValue(index);
  if (position < 1 || position > items.length) throw badarg(args);
  items.splice(position - 1, 1);
  return makeTuple(call.context, items);
}

function insertElement(call: BifCall, args: number[]): number {
  const w = call.context.words;
  const [index, tuple, value] = args;
  if (!isSmall(index) || !isTuple(w, tuple)) throw badarg(args);
  const at = pointerIndex(tuple);
  const items = Array.from(w.subarray(at + 1, at + 1 + headerArity(w[at])));
  const position = smallValue(index);
  if (position < 1 || position > items.length + 1) throw badarg(args);
  items.splice(position - 1, 0, value);
  return makeTuple(call.context, items);
}

function isRecord(call: BifCall, args: number[]): number {
  const w = call.context.words;
  const [term, tag] = args;
  if (!isAtom(tag)) throw badarg(args);
  if (!isTuple(w, term)) return FALSE;
  const at = pointerIndex(term);
  const arity = headerArity(w[at]);
  if (args.length === 3 && (!isSmall(args[2]) || smallValue(args[2]) !== arity)) return FALSE;
  return bool(arity >= 1 && w[at + 1] === tag);
}

/** erlang:phash/2: terms' make_hash, erl's older hash bit for bit (1-based). */
function phashBif(call: BifCall, args: number[]): number {
  const range = phashRange(call, args[1], args);
  return makeInteger(call.context, phash(call.system.store, args[0], range));
}

/** The default range of phash2/1: 2^27, as in ERTS. */
const PHASH2_DEFAULT_RANGE = 2 ** 27;

/** erlang:phash2/1,2: terms' phash2, erl's make_hash2 bit for bit (0-based). */
function phash2Bif(call: BifCall, args: number[]): number {
  const range = args.length > 1 ? phashRange(call, args[1], args) : PHASH2_DEFAULT_RANGE;
  return makeInteger(call.context, phash2(call.system.store, args[0], range));
}

/** A hash range: an integer in 1..2^32 (a bignum above the small range), else badarg. */
function phashRange(call: BifCall, range: number, args: number[]): number {
  if (!isIntegerTerm(call.context.words, range)) throw badarg(args);
  const value = integerValue(call.context.words, range);
  if (typeof value !== 'number' || value < 1 || value > 2 ** 32) throw badarg(args);
  return value;
}

function applyMarker(_call: BifCall, _args: number[]): number {
  // erlang:apply/2,3 are executed by the interpreter itself (they are calls, not data BIFs).
  throw new Error('apply is handled by the interpreter');
}

function atomLength(call: BifCall, args: number[]): number {
  if (!isAtom(args[0])) throw badarg(args);
  return makeSmall(Array.from(call.system.atomName(args[0])).length);
}

function not(_call: BifCall, args: number[]): number {
  if (args[0] === TRUE) return FALSE;
  if (args[0] === FALSE) return TRUE;
  throw badarg(args);
}

function booleanOp(op: (a: boolean, b: boolean) => boolean) {
  return (_call: BifCall, args: number[]): number => {
    const [a, b] = args;
    if ((a !== TRUE && a !== FALSE) || (b !== TRUE && b !== FALSE)) throw badarg(args);
    return bool(op(a === TRUE, b === TRUE));
  };
}

const comparison = (test: (call: BifCall, a: number, b: number) => boolean) => (call: BifCall, args: number[]) => bool(test(call, args[0], args[1]));

function minMax(pickFirst: (order: number) => boolean) {
  return (call: BifCall, args: number[]): number => (pickFirst(termCompare(call.system, args[0], args[1])) ? args[0] : args[1]);
}

void atomIndex;
void charListText;

export const ERLANG_DATA_BIFS: BifDefinition[] = [
  { module: 'erlang', name: '==', arity: 2, run: comparison((c, a, b) => termEquals(c.system, a, b)) },
  { module: 'erlang', name: '/=', arity: 2, run: comparison((c, a, b) => !termEquals(c.system, a, b)) },
  { module: 'erlang', name: '=:=', arity: 2, run: comparison((c, a, b) => termExactEquals(c.system, a, b)) },
  { module: 'erlang', name: '=/=', arity: 2, run: comparison((c, a, b) => !termExactEquals(c.system, a, b)) },
  { module: 'erlang', name: '<', arity: 2, run: comparison((c, a, b) => termCompare(c.system, a, b) < 0) },
  { module: 'erlang', name: '>', arity: 2, run: comparison((c, a, b) => termCompare(c.system, a, b) > 0) },
  { module: 'erlang', name: '=<', arity: 2, run: comparison((c, a, b) => termCompare(c.system, a, b) <= 0) },
  { module: 'erlang', name: '>=', arity: 2, run: comparison((c, a, b) => termCompare(c.system, a, b) >= 0) },
  { module: 'erlang', name: 'min', arity: 2, run: minMax((order) => order <= 0) },
  { module: 'erlang', name: 'max', arity: 2, run: minMax((order) => order >= 0) },
  { module: 'erlang', name: 'not', arity: 1, run: not },
  { module: 'erlang', name: 'and', arity: 2, run: booleanOp((a, b) => a && b) },
  { module: 'erlang', name: 'or', arity: 2, run: booleanOp((a, b) => a || b) },
  { module: 'erlang', name: 'xor', arity: 2, run: booleanOp((a, b) => a !== b) },
  { module: 'erlang', name: 'is_atom', arity: 1, run: typeTest(Op.is_atom) },
  { module: 'erlang', name: 'is_binary', arity: 1, run: typeTest(Op.is_binary) },
  { module: 'erlang', name: 'is_bitstring', arity: 1, run: typeTest(Op.is_bitstr) },
  { module: 'erlang', name: 'is_boolean', arity: 1, run: typeTest(Op.is_boolean) },
  { module: 'erlang', name: 'is_float', arity: 1, run: typeTest(Op.is_float) },
  { module: 'erlang', name: 'is_function', arity: 1, run: typeTest(Op.is_function) },
  { module: 'erlang', name: 'is_integer', arity: 1, run: typeTest(Op.is_integer) },
  { module: 'erlang', name: 'is_list', arity: 1, run: typeTest(Op.is_list) },
  { module: 'erlang', name: 'is_map', arity: 1, run: typeTest(Op.is_map) },
  { module: 'erlang', name: 'is_number', arity: 1, run: typeTest(Op.is_number) },
  { module: 'erlang', name: 'is_pid', arity: 1, run: typeTest(Op.is_pid) },
  { module: 'erlang', name: 'is_port', arity: 1, run: typeTest(Op.is_port) },
  { module: 'erlang', name: 'is_reference', arity: 1, run: typeTest(Op.is_reference) },
  { module: 'erlang', name: 'is_tuple', arity: 1, run: typeTest(Op.is_tuple) },
  { module: 'erlang', name: 'element', arity: 2, run: element },
  { module: 'erlang', name: 'setelement', arity: 3, run: setelement },
  { module: 'erlang', name: 'tuple_size', arity: 1, run: tupleSize },
  { module: 'erlang', name: 'size', arity: 1, run: tupleSize },
  { module: 'erlang', name: 'tuple_to_list', arity: 1, run: tupleToList },
  { module: 'erlang', name: 'list_to_tuple', arity: 1, run: listToTuple },
  { module: 'erlang', name: 'make_tuple', arity: 2, run: makeTupleBif },
  { module: 'erlang', name: 'make_tuple', arity: 3, run: makeTupleBif },
  { module: 'erlang', name: 'append_element', arity: 2, run: appendElement },
  { module: 'erlang', name: 'delete_element', arity: 2, run: deleteElement },
  { module: 'erlang', name: 'insert_element', arity: 3, run: insertElement },
  { module: 'erlang', name: 'hd', arity: 1, run: hd },
  { module: 'erlang', name: 'tl', arity: 1, run: tl },
  { module: 'erlang', name: 'length', arity: 1, run: length },
  { module: 'erlang', name: '++', arity: 2, run: append },
  { module: 'erlang', name: 'append', arity: 2, run: append },
  { module: 'erlang', name: '--', arity: 2, run: subtract },
  { module: 'erlang', name: 'subtract', arity: 2, run: subtract },
  { module: 'erlang', name: 'atom_to_list', arity: 1, run: atomToList },
  { module: 'erlang', name: 'atom_length', arity: 1, run: atomLength },
  { module: 'erlang', name: 'integer_to_list', arity: 1, run: integerToList },
  { module: 'erlang', name: 'integer_to_list', arity: 2, run: integerToList },
  { module: 'erlang', name: 'list_to_integer', arity: 1, run: listToInteger },
  { module: 'erlang', name: 'list_to_integer', arity: 2, run: listToInteger },
  { module: 'erlang', name: 'list_to_float', arity: 1, run: listToFloat },
  { module: 'erlang', name: 'error', arity: 1, run: raiseError },
  { module: 'erlang', name: 'error', arity: 2, run: raiseError },
  { module: 'erlang', name: 'error', arity: 3, run: raiseError },
  { module: 'erlang', name: 'is_function', arity: 2, run: isFunction2 },
  { module: 'erlang', name: 'phash', arity: 2, run: phashBif },
  { module: 'erlang', name: 'phash2', arity: 1, run: phash2Bif },
  { module: 'erlang', name: 'phash2', arity: 2, run: phash2Bif },
  { module: 'erlang', name: 'is_record', arity: 2, run: isRecord },
  { module: 'erlang', name: 'is_record', arity: 3, run: isRecord },
  { module: 'erlang', name: 'throw', arity: 1, run: raiseThrow },
  { module: 'erlang', name: 'exit', arity: 1, run: raiseExit },
  { module: 'erlang', name: 'raise', arity: 3, run: raise3 },
  { module: 'erlang', name: 'apply', arity: 2, run: applyMarker },
  { module: 'erlang', name: 'apply', arity: 3, run: applyMarker },
  { module: 'erlang', name: 'nif_error', arity: 1, run: raiseError },
  { module: 'erlang', name: 'nif_error', arity: 2, run: raiseError },
];
void errorWith;
