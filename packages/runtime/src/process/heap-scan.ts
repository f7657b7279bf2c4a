/**
 * A read-only walk of the term words of a heap range (cons cells are two term words,
 * every boxed object starts with its header; term-fields.ts says which of its words are
 * terms). Used where a question about a process's pointers is cheaper to answer by
 * reading than by collecting: GC torture's check of the old generation, and whether a
 * process references a literal area a purge is about to free.
 */

import { PRIMARY_BOXED, PRIMARY_HEADER, PRIMARY_LIST, PRIMARY_MASK, headerArity, headerTag } from '@beamload/terms';
import { firstTermField, lastTermField } from './term-fields.js';

/** Is `term` a pointer (list or boxed) whose word index satisfies `matches`? */
export function pointsInto(term: number, matches: (index: number) => boolean): boolean {
  const primary = term & PRIMARY_MASK;
  return (primary === PRIMARY_LIST || primary === PRIMARY_BOXED) && matches(term >>> 2);
}

/** The first word in [start, end) holding a pointer `matches` accepts, or -1. */
export function findPointer(words: Int32Array, start: number, end: number, matches: (index: number) => boolean): number {
  let at = start;
  while (at < end) {
    const word = words[at];
    if ((word & PRIMARY_MASK) !== PRIMARY_HEADER) {
      if (pointsInto(word, matches)) return at;
      at += 1;
      continue;
    }
    const tag = headerTag(word);
    const arity = headerArity(word);
    const first = firstTermField(tag);
    if (first !== 0) {
      const last = lastTermField(tag, arity);
      for (let i = at + first; i <= at + last; i++) if (pointsInto(words[i], matches)) return i;
    }
    at += arity + 1;
  }
  return -1;
}
