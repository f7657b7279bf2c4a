import { Arena, AtomTable, HeapWriter, createTermStore, makeAtom, type TermStore } from '../src/index.js';

/** A fresh arena, atom table and store for one test. */
export function newStore(maxBytes = 256 << 20): TermStore {
  const arena = Arena.create({ initialBytes: 1 << 20, maxBytes });
  return createTermStore(arena, AtomTable.create(arena));
}

/** A writer over a fresh heap block. */
export function newWriter(store: TermStore, words = 1 << 16): HeapWriter {
  return HeapWriter.allocate(store.arena, words, 'heap');
}

export function atomTerm(store: TermStore, name: string): number {
  return makeAtom(store.atoms.intern(name));
}
