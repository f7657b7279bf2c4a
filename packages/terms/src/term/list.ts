import type { Arena } from '../arena/arena.js';
import type { HeapWriter } from '../heap-writer.js';
import { NIL, makeList, pointerIndex, isList } from '../layout.js';

/** List cell: [head, tail], two words, pointed at by a list-tagged word. */
export function makeCons(writer: HeapWriter, head: number, tail: number): number {
  const at = writer.alloc(2);
  const words = writer.arena.i32;
  words[at] = head;
  words[at + 1] = tail;
  return makeList(at);
}

/** A list of `elements` ending in `tail` (NIL for a proper list), cells laid out in order. */
export function makeListOf(writer: HeapWriter, elements: readonly number[], tail: number = NIL): number {
  if (elements.length === 0) return tail;
  const at = writer.alloc(elements.length * 2);
  const words = writer.arena.i32;
  for (let i = 0; i < elements.length; i++) {
    words[at + 2 * i] = elements[i]!;
    words[at + 2 * i + 1] = i + 1 < elements.length ? makeList(at + 2 * i + 2) : tail;
  }
  return makeList(at);
}

export function listHead(arena: Arena, cell: number): number {
  return arena.i32[pointerIndex(cell)]!;
}

export function listTail(arena: Arena, cell: number): number {
  return arena.i32[pointerIndex(cell) + 1]!;
}

/** Elements of a list and what ends it (NIL when proper). */
export function listElements(arena: Arena, list: number): { elements: number[]; tail: number } {
  const words = arena.i32;
  const elements: number[] = [];
  let cursor = list;
  while (isList(cursor)) {
    const cell = pointerIndex(cursor);
    elements.push(words[cell]!);
    cursor = words[cell + 1]!;
  }
  return { elements, tail: cursor };
}
