import {
  HEADER_TAG_MASK,
  HEADER_TUPLE,
  HEAP_BINARY_LIMIT,
  NIL,
  SUB_BINARY_WORDS,
  binaryDataByte,
  bitstringHeapWords,
  isAtom,
  isBoxed,
  isSmall,
  makeBinary,
  makeListOf,
  makeSmall,
  makeSubBinary,
  makeTuple as makeTupleWith,
  pointerIndex,
  smallValue,
} from '@beamload/terms';
import type { HeapWriter } from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { listItems } from './erlang-data.js';
import { bitsOf, isBitstring, readBitsAsBytes } from '../interpreter/binary-ops.js';
import { buildWithWriter, makeTuple } from '../interpreter/heap.js';
import { HeapNeeded } from '../interpreter/erlang-exception.js';

/**
 * binary:compile_pattern/1, match/2,3, matches/2,3 and split/2,3: searching a binary for
 * the leftmost, then longest, of a set of non-empty byte patterns.
 *
 * ERTS compiles a pattern into a magic reference ({bm, Ref} / {ac, Ref}); here the
 * "compiled" pattern keeps the same tag and holds the pattern binaries themselves, which
 * is enough for every function that accepts a pattern (the search is naive either way).
 */

/** Bytes of a whole-byte binary term, or undefined for anything else. */
function binaryBytes(call: BifCall, term: number): Uint8Array | undefined {
  const w = call.context.words;
  if (!isBitstring(w, term)) return undefined;
  const { original, offset, size } = bitsOf(w, term);
  if (size % 8 !== 0) return undefined;
  return readBitsAsBytes(call.context.arena.u8, binaryDataByte(call.context.arena, original) * 8 + offset, size);
}

function tupleElements(w: Int32Array, term: number): number[] | undefined {
  if (!isBoxed(term)) return undefined;
  const at = pointerIndex(term);
  if ((w[at] & HEADER_TAG_MASK) !== HEADER_TUPLE) return undefined;
  const arity = w[at] >>> 6;
  return Array.from({ length: arity }, (_, i) => w[at + 1 + i]);
}

/** The pattern binaries of a binary, a non-empty list of binaries or a compiled pattern. */
function patternsOf(call: BifCall, term: number, args: number[], allowCompiled = true): Uint8Array[] {
  const w = call.context.words;
  if (allowCompiled) {
    const compiled = tupleElements(w, term);
    if (compiled !== undefined && compiled.length === 2 && isAtom(compiled[0])) {
      const tag = call.system.atomName(compiled[0]);
      if (tag === 'bm' || tag === 'ac') return patternsOf(call, compiled[1], args, false);
    }
  }
  const terms = isBitstring(w, term) ? [term] : listItems(w, term);
  if (terms === undefined || terms.length === 0) throw badarg(args);
  return terms.map((item) => {
    const bytes = binaryBytes(call, item);
    if (bytes === undefined || bytes.length === 0) throw badarg(args);
    return bytes;
  });
}

/** Length of the longest pattern found at `at` ending at or before `end`; 0 when none. */
function longestAt(subject: Uint8Array, at: number, end: number, patterns: Uint8Array[]): number {
  let best = 0;
  for (const pattern of patterns) {
    if (pattern.length <= best || at + pattern.length > end) continue;
    let i = 0;
    while (i < pattern.length && subject[at + i] === pattern[i]) i++;
    if (i === pattern.length) best = pattern.length;
  }
  return best;
}

/** Non-overlapping matches [position, length] in [start, end), leftmost first; at most `limit`. */
function findMatches(subject: Uint8Array, start: number, end: number, patterns: Uint8Array[], limit: number): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  let at = start;
  while (at < end && found.length < limit) {
    const length = longestAt(subject, at, end, patterns);
    if (length > 0) {
      found.push([at, length]);
      at += length;
    } else at++;
  }
  return found;
}

interface SearchOptions {
  start: number;
  end: number;
  global: boolean;
  trim: boolean;
  trimAll: boolean;
}

/** Parses match/matches options ({scope, {Start, Length}}) or, with `forSplit`, split options too. */
function searchOptions(call: BifCall, term: number, subjectSize: number, args: number[], forSplit: boolean): SearchOptions {
  const w = call.context.words;
  const options = listItems(w, term);
  if (options === undefined) throw badarg(args);
  const result: SearchOptions = { start: 0, end: subjectSize, global: false, trim: false, trimAll: false };
  for (const option of options) {
    if (isAtom(option) && forSplit) {
      const name = call.system.atomName(option);
      if (name === 'global') result.global = true;
      else if (name === 'trim') result.trim = true;
      else if (name === 'trim_all') result.trimAll = true;
      else throw badarg(args);
      continue;
    }
    const pair = tupleElements(w, option);
    const scope = pair !== undefined && pair.length === 2 && isAtom(pair[0]) && call.system.atomName(pair[0]) === 'scope' ? tupleElements(w, pair[1]) : undefined;
    if (scope === undefined || scope.length !== 2 || !isSmall(scope[0]) || !isSmall(scope[1])) throw badarg(args);
    let start = smallValue(scope[0]);
    let length = smallValue(scope[1]);
    if (length < 0) {
      start += length;
      length = -length;
    }
    if (start < 0 || start + length > subjectSize) throw badarg(args);
    result.start = start;
    result.end = start + length;
  }
  return result;
}

function subjectOf(call: BifCall, args: number[]): Uint8Array {
  const bytes = binaryBytes(call, args[0]);
  if (bytes === undefined) throw badarg(args);
  return bytes;
}

function compilePattern(call: BifCall, args: number[]): number {
  patternsOf(call, args[0], args, false);
  const tag = isBitstring(call.context.words, args[0]) ? 'bm' : 'ac';
  if (call.context.stackTop - call.context.heapTop < 3) throw new HeapNeeded(3);
  return makeTuple(call.context, [call.system.atom(tag), args[0]]);
}

function match(call: BifCall, args: number[]): number {
  const subject = subjectOf(call, args);
  const options = searchOptions(call, args.length > 2 ? args[2] : NIL, subject.length, args, false);
  // As ERTS, an empty subject is not searched and its pattern not even checked.
  const found = subject.length === 0 ? [] : findMatches(subject, options.start, options.end, patternsOf(call, args[1], args), 1);
  if (found.length === 0) return call.system.atom('nomatch');
  if (call.context.stackTop - call.context.heapTop < 3) throw new HeapNeeded(3);
  return makeTuple(call.context, [makeSmall(found[0][0]), makeSmall(found[0][1])]);
}

function matches(call: BifCall, args: number[]): number {
  const subject = subjectOf(call, args);
  const options = searchOptions(call, args.length > 2 ? args[2] : NIL, subject.length, args, false);
  const found = subject.length === 0 ? [] : findMatches(subject, options.start, options.end, patternsOf(call, args[1], args), Infinity);
  return buildWithWriter(call.context, found.length * 5, (writer) =>
    makeListOf(writer, found.map(([position, length]) => makeTupleWith(writer, [makeSmall(position), makeSmall(length)]))),
  );
}

/** Heap words of a part of a binary as extractPart builds it. */
export function partWords(bytes: number): number {
  return bytes <= HEAP_BINARY_LIMIT ? bitstringHeapWords(bytes * 8) : SUB_BINARY_WORDS;
}

/**
 * `length` bytes at byte `from` of binary `term`: like ERTS, a part small enough for a
 * heap binary is copied (so it does not keep a large binary alive), a larger one is a
 * sub-binary of the original.
 */
export function extractPart(writer: HeapWriter, w: Int32Array, term: number, from: number, length: number): number {
  const { original, offset } = bitsOf(w, term);
  if (length > HEAP_BINARY_LIMIT) return makeSubBinary(writer, original, offset + from * 8, length * 8);
  const arena = writer.arena;
  return makeBinary(writer, readBitsAsBytes(arena.u8, binaryDataByte(arena, original) * 8 + offset + from * 8, length * 8));
}

function split(call: BifCall, args: number[]): number {
  const subject = subjectOf(call, args);
  const options = searchOptions(call, args.length > 2 ? args[2] : NIL, subject.length, args, true);
  const found = subject.length === 0 ? [] : findMatches(subject, options.start, options.end, patternsOf(call, args[1], args), options.global ? Infinity : 1);
  let parts: Array<[number, number]> = [];
  let from = 0;
  for (const [position, length] of found) {
    parts.push([from, position - from]);
    from = position + length;
  }
  parts.push([from, subject.length - from]);
  if (options.trimAll) parts = parts.filter(([, length]) => length > 0);
  else if (options.trim) while (parts.length > 0 && parts[parts.length - 1][1] === 0) parts.pop();
  const words = parts.reduce((sum, [, length]) => sum + 2 + partWords(length), 0);
  const w = call.context.words;
  const subjectTerm = args[0];
  return buildWithWriter(call.context, words, (writer) =>
    makeListOf(writer, parts.map(([start, length]) => extractPart(writer, w, subjectTerm, start, length))),
  );
}

export const BINARY_SEARCH_BIFS: BifDefinition[] = [
  { module: 'binary', name: 'compile_pattern', arity: 1, run: compilePattern },
  { module: 'binary', name: 'match', arity: 2, run: match },
  { module: 'binary', name: 'match', arity: 3, run: match },
  { module: 'binary', name: 'matches', arity: 2, run: matches },
  { module: 'binary', name: 'matches', arity: 3, run: matches },
  { module: 'binary', name: 'split', arity: 2, run: split },
  { module: 'binary', name: 'split', arity: 3, run: split },
];
