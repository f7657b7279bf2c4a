import type { Arena } from '../arena/arena.js';
import type { HeapWriter } from '../heap-writer.js';
import { HEADER_TUPLE, headerArity, headerTag, isBoxed, makeBoxed, makeHeader, pointerIndex } from '../layout.js';

/**
 * Tuple: boxed, [header(TUPLE, n), element 1, ..., element n]. The empty tuple is a
 * header alone.
 */
export function makeTuple(writer: HeapWriter, elements: readonly number[]): number {
  const at = writer.alloc(elements.length + 1);
  const words = writer.arena.i32;
  words[at] = makeHeader(HEADER_TUPLE, elements.length);
  for (let i = 0; i < elements.length; i++) words[at + 1 + i] = elements[i]!;
  return makeBoxed(at);
}

export function isTuple(arena: Arena, term: number): boolean {
  return isBoxed(term) && headerTag(arena.i32[pointerIndex(term)]!) === HEADER_TUPLE;
}

export function tupleArity(arena: Arena, tuple: number): number {
  return headerArity(arena.i32[pointerIndex(tuple)]!);
}

/** Element `position` (1-based, as element/2). */
export function tupleElement(arena: Arena, tuple: number, position: number): number {
  return arena.i32[pointerIndex(tuple) + position]!;
}
