import { describe, expect, it } from 'vitest';
import {
  HeapWriter,
  NIL,
  binaryBlockRefcount,
  copyTerm,
  exactEquals,
  flatSize,
  makeBinary,
  makeCons,
  makeMap,
  makeSmall,
  makeSubBinary,
  makeTuple,
  refcBinaryBlock,
  pointerIndex,
  TermError,
} from '../src/index.js';
import { newStore, newWriter } from './term-test-store.js';

describe('copyTerm and flatSize', () => {
  it('copies a deep term into exactly flatSize words without recursion', () => {
    const store = newStore(1 << 30);
    const writer = newWriter(store, 1 << 23);
    let term = NIL;
    for (let i = 0; i < 500_000; i++) term = i % 2 === 0 ? makeTuple(writer, [term, makeSmall(i)]) : makeCons(writer, term, NIL);
    const words = flatSize(store, term);
    expect(words).toBe(250_000 * 3 + 250_000 * 2);
    const target = HeapWriter.allocate(store.arena, words, 'message');
    const copy = copyTerm(store, term, target);
    expect(target.used).toBe(words);
    expect(exactEquals(store, copy, term)).toBe(true);
  });

  it('does not preserve sharing, as OTP send: a subterm reached twice is copied twice', () => {
    const store = newStore();
    const writer = newWriter(store);
    const shared = makeTuple(writer, [makeSmall(1), makeSmall(2)]);
    const both = makeTuple(writer, [shared, shared]);
    expect(flatSize(store, both)).toBe(3 + 3 + 3);
    const copy = copyTerm(store, both, newWriter(store, 9));
    const at = pointerIndex(copy);
    expect(store.arena.i32[at + 1]).not.toBe(store.arena.i32[at + 2]);
  });

  it('shares refc binary data and counts the reference; windows on heap binaries become heap binaries', () => {
    const store = newStore();
    const writer = newWriter(store);
    const large = makeBinary(writer, new Uint8Array(100).fill(9));
    const block = refcBinaryBlock(store.arena, large);
    const sub = makeSubBinary(writer, large, 8, 16);
    const small = makeSubBinary(writer, makeBinary(writer, new Uint8Array([1, 2, 3])), 4, 12);
    const term = makeTuple(writer, [large, sub, small]);
    const words = flatSize(store, term);
    const copy = copyTerm(store, term, newWriter(store, words));
    expect(binaryBlockRefcount(store.arena, block)).toBe(3);
    expect(exactEquals(store, copy, term)).toBe(true);
  });

  it('keeps the pointer to shared (literal) terms when asked', () => {
    const store = newStore();
    const writer = newWriter(store);
    const literal = makeTuple(writer, [makeSmall(1)]);
    const term = makeTuple(writer, [literal, makeMap(store, writer, [makeSmall(1)], [literal])]);
    const isShared = (t: number) => t === literal;
    const words = flatSize(store, term, { isShared });
    const copy = copyTerm(store, term, newWriter(store, words), { isShared });
    expect(store.arena.i32[pointerIndex(copy) + 1]).toBe(literal);
  });

  it('fails with heap_full when the target block is too small', () => {
    const store = newStore();
    const writer = newWriter(store);
    const term = makeTuple(writer, [makeTuple(writer, [])]);
    expect(() => copyTerm(store, term, newWriter(store, 2))).toThrow(TermError);
  });
});
