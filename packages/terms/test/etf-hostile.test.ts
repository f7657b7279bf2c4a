import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { BeamFormatError } from '@beamload/beam-format';
import { binaryToTerm, measureEtf, termToBinary, writeTerm } from '../src/index.js';
import { newStore } from './term-test-store.js';

function expectRefused(bytes: number[] | Uint8Array, code: string, offset?: number, limits?: object) {
  const store = newStore();
  const before = store.arena.stats();
  let error: unknown;
  try {
    binaryToTerm(store, Uint8Array.from(bytes), limits === undefined ? {} : { limits });
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(BeamFormatError);
  const failure = error as BeamFormatError;
  expect(failure.code).toBe(code);
  if (offset !== undefined) expect(failure.offset).toBe(offset);
  // Refused before anything was allocated: the arena is exactly as it was.
  const after = store.arena.stats();
  expect(after.bytesInUse).toBe(before.bytesInUse);
  expect(after.bytesUsedExtent).toBe(before.bytesUsedExtent);
}

describe('hostile ETF is refused before memory is spent', () => {
  it('a tuple claiming 2^32-1 elements in a few bytes', () => {
    expectRefused([131, 105, 0xff, 0xff, 0xff, 0xff, 97, 1], 'bad_etf', 1);
  });

  it('a list, a map and a string claiming more than the input holds', () => {
    expectRefused([131, 108, 0x7f, 0xff, 0xff, 0xff, 106], 'bad_etf', 1);
    expectRefused([131, 116, 0x10, 0, 0, 0, 97, 1, 97, 2], 'bad_etf', 1);
    expectRefused([131, 107, 0xff, 0xff, 97], 'truncated');
  });

  it('binaries and big integers longer than the input', () => {
    expectRefused([131, 109, 0x40, 0, 0, 0, 1, 2, 3], 'truncated');
    expectRefused([131, 111, 0x40, 0, 0, 0, 0, 1], 'limit_exceeded', 1);
  });

  it('nesting deeper than the depth limit', () => {
    const deep = [131, ...Array(5000).fill([104, 1]).flat(), 106];
    expectRefused(deep, 'limit_exceeded', undefined, { maxDepth: 1000 });
  });

  it('a compressed term claiming more than the inflate limit', () => {
    const payload = deflateSync(Buffer.from([106]));
    expectRefused([131, 80, 0x7f, 0xff, 0xff, 0xff, ...payload], 'limit_exceeded', 2);
  });

  it('malformed atoms, floats, bitstrings and unknown tags', () => {
    expectRefused([131, 119, 2, 0xc3, 0x28], 'bad_etf'); // invalid UTF-8
    expectRefused([131, 118, 1, 0, ...Array(256).fill(97)], 'limit_exceeded'); // 256 characters
    expectRefused([131, 70, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0], 'bad_etf'); // infinity
    expectRefused([131, 77, 0, 0, 0, 1, 9, 0], 'bad_etf'); // 9 bits in a byte
    expectRefused([131, 200], 'unknown_etf_tag', 1);
    expectRefused([131, 82, 1], 'unknown_etf_tag', 1); // atom cache refs only in distribution
    expectRefused([130, 106], 'bad_etf', 0);
    expectRefused([131, 104, 2, 97], 'bad_etf', 1); // 2 elements claimed, 1 byte left
    expectRefused([131, 104, 1, 97], 'truncated', 4); // where the missing byte should be
  });

  it('a map with a key twice, flat or hashed, with everything it allocated given back', () => {
    const bigBinary = [109, 0, 0, 0, 100, ...Array(100).fill(7)];
    expectRefused([131, 116, 0, 0, 0, 2, 97, 1, ...bigBinary, 97, 1, ...bigBinary], 'bad_etf', 1);
    const pairs: number[] = [];
    for (let i = 0; i <= 40; i++) pairs.push(97, i % 40, ...bigBinary);
    expectRefused([131, 104, 1, 116, 0, 0, 0, 41, ...pairs], 'bad_etf', 3);
  });

  it('in safe mode, an atom that does not exist yet (also a pid\'s node)', () => {
    const store = newStore();
    const before = store.atoms.count;
    expect(() => binaryToTerm(store, Uint8Array.from([131, 100, 0, 4, 122, 122, 113, 49]), { safe: true })).toThrow(/safe mode/);
    expect(() => binaryToTerm(store, Uint8Array.from([131, 88, 100, 0, 3, 97, 64, 122, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]), { safe: true })).toThrow(/safe mode/);
    expect(store.atoms.count).toBe(before);
    store.atoms.intern('zzq1');
    expect(binaryToTerm(store, Uint8Array.from([131, 100, 0, 4, 122, 122, 113, 49]), { safe: true }).end).toBe(8);
  });

  it('measures without allocating, then decodes into exactly the measured words', () => {
    const store = newStore();
    const bytes = new Uint8Array([131, 104, 3, 97, 1, 110, 8, 0, 0, 0, 0, 0, 0, 0, 0, 1, 108, 0, 0, 0, 2, 106, 106, 100, 0, 1, 120]);
    const before = store.arena.stats().bytesInUse;
    const measured = measureEtf(store, bytes);
    expect(store.arena.stats().bytesInUse).toBe(before);
    expect(measured.heapWords).toBe(4 + 3 + 4); // tuple, bignum (2 digits), two cons cells
    expect(measured.heapWordsExact).toBe(true);
    const { term, words } = binaryToTerm(store, bytes);
    expect(words).toBe(measured.heapWords);
    expect(writeTerm(store, term)).toBe('{1,72057594037927936,[[],[]|x]}');
  });

  it('decodes a compressed term', () => {
    const store = newStore();
    const inner = Buffer.from([108, 0, 0, 0, 3, 97, 1, 97, 2, 97, 3, 106]);
    const bytes = Buffer.concat([Buffer.from([131, 80, 0, 0, 0, inner.length]), deflateSync(inner)]);
    const { term } = binaryToTerm(store, bytes);
    expect(writeTerm(store, term)).toBe('[1,2,3]');
    expect(Array.from(termToBinary(store, term))).toEqual([131, 107, 0, 3, 1, 2, 3]);
  });
});
