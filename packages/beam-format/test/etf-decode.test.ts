import { describe, expect, it } from 'vitest';
import { BeamFormatError } from '../src/errors.js';
import { decodeEtf, decodeEtfWithLength } from '../src/etf/decode.js';
import { deflate } from '../src/deflate.js';
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
} from '../src/term/values.js';

const etf = (...parts: Array<number | string | number[]>): Uint8Array => {
  const out: number[] = [131];
  for (const part of parts) {
    if (typeof part === 'number') out.push(part);
    else if (typeof part === 'string') for (const c of Buffer.from(part, 'latin1')) out.push(c);
    else out.push(...part);
  }
  return Uint8Array.from(out);
};
const u16 = (n: number) => [n >>> 8, n & 255];
const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const nodeAtom = [100, ...u16(13), ...Buffer.from('nonode@nohost')];

function expectError(bytes: Uint8Array, code: string, offset?: number) {
  try {
    decodeEtf(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(BeamFormatError);
    expect((error as BeamFormatError).code).toBe(code);
    if (offset !== undefined) expect((error as BeamFormatError).offset).toBe(offset);
    return error as BeamFormatError;
  }
  throw new Error('expected a BeamFormatError');
}

describe('decodeEtf: one test per tag', () => {
  it('SMALL_INTEGER_EXT (97) and INTEGER_EXT (98)', () => {
    expect(decodeEtf(etf(97, 255))).toBe(255);
    expect(decodeEtf(etf(98, 0xff, 0xff, 0xff, 0xff))).toBe(-1);
    expect(decodeEtf(etf(98, ...u32(0x7fffffff)))).toBe(2147483647);
  });

  it('SMALL_BIG_EXT (110) and LARGE_BIG_EXT (111), little-endian, sign byte', () => {
    expect(decodeEtf(etf(110, 6, 0, 0, 0, 0, 0, 0, 1))).toBe(2 ** 40);
    expect(decodeEtf(etf(110, 6, 1, 0, 0, 0, 0, 0, 1))).toBe(-(2 ** 40));
    expect(decodeEtf(etf(110, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 64))).toBe(1n << 70n);
    expect(decodeEtf(etf(110, 7, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f))).toBe(Number.MAX_SAFE_INTEGER);
    expect(decodeEtf(etf(110, 7, 1, 0, 0, 0, 0, 0, 0, 0x20))).toBe(-(2n ** 53n));
    expect(decodeEtf(etf(111, ...u32(2), 0, 1, 1))).toBe(257);
    expect(decodeEtf(etf(110, 0, 0))).toBe(0);
    expect(Object.is(decodeEtf(etf(110, 1, 1, 0)), 0)).toBe(true);
  });

  it('NEW_FLOAT_EXT (70) keeps -0.0; refuses NaN and infinities', () => {
    const negativeZero = decodeEtf(etf(70, 0x80, 0, 0, 0, 0, 0, 0, 0)) as ErlFloat;
    expect(negativeZero).toBeInstanceOf(ErlFloat);
    expect(Object.is(negativeZero.value, -0)).toBe(true);
    expect((decodeEtf(etf(70, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0)) as ErlFloat).value).toBe(1.5);
    expectError(etf(70, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0), 'bad_etf', 1);
  });

  it('FLOAT_EXT (99): 31 bytes of text', () => {
    const text = '1.50000000000000000000e+00';
    const bytes = etf(99, text, new Array(31 - text.length).fill(0));
    expect((decodeEtf(bytes) as ErlFloat).value).toBe(1.5);
    expect(decodeEtfWithLength(bytes).length).toBe(33);
    expectError(etf(99, 'abc', new Array(28).fill(0)), 'bad_etf');
    // As ERTS: digits, a point or comma, digits; no bare integers, no spaces.
    expect((decodeEtf(etf(99, '5,25', new Array(27).fill(0))) as ErlFloat).value).toBe(5.25);
    expectError(etf(99, '5', new Array(30).fill(0)), 'bad_etf');
    expectError(etf(99, ' 1.5', new Array(27).fill(0)), 'bad_etf');
    expectError(etf(99, '1.5'), 'truncated');
  });

  it('atoms: ATOM_EXT (100), SMALL_ATOM_EXT (115) in Latin-1, ATOM_UTF8_EXT (118), SMALL_ATOM_UTF8_EXT (119)', () => {
    expect(decodeEtf(etf(100, 0, 3, 'abc'))).toBe(atom('abc'));
    expect(decodeEtf(etf(100, 0, 1, 241))).toBe(atom('ñ'));
    expect(decodeEtf(etf(115, 2, 'ok'))).toBe(atom('ok'));
    expect(decodeEtf(etf(118, 0, 2, 195, 177))).toBe(atom('ñ'));
    expect(decodeEtf(etf(119, 5, 195, 188, 226, 130, 172))).toBe(atom('ü€'));
    expectError(etf(119, 1, 255), 'bad_etf', 1);
    expectError(etf(100, ...u16(256), 'a'.repeat(256)), 'bad_etf');
    expect(decodeEtf(etf(100, ...u16(255), 'a'.repeat(255)))).toBe(atom('a'.repeat(255)));
  });

  it('SMALL_TUPLE_EXT (104) and LARGE_TUPLE_EXT (105)', () => {
    const tuple = decodeEtf(etf(104, 2, 97, 1, 106)) as ErlTuple;
    expect(tuple).toBeInstanceOf(ErlTuple);
    expect(tuple.elements).toEqual([1, []]);
    expect((decodeEtf(etf(105, ...u32(1), 97, 7)) as ErlTuple).elements).toEqual([7]);
    expect((decodeEtf(etf(104, 0)) as ErlTuple).elements).toEqual([]);
  });

  it('NIL_EXT (106), STRING_EXT (107), LIST_EXT (108) with proper and improper tails', () => {
    expect(decodeEtf(etf(106))).toEqual([]);
    expect(decodeEtf(etf(107, 0, 3, 1, 2, 3))).toEqual([1, 2, 3]);
    expect(decodeEtf(etf(108, ...u32(2), 97, 1, 97, 2, 106))).toEqual([1, 2]);
    const improper = decodeEtf(etf(108, ...u32(2), 97, 1, 97, 2, 97, 3)) as ErlImproperList;
    expect(improper).toBeInstanceOf(ErlImproperList);
    expect(improper.elements).toEqual([1, 2]);
    expect(improper.tail).toBe(3);
    // A string as the tail of a LIST_EXT still makes a proper list.
    expect(decodeEtf(etf(108, ...u32(1), 97, 9, 107, 0, 1, 8))).toEqual([9, 8]);
    // As ERTS: LIST_EXT with no elements is its tail.
    expect(decodeEtf(etf(108, ...u32(0), 97, 5))).toBe(5);
  });

  it('BINARY_EXT (109) and BIT_BINARY_EXT (77)', () => {
    expect(decodeEtf(etf(109, ...u32(3), 1, 2, 3))).toEqual(Uint8Array.of(1, 2, 3));
    const bits = decodeEtf(etf(77, ...u32(1), 3, 0xff)) as ErlBitstring;
    expect(bits).toBeInstanceOf(ErlBitstring);
    expect(bits.bitLength).toBe(3);
    expect(bits.bytes).toEqual(Uint8Array.of(0xe0));
    expect(decodeEtf(etf(77, ...u32(1), 8, 5))).toEqual(Uint8Array.of(5));
    expect(decodeEtf(etf(77, ...u32(0), 0))).toEqual(new Uint8Array(0));
    expectError(etf(77, ...u32(1), 0, 5), 'bad_etf', 1);
    expectError(etf(77, ...u32(1), 9, 5), 'bad_etf', 1);
  });

  it('MAP_EXT (116)', () => {
    const map = decodeEtf(etf(116, ...u32(2), 100, 0, 1, 'b', 97, 2, 100, 0, 1, 'a', 97, 1)) as ErlMap;
    expect(map).toBeInstanceOf(ErlMap);
    expect(map.entries).toEqual([
      [atom('b'), 2],
      [atom('a'), 1],
    ]);
    expect((decodeEtf(etf(116, ...u32(0))) as ErlMap).entries).toEqual([]);
  });

  it('MAP_EXT with a repeated key is refused, as ERTS does (0.0 and -0.0 are one key on OTP 25)', () => {
    expectError(etf(116, ...u32(2), 97, 1, 97, 2, 97, 1, 97, 3), 'bad_etf', 1);
    const zero = [70, 0, 0, 0, 0, 0, 0, 0, 0];
    const negativeZero = [70, 0x80, 0, 0, 0, 0, 0, 0, 0];
    expectError(etf(116, ...u32(2), zero, 97, 1, negativeZero, 97, 2), 'bad_etf', 1);
    // Integer 1 and float 1.0 are different keys.
    expect((decodeEtf(etf(116, ...u32(2), 97, 1, 97, 1, 70, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 97, 2)) as ErlMap).entries).toHaveLength(2);
    // Compound keys: {1} twice.
    expectError(etf(116, ...u32(2), 104, 1, 97, 1, 106, 104, 1, 97, 1, 106), 'bad_etf', 1);
    const many = [...Array(40).keys()].flatMap((i) => [104, 1, 97, i % 39, 106]);
    expectError(etf(116, ...u32(40), many), 'bad_etf', 1);
    // Larger maps go through hash sets: integers, atoms, and floats with 0.0 = -0.0.
    const floats = [...Array(10).keys()].flatMap((i) => [70, 0x3f, 0xf0 + i, 0, 0, 0, 0, 0, 0, 97, i]);
    expect((decodeEtf(etf(116, ...u32(10), floats)) as ErlMap).entries).toHaveLength(10);
    expectError(etf(116, ...u32(12), floats, zero, 97, 1, negativeZero, 97, 2), 'bad_etf', 1);
    const integers = [...Array(12).keys()].flatMap((i) => [97, i % 11, 97, 0]);
    expectError(etf(116, ...u32(12), integers), 'bad_etf', 1);
  });

  it('EXPORT_EXT (113)', () => {
    const fun = decodeEtf(etf(113, 119, 6, 'erlang', 119, 3, 'abs', 97, 1)) as ErlExportFun;
    expect(fun).toEqual(new ErlExportFun(atom('erlang'), atom('abs'), 1));
    expectError(etf(113, 97, 1, 119, 3, 'abs', 97, 1), 'bad_etf', 2);
    // As ERTS: an INTEGER_EXT arity, even beyond 255, but not a negative one.
    expect((decodeEtf(etf(113, 119, 1, 'm', 119, 1, 'f', 98, 0, 0, 1, 0)) as ErlExportFun).arity).toBe(256);
    expectError(etf(113, 119, 1, 'm', 119, 1, 'f', 98, 255, 255, 255, 255), 'bad_etf', 8);
  });

  it('pids: NEW_PID_EXT (88) and PID_EXT (103)', () => {
    expect(decodeEtf(etf(88, nodeAtom, ...u32(9), ...u32(1), ...u32(7)))).toEqual(
      new ErlPid(atom('nonode@nohost'), 9, 1, 7),
    );
    expect(decodeEtf(etf(103, nodeAtom, ...u32(9), ...u32(1), 2))).toEqual(new ErlPid(atom('nonode@nohost'), 9, 1, 2));
    expectError(etf(88, 97, 1, ...u32(9), ...u32(1), ...u32(7)), 'bad_etf', 2);
  });

  it('ports: V4_PORT_EXT (120), NEW_PORT_EXT (89), PORT_EXT (102)', () => {
    expect(decodeEtf(etf(120, nodeAtom, ...u32(1), ...u32(2), ...u32(3)))).toEqual(
      new ErlPort(atom('nonode@nohost'), (1n << 32n) | 2n, 3),
    );
    expect(decodeEtf(etf(89, nodeAtom, ...u32(5), ...u32(3)))).toEqual(new ErlPort(atom('nonode@nohost'), 5n, 3));
    expect(decodeEtf(etf(102, nodeAtom, ...u32(5), 1))).toEqual(new ErlPort(atom('nonode@nohost'), 5n, 1));
  });

  it('references: NEWER_REFERENCE_EXT (90), NEW_REFERENCE_EXT (114), REFERENCE_EXT (101)', () => {
    expect(decodeEtf(etf(90, 0, 3, nodeAtom, ...u32(4), ...u32(1), ...u32(2), ...u32(3)))).toEqual(
      new ErlRef(atom('nonode@nohost'), 4, [1, 2, 3]),
    );
    expect(decodeEtf(etf(114, 0, 2, nodeAtom, 1, ...u32(1), ...u32(2)))).toEqual(new ErlRef(atom('nonode@nohost'), 1, [1, 2]));
    expect(decodeEtf(etf(101, nodeAtom, ...u32(6), 2))).toEqual(new ErlRef(atom('nonode@nohost'), 2, [6]));
    expectError(etf(90, 0, 6, nodeAtom, ...u32(4), new Array(24).fill(0)), 'bad_etf', 1);
    // The old forms carry 2-bit creations and 18-bit first id words; ERTS refuses more.
    expectError(etf(101, nodeAtom, ...u32(6), 4), 'bad_etf', 22);
    expectError(etf(101, nodeAtom, ...u32(0x40000), 1), 'bad_etf', 1);
    expectError(etf(114, 0, 1, nodeAtom, 1, ...u32(0x40000)), 'bad_etf', 1);
    expectError(etf(103, nodeAtom, ...u32(9), ...u32(1), 4), 'bad_etf', 26);
    expectError(etf(102, nodeAtom, ...u32(5), 4), 'bad_etf', 22);
  });

  it('NEW_FUN_EXT (112) with free variables', () => {
    const uniq = Array.from({ length: 16 }, (_, i) => i);
    const pid = [88, nodeAtom, ...u32(9), ...u32(0), ...u32(0)].flat();
    const body = [1, ...uniq, ...u32(0), ...u32(2), 100, 0, 2, ...Buffer.from('t1'), 97, 0, 98, ...u32(12345), ...pid, 97, 1, 106];
    const bytes = etf(112, ...u32(body.length + 4), body);
    const fun = decodeEtf(bytes) as ErlClosure;
    expect(fun).toBeInstanceOf(ErlClosure);
    expect(fun.module).toBe(atom('t1'));
    expect(fun.arity).toBe(1);
    expect(fun.uniq).toEqual(Uint8Array.from(uniq));
    expect(fun.oldUniq).toBe(12345);
    expect(fun.pid).toEqual(new ErlPid(atom('nonode@nohost'), 9, 0, 0));
    expect(fun.freeVars).toEqual([1, []]);
    expect(decodeEtfWithLength(bytes).length).toBe(bytes.length);
  });

  it('compressed terms (131 80)', () => {
    const inner = Uint8Array.from([107, 0, 100, ...new Array(100).fill(0)]);
    const bytes = etf(80, ...u32(inner.length), [...deflate(inner)]);
    expect(decodeEtf(bytes)).toEqual(new Array(100).fill(0));
    expect(decodeEtfWithLength(bytes).length).toBe(bytes.length);
    // Size claim that does not match the stream.
    expectError(etf(80, ...u32(inner.length + 1), [...deflate(inner)]), 'inflate_failed');
    // A claim of 4 GB is refused before any inflating.
    const claim = expectError(etf(80, 0xff, 0xff, 0xff, 0xff, 0x78, 0x9c), 'limit_exceeded');
    expect(claim.offset).toBe(2);
  });

  it('refuses ATOM_CACHE_REF (82), FUN_EXT (117), LOCAL_EXT (121), ERTS-internal atom references (73, 75), distribution headers and unknown tags', () => {
    for (const tag of [82, 117, 121, 68, 69, 73, 75]) expectError(etf(tag, 0, 0, 0, 0), 'unsupported', 1);
    expectError(etf(1), 'unknown_etf_tag', 1);
    expectError(Uint8Array.of(130, 97, 1), 'bad_etf', 0);
  });
});

describe('decodeEtf: offsets, lengths and limits', () => {
  it('decodes at an offset and reports absolute offsets with the chunk id', () => {
    const bytes = Uint8Array.of(0, 0, 131, 104, 2, 97, 1, 97);
    try {
      decodeEtf(bytes, { offset: 2, baseOffset: 1000, chunk: 'LitT' });
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(BeamFormatError);
      const e = error as BeamFormatError;
      expect(e.code).toBe('truncated');
      expect(e.chunk).toBe('LitT');
      expect(e.offset).toBe(1008);
    }
    expect(decodeEtfWithLength(Uint8Array.of(9, 131, 97, 5, 131), { offset: 1 })).toEqual({ term: 5, length: 3 });
  });

  it('refuses hostile claimed lengths before allocating', () => {
    expectError(etf(105, 0xff, 0xff, 0xff, 0xff), 'truncated', 1);
    expectError(etf(108, 0xff, 0xff, 0xff, 0xff, 106), 'truncated', 1);
    expectError(etf(116, 0x7f, 0xff, 0xff, 0xff), 'truncated', 1);
    expectError(etf(109, 0xff, 0xff, 0xff, 0xff, 1), 'truncated', 1);
    // Nested claims may not add up to more than the input either.
    const nested: number[] = [];
    for (let i = 0; i < 1000; i++) nested.push(105, ...u32(2000));
    expectError(etf(nested), 'truncated');
  });

  it('decodes 1,000,000 nested tuples without using the JS stack', () => {
    const depth = 1_000_000;
    const bytes = new Uint8Array(1 + depth * 2 + 1);
    bytes[0] = 131;
    for (let i = 0; i < depth; i++) bytes.set([104, 1], 1 + i * 2);
    bytes[bytes.length - 1] = 106;
    let term = decodeEtf(bytes, { limits: { maxDepth: depth } });
    let levels = 0;
    while (term instanceof ErlTuple) {
      term = term.elements[0]!;
      levels++;
    }
    expect(levels).toBe(depth);
    expectError(bytes, 'limit_exceeded');
  });

  it('enforces maxElements and maxInflatedBytes', () => {
    const list = etf(108, ...u32(3), 97, 1, 97, 2, 97, 3, 106);
    expect(() => decodeEtf(list, { limits: { maxElements: 4 } })).toThrow(BeamFormatError);
    expect(decodeEtf(list, { limits: { maxElements: 5 } })).toEqual([1, 2, 3]);
    const inner = Uint8Array.from([109, ...u32(5000), ...new Array(5000).fill(7)]);
    const compressed = etf(80, ...u32(inner.length), [...deflate(inner)]);
    expect(() => decodeEtf(compressed, { limits: { maxInflatedBytes: 4000 } })).toThrow(/limit/);
  });
});

describe('decodeEtf on Node Buffers', () => {
  it('copies binaries and atom bytes out of the input, even when the input is a pooled Buffer', () => {
    const input = Buffer.from([131, 104, 2, 109, 0, 0, 0, 2, 7, 8, 100, 0, 3, 0x78, 0x79, 0x7a]);
    const tuple = decodeEtf(input) as ErlTuple;
    const binary = tuple.elements[0] as Uint8Array;
    expect(Buffer.isBuffer(binary)).toBe(false);
    // Overwrite the input: decoded values must not change, nor may the atom cache
    // hand out 'xyz' for the new bytes.
    input.fill(0, 8, 10);
    input.set([0x61, 0x62, 0x63], 13);
    expect([...binary]).toEqual([7, 8]);
    expect(tuple.elements[1]).toBe(atom('xyz'));
    expect((decodeEtf(input) as ErlTuple).elements[1]).toBe(atom('abc'));
  });
});
