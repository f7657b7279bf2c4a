import type { Arena } from '../arena/arena.js';
import type { HeapWriter } from '../heap-writer.js';
import { HEADER_FLOAT, headerTag, isBoxed, makeBoxed, makeHeader, pointerIndex } from '../layout.js';

/** Float: boxed, [header(FLOAT, 2), low word, high word] of the IEEE double (host order). */
export const FLOAT_WORDS = 3;

export function makeFloat(writer: HeapWriter, value: number): number {
  const at = writer.alloc(FLOAT_WORDS);
  writer.arena.i32[at] = makeHeader(HEADER_FLOAT, 2);
  writer.arena.writeFloat64(at + 1, value);
  return makeBoxed(at);
}

export function isFloat(arena: Arena, term: number): boolean {
  return isBoxed(term) && headerTag(arena.i32[pointerIndex(term)]!) === HEADER_FLOAT;
}

export function readFloat(arena: Arena, term: number): number {
  return arena.readFloat64(pointerIndex(term) + 1);
}
