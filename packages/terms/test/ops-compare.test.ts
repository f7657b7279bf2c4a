import { describe, expect, it } from 'vitest';
import {
  NIL,
  arithmeticEquals,
  compareTerms,
  exactEquals,
  hashTerm,
  makeBinary,
  makeBitstring,
  makeClosure,
  makeCons,
  makeExportFun,
  makeExternalPid,
  makeFloat,
  makeInteger,
  makeLocalPid,
  makeLocalPort,
  makeLocalRef,
  makeMap,
  makeSmall,
  makeSubBinary,
  makeTuple,
  type TermStore,
  type HeapWriter,
} from '../src/index.js';
import { atomTerm, newStore, newWriter } from './term-test-store.js';

function sample(store: TermStore, writer: HeapWriter): number[] {
  // One term of every type, in the standard order.
  return [
    makeInteger(writer, -(2n ** 80n)),
    makeFloat(writer, -1.5),
    makeSmall(3),
    atomTerm(store, 'abc'),
    makeLocalRef(writer, [1, 2, 3]),
    makeClosure(writer, { funEntry: 0, module: atomTerm(store, 'm'), arity: 0, index: 0, oldIndex: 0, oldUniq: 0, uniq: new Uint8Array(16), creator: makeLocalPid(1, 0), freeVars: [] }),
    makeExportFun(writer, atomTerm(store, 'm'), atomTerm(store, 'f'), 0),
    makeLocalPort(1),
    makeLocalPid(1, 0),
    makeTuple(writer, []),
    makeMap(store, writer, [], []),
    NIL,
    makeCons(writer, makeSmall(1), NIL),
    makeBinary(writer, new Uint8Array([1])),
  ];
}

describe('standard term order', () => {
  it('orders types number < atom < ref < fun < port < pid < tuple < map < nil < list < bitstring', () => {
    const store = newStore();
    const terms = sample(store, newWriter(store));
    for (let i = 0; i < terms.length; i++) {
      for (let j = 0; j < terms.length; j++) {
        expect([i, j, compareTerms(store, terms[i]!, terms[j]!)]).toEqual([i, j, Math.sign(i - j)]);
      }
    }
  });

  it('compares integers and floats by value, and exactly puts integers first', () => {
    const store = newStore();
    const writer = newWriter(store);
    const one = makeSmall(1);
    const oneFloat = makeFloat(writer, 1);
    expect(compareTerms(store, one, oneFloat)).toBe(0);
    expect(arithmeticEquals(store, one, oneFloat)).toBe(true);
    expect(exactEquals(store, one, oneFloat)).toBe(false);
    expect(compareTerms(store, makeSmall(2), oneFloat, true)).toBe(-1); // exact: any integer < any float
    expect(exactEquals(store, makeFloat(writer, 0), makeFloat(writer, -0))).toBe(true); // OTP 25
    const big = makeInteger(writer, 2n ** 64n + 1n);
    expect(compareTerms(store, big, makeFloat(writer, 2 ** 64))).toBe(1); // exact, not through a double
    expect(compareTerms(store, makeInteger(writer, 2n ** 64n), makeFloat(writer, 2 ** 64))).toBe(0);
    expect(compareTerms(store, makeInteger(writer, -(2n ** 70n)), makeFloat(writer, -1e300))).toBe(1);
    expect(compareTerms(store, makeInteger(writer, 2n ** 70n), makeInteger(writer, 2n ** 69n))).toBe(1);
    expect(compareTerms(store, makeInteger(writer, -(2n ** 70n)), makeInteger(writer, -(2n ** 69n)))).toBe(-1);
  });

  it('orders atoms by code point, not UTF-16 unit', () => {
    const store = newStore();
    expect(compareTerms(store, atomTerm(store, '\u{1F600}'), atomTerm(store, '\uFFFD'))).toBe(1);
    expect(compareTerms(store, atomTerm(store, 'ab'), atomTerm(store, 'abc'))).toBe(-1);
  });

  it('orders tuples by size first, lists element-wise then by tail', () => {
    const store = newStore();
    const writer = newWriter(store);
    expect(compareTerms(store, makeTuple(writer, [makeSmall(9)]), makeTuple(writer, [makeSmall(1), makeSmall(1)]))).toBe(-1);
    expect(compareTerms(store, makeCons(writer, makeSmall(1), NIL), makeCons(writer, makeSmall(1), makeCons(writer, makeSmall(0), NIL)))).toBe(-1);
    expect(compareTerms(store, makeCons(writer, makeSmall(1), atomTerm(store, 'b')), makeCons(writer, makeSmall(1), atomTerm(store, 'a')))).toBe(1);
  });

  it('orders bitstrings by bits, then length, across offsets', () => {
    const store = newStore();
    const writer = newWriter(store);
    const ab = makeBinary(writer, new Uint8Array([1, 2]));
    const a = makeBinary(writer, new Uint8Array([1]));
    expect(compareTerms(store, a, ab)).toBe(-1);
    const bits = makeBitstring(writer, new Uint8Array([1, 0x80]), 9);
    expect(compareTerms(store, a, bits)).toBe(-1);
    expect(compareTerms(store, bits, ab)).toBe(1); // 1, 1:1 > 1, 2 (first bit of the second byte)
    const shifted = makeSubBinary(writer, makeBinary(writer, new Uint8Array([0x01, 0x02, 0x00])), 7, 9); // bits 7..15: 1 0000001 0 -> <<129, 0:1>>
    expect(exactEquals(store, shifted, makeBitstring(writer, new Uint8Array([0x81, 0]), 9))).toBe(true);
    expect(hashTerm(store, shifted)).toBe(hashTerm(store, makeBitstring(writer, new Uint8Array([0x81, 0]), 9)));
  });

  it('orders maps by size, then keys, then values; flat and hash maps alike', () => {
    const store = newStore();
    const writer = newWriter(store, 1 << 18);
    const m = (pairs: Array<[number, number]>) => makeMap(store, writer, pairs.map((p) => makeSmall(p[0])), pairs.map((p) => makeSmall(p[1])));
    expect(compareTerms(store, m([[5, 5]]), m([[1, 1], [2, 2]]))).toBe(-1);
    expect(compareTerms(store, m([[1, 9], [3, 0]]), m([[1, 0], [2, 0]]))).toBe(1); // keys decide before values
    expect(compareTerms(store, m([[1, 1], [2, 2]]), m([[1, 1], [2, 3]]))).toBe(-1);
    const big = (shift: number) => m(Array.from({ length: 50 }, (_, i) => [i, i + shift] as [number, number]));
    expect(compareTerms(store, big(0), big(1))).toBe(-1);
    expect(exactEquals(store, big(0), big(0))).toBe(true);
    expect(hashTerm(store, big(0))).toBe(hashTerm(store, big(0)));
    // keys compare exactly even in arithmetic mode: #{1 => a} vs #{1.0 => a}
    const intKey = makeMap(store, writer, [makeSmall(1)], [NIL]);
    const floatKey = makeMap(store, writer, [makeFloat(writer, 1)], [NIL]);
    expect(compareTerms(store, intKey, floatKey)).toBe(-1);
    // values compare arithmetically: #{a => 1} == #{a => 1.0}
    const a = atomTerm(store, 'a');
    expect(arithmeticEquals(store, makeMap(store, writer, [a], [makeSmall(1)]), makeMap(store, writer, [a], [makeFloat(writer, 1)]))).toBe(true);
  });

  it('orders pids by serial, number, then node', () => {
    const store = newStore();
    const writer = newWriter(store);
    expect(compareTerms(store, makeLocalPid(100, 0), makeLocalPid(5, 1))).toBe(-1);
    expect(compareTerms(store, makeExternalPid(writer, atomTerm(store, 'a@b'), 1, 1, 0), makeLocalPid(100, 0))).toBe(-1);
    expect(compareTerms(store, makeExternalPid(writer, atomTerm(store, 'a@b'), 1, 5, 0), makeLocalPid(5, 0))).toBe(-1); // 'a@b' < 'nonode@nohost'
  });

  it('compares and hashes deep terms without recursion', () => {
    const store = newStore();
    const writer = newWriter(store, 1 << 22);
    let x = NIL;
    let y = NIL;
    for (let i = 0; i < 300_000; i++) {
      x = makeTuple(writer, [x]);
      y = makeTuple(writer, [y]);
    }
    expect(compareTerms(store, x, y)).toBe(0);
    expect(hashTerm(store, x)).toBe(hashTerm(store, y));
  });
});
