import { describe, expect, it } from 'vitest';
import { decodeEtf } from '@beamload/beam-format';
import { binaryToTerm, termToBinary, termToValue, writeTerm } from '../src/index.js';
import { newStore } from './term-test-store.js';

// Bytes written by OTP 25's term_to_binary (checked with erl).
const EXAMPLES: Array<[string, number[]]> = [
  ['-1', [131, 98, 255, 255, 255, 255]],
  ['1099511627776', [131, 110, 6, 0, 0, 0, 0, 0, 0, 1]],
  ['<<1:3>>', [131, 77, 0, 0, 0, 1, 3, 32]],
  ['fun erlang:abs/1', [131, 113, 100, 0, 6, 101, 114, 108, 97, 110, 103, 100, 0, 3, 97, 98, 115, 97, 1]],
  ['ok', [131, 100, 0, 2, 111, 107]],
  ["'\\x{3A9}'", [131, 119, 2, 206, 169]],
  ['#{1 => 2,1.0 => 3,a => 1}', [131, 116, 0, 0, 0, 3, 97, 1, 97, 2, 70, 63, 240, 0, 0, 0, 0, 0, 0, 97, 3, 100, 0, 1, 97, 97, 1]],
  ['-0.0', [131, 70, 128, 0, 0, 0, 0, 0, 0, 0]],
  ['<0.9.0>', [131, 88, 100, 0, 13, 110, 111, 110, 111, 100, 101, 64, 110, 111, 104, 111, 115, 116, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0]],
  ['#Port<0.0>', [131, 89, 100, 0, 13, 110, 111, 110, 111, 100, 101, 64, 110, 111, 104, 111, 115, 116, 0, 0, 0, 0, 0, 0, 0, 0]],
  [
    '#Ref<0.2271214566.1785987073.217543>',
    [131, 90, 0, 3, 100, 0, 13, 110, 111, 110, 111, 100, 101, 64, 110, 111, 104, 111, 115, 116, 0, 0, 0, 0, 0, 3, 81, 199, 106, 116, 0, 1, 135, 95, 251, 230],
  ],
  ['[a|b]', [131, 108, 0, 0, 0, 1, 100, 0, 1, 97, 100, 0, 1, 98]],
  ['2535301200456458802993406410752', [131, 110, 13, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32]],
];

describe('ETF <-> arena', () => {
  it.each(EXAMPLES)('%s decodes, prints and encodes back to the same bytes', (text, bytes) => {
    const store = newStore();
    const { term } = binaryToTerm(store, Uint8Array.from(bytes));
    expect(writeTerm(store, term)).toBe(text);
    expect(Array.from(termToBinary(store, term))).toEqual(bytes);
  });

  it('agrees with beam-format decodeEtf on the JS values', () => {
    const store = newStore();
    for (const [, bytes] of EXAMPLES) {
      const { term } = binaryToTerm(store, Uint8Array.from(bytes));
      expect(termToValue(store, term)).toEqual(decodeEtf(Uint8Array.from(bytes)));
    }
  });

  it('reads any big-integer sign byte but 0 as negative, as erl does (binary_to_term(<<131,110,1,2,5>>) is -5 there)', () => {
    const store = newStore();
    for (const bytes of [[131, 110, 1, 2, 5], [131, 111, 0, 0, 0, 1, 7, 5], [131, 110, 1, 255, 5]]) {
      const { term } = binaryToTerm(store, Uint8Array.from(bytes));
      expect(writeTerm(store, term)).toBe('-5');
      expect(decodeEtf(Uint8Array.from(bytes))).toBe(-5);
    }
  });

  it('writes UTF-8 atom tags with minor version 2, and maps in key order when deterministic', () => {
    const store = newStore();
    const { term } = binaryToTerm(store, Uint8Array.from([131, 100, 0, 2, 111, 107]));
    expect(Array.from(termToBinary(store, term, { minorVersion: 2 }))).toEqual([131, 119, 2, 111, 107]);
    const pairs: number[] = [];
    for (let i = 40; i > 0; i--) pairs.push(97, i, 106);
    const { term: map } = binaryToTerm(store, Uint8Array.from([131, 116, 0, 0, 0, 40, ...pairs]));
    const sorted: number[] = [];
    for (let i = 1; i <= 40; i++) sorted.push(97, i, 106);
    expect(Array.from(termToBinary(store, map, { deterministic: true }))).toEqual([131, 116, 0, 0, 0, 40, ...sorted]);
  });

  it('decodes old forms (FLOAT_EXT, SMALL_ATOM_EXT, PID_EXT, REFERENCE_EXT) and re-encodes as OTP 25', () => {
    const store = newStore();
    const floatText = Array.from(Buffer.from('1.50000000000000000000e+00'.padEnd(31, '\0')));
    const { term } = binaryToTerm(store, Uint8Array.from([131, 99, ...floatText]));
    expect(writeTerm(store, term)).toBe('1.5');
    const { term: atom } = binaryToTerm(store, Uint8Array.from([131, 115, 2, 111, 107]));
    expect(Array.from(termToBinary(store, atom))).toEqual([131, 100, 0, 2, 111, 107]);
    const node = [115, 13, ...Buffer.from('nonode@nohost')];
    const { term: pid } = binaryToTerm(store, Uint8Array.from([131, 103, ...node, 0, 0, 0, 5, 0, 0, 0, 1, 0]));
    expect(writeTerm(store, pid)).toBe('<0.5.1>');
    const { term: ref } = binaryToTerm(store, Uint8Array.from([131, 101, ...node, 0, 0, 0, 7, 0]));
    // erl pads a reference of this node to its 3 numbers: #Ref<0.0.0.7>.
    expect(writeTerm(store, ref)).toBe('#Ref<0.0.0.7>');
  });
});
