import { describe, expect, it } from 'vitest';
import { decodeEtf } from '../src/etf/decode.js';
import { encodeEtf } from '../src/etf/encode.js';
import { formatFloatText } from '../src/etf/float-text.js';
import { compareTerms } from '../src/etf/term-order.js';
import { BeamFormatError } from '../src/errors.js';
import {
  ErlBitstring,
  ErlClosure,
  ErlExportFun,
  ErlFloat,
  ErlImproperList,
  ErlMap,
  ErlPid,
  ErlPort,
  ErlRef,
  ErlTuple,
  atom,
  type Term,
} from '../src/term/values.js';

const bytes = (term: Term, options?: Parameters<typeof encodeEtf>[1]) => [...encodeEtf(term, options)];
const node = atom('nonode@nohost');
const nodeLatin1 = [100, 0, 13, ...Buffer.from('nonode@nohost')];

describe('encodeEtf: the bytes OTP 25 term_to_binary/2 writes (checked on erl)', () => {
  it('integers: SMALL_INTEGER_EXT, INTEGER_EXT, SMALL_BIG_EXT, LARGE_BIG_EXT', () => {
    expect(bytes(255)).toEqual([131, 97, 255]);
    expect(bytes(-1)).toEqual([131, 98, 255, 255, 255, 255]);
    expect(bytes(2 ** 40)).toEqual([131, 110, 6, 0, 0, 0, 0, 0, 0, 1]);
    expect(bytes(-(2 ** 40))).toEqual([131, 110, 6, 1, 0, 0, 0, 0, 0, 1]);
    expect(bytes(1n << 70n)).toEqual([131, 110, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 64]);
    expect(bytes(5n)).toEqual([131, 97, 5]);
    const large = encodeEtf(1n << 2048n);
    expect([...large.subarray(0, 7)]).toEqual([131, 111, 0, 0, 1, 1, 0]);
    expect(decodeEtf(large)).toBe(1n << 2048n);
    expect(() => encodeEtf(1.5)).toThrow(BeamFormatError);
    expect(() => encodeEtf(2 ** 60)).toThrow(/bigint/);
  });

  it('floats: NEW_FLOAT_EXT, and FLOAT_EXT text for minor version 0', () => {
    expect(bytes(new ErlFloat(1.5))).toEqual([131, 70, 63, 248, 0, 0, 0, 0, 0, 0]);
    expect(bytes(new ErlFloat(-0))).toEqual([131, 70, 128, 0, 0, 0, 0, 0, 0, 0]);
    const text = '1.50000000000000000000e+00';
    expect(bytes(new ErlFloat(1.5), { minorVersion: 0 })).toEqual([131, 99, ...Buffer.from(text), 0, 0, 0, 0, 0]);
    expect(formatFloatText(-0)).toBe('-0.00000000000000000000e+00');
    expect(formatFloatText(0.1)).toBe('1.00000000000000005551e-01');
    expect(formatFloatText(5e-324)).toBe('4.94065645841246544177e-324');
    expect(formatFloatText(1.7976931348623157e308)).toBe('1.79769313486231570815e+308');
    expect(formatFloatText(1e21)).toBe('1.00000000000000000000e+21');
    expect(() => encodeEtf(new ErlFloat(Number.NaN))).toThrow(BeamFormatError);
  });

  it('atoms: ATOM_EXT for Latin-1 (minor 0 and 1), UTF-8 tags otherwise', () => {
    expect(bytes(atom('abc'))).toEqual([131, 100, 0, 3, 97, 98, 99]);
    expect(bytes(atom('ñ'))).toEqual([131, 100, 0, 1, 241]);
    expect(bytes(atom('ñ'), { minorVersion: 2 })).toEqual([131, 119, 2, 195, 177]);
    expect(bytes(atom('ü€'))).toEqual([131, 119, 5, 195, 188, 226, 130, 172]);
    const long = atom('€'.repeat(100));
    expect(bytes(long).slice(0, 4)).toEqual([131, 118, 1, 44]);
  });

  it('lists: NIL_EXT, STRING_EXT for byte lists up to 65535, LIST_EXT with tails', () => {
    expect(bytes([])).toEqual([131, 106]);
    expect(bytes([1, 2, 3])).toEqual([131, 107, 0, 3, 1, 2, 3]);
    expect(bytes([256])).toEqual([131, 108, 0, 0, 0, 1, 98, 0, 0, 1, 0, 106]);
    expect(bytes(new ErlImproperList([1, 2], 3))).toEqual([131, 108, 0, 0, 0, 2, 97, 1, 97, 2, 97, 3]);
    expect(encodeEtf(new Array(65536).fill(97))[1]).toBe(108);
    // An improper list whose tail is a list is one proper list.
    expect(bytes(new ErlImproperList([1], [2]))).toEqual([131, 107, 0, 2, 1, 2]);
  });

  it('tuples, binaries, bitstrings, maps', () => {
    expect(bytes(new ErlTuple([]))).toEqual([131, 104, 0]);
    expect(encodeEtf(new ErlTuple(new Array(256).fill(1))).subarray(0, 6)).toEqual(Uint8Array.of(131, 105, 0, 0, 1, 0));
    expect(bytes(Uint8Array.of(1, 2))).toEqual([131, 109, 0, 0, 0, 2, 1, 2]);
    expect(bytes(new ErlBitstring(Uint8Array.of(0xff), 3))).toEqual([131, 77, 0, 0, 0, 1, 3, 0xe0]);
    expect(bytes(new ErlBitstring(Uint8Array.of(7), 8))).toEqual([131, 109, 0, 0, 0, 1, 7]);
    const map = new ErlMap([
      [atom('b'), 1],
      [atom('a'), 2],
    ]);
    expect(bytes(map)).toEqual([131, 116, 0, 0, 0, 2, 100, 0, 1, 98, 97, 1, 100, 0, 1, 97, 97, 2]);
    expect(bytes(map, { deterministic: true })).toEqual([131, 116, 0, 0, 0, 2, 100, 0, 1, 97, 97, 2, 100, 0, 1, 98, 97, 1]);
  });

  it('funs, pids, ports and references in the forms OTP 25 writes', () => {
    expect(bytes(new ErlExportFun(atom('erlang'), atom('abs'), 1), { minorVersion: 2 })).toEqual([
      131, 113, 119, 6, ...Buffer.from('erlang'), 119, 3, ...Buffer.from('abs'), 97, 1,
    ]);
    const pid = new ErlPid(node, 9, 0, 0);
    expect(bytes(pid)).toEqual([131, 88, ...nodeLatin1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(bytes(new ErlPort(node, 7n, 0))).toEqual([131, 89, ...nodeLatin1, 0, 0, 0, 7, 0, 0, 0, 0]);
    expect(bytes(new ErlPort(node, 1n << 28n, 0))).toEqual([131, 120, ...nodeLatin1, 0, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0]);
    expect(bytes(new ErlRef(node, 0, [1, 2, 3]))).toEqual([
      131, 90, 0, 3, ...nodeLatin1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3,
    ]);
    const uniq = Uint8Array.from({ length: 16 }, (_, i) => i);
    const closure = new ErlClosure(atom('t1'), 1, uniq, 0, 0, 93099155, pid, [atom('x')]);
    const encoded = encodeEtf(closure);
    // Size counts itself and everything after it.
    expect(new DataView(encoded.buffer).getUint32(2)).toBe(encoded.length - 2);
    expect(decodeEtf(encoded)).toEqual(closure);
  });

  it('compressed: kept only when it is smaller, as OTP decides', () => {
    expect(bytes(new Array(100).fill(0), { compressed: true })).toEqual([
      131, 80, 0, 0, 0, 103, 120, 156, 203, 102, 72, 97, 160, 3, 0, 0, 82, 232, 0, 208,
    ]);
    expect(bytes(Uint8Array.from(Buffer.from('abcdefgh')), { compressed: 9 })).toEqual([
      131, 109, 0, 0, 0, 8, ...Buffer.from('abcdefgh'),
    ]);
    expect(bytes(1, { compressed: true })).toEqual([131, 97, 1]);
  });

  it('encodes 1,000,000 nested lists without using the JS stack', () => {
    let term: Term = [];
    for (let i = 0; i < 1_000_000; i++) term = [term];
    const encoded = encodeEtf(term);
    expect(encoded.length).toBe(1 + 1_000_000 * 6 + 1 + 0);
  });

  it('stops on a cyclic JS value with limit_exceeded instead of running forever', () => {
    const cyclic: Term[] = [];
    cyclic.push(cyclic);
    expect(() => encodeEtf(cyclic, { maxElements: 100_000 })).toThrow(/cycle/);
    expect(encodeEtf([1, [2]], { maxElements: 4 })).toEqual(Uint8Array.of(131, 108, 0, 0, 0, 2, 97, 1, 107, 0, 1, 2, 106));
  });

  it('rejects values that are not Erlang terms with a typed error', () => {
    expect(() => encodeEtf({} as unknown as Term)).toThrow(BeamFormatError);
    expect(() => encodeEtf(new ErlBitstring(Uint8Array.of(1), 0))).toThrow(BeamFormatError);
  });
});

describe('term order (exact, as map keys are sorted)', () => {
  it('orders types and puts every integer before every float', () => {
    const sorted: Term[] = [
      2,
      3,
      1n << 70n,
      new ErlFloat(-1.5),
      new ErlFloat(0.5),
      atom('abc'),
      new ErlRef(node, 0, [1]),
      new ErlExportFun(atom('m'), atom('f'), 0),
      new ErlPort(node, 1n, 0),
      new ErlPid(node, 1, 0, 0),
      new ErlTuple([1]),
      new ErlTuple([new ErlFloat(0.5)]),
      new ErlMap([]),
      [],
      [97],
      Uint8Array.of(1),
    ];
    const shuffled = [...sorted].reverse();
    shuffled.sort(compareTerms);
    expect(shuffled).toEqual(sorted);
    expect(compareTerms(atom('\u{10000}'), atom('\uffff'))).toBe(1);
  });

  it('orders pids, ports and references of one node as ERTS does', () => {
    const a = atom('a@h');
    const check = (terms: Term[], order: number[]) => {
      const sorted = [...terms].sort(compareTerms);
      expect(sorted.map((t) => terms.indexOf(t) + 1)).toEqual(order);
    };
    // The orders lists:sort/1 gives on OTP 25 for the same terms.
    check([new ErlPid(a, 2, 0, 1), new ErlPid(a, 1, 1, 1), new ErlPid(a, 1, 0, 2), new ErlPid(a, 1, 0, 1)], [4, 3, 1, 2]);
    check([new ErlRef(a, 1, [1, 2, 3]), new ErlRef(a, 1, [2, 1, 3]), new ErlRef(a, 1, [1, 2, 4]), new ErlRef(a, 2, [1, 2, 3]), new ErlRef(a, 1, [5, 5])], [5, 2, 1, 3, 4]);
    check([new ErlPort(a, 2n, 1), new ErlPort(a, 1n, 2), new ErlPort(a, 1n, 1)], [3, 1, 2]);
  });
});
