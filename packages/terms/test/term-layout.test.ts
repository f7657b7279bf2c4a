import { describe, expect, it } from 'vitest';
import {
  HEADER_FLOAT,
  HEADER_HEAP_BINARY,
  HEADER_MAP_FLAT,
  HEADER_MAP_HASH,
  HEADER_NEG_BIG,
  HEADER_POS_BIG,
  HEADER_REFC_BINARY,
  HEADER_SUB_BINARY,
  HEADER_TUPLE,
  MAX_SMALL,
  MIN_SMALL,
  NIL,
  TermError,
  binaryBlockRefcount,
  bitstringBytes,
  closureFreeCount,
  closureUniq,
  headerArity,
  headerTag,
  isLocalPid,
  isLocalPort,
  isSmall,
  listElements,
  localPidNumber,
  localPidSerial,
  makeBinary,
  makeBitstring,
  makeClosure,
  makeExportFun,
  makeExternalPid,
  makeFloat,
  makeInteger,
  makeListOf,
  makeLocalPid,
  makeLocalPort,
  makeLocalRef,
  makeMap,
  makeSmall,
  makeSubBinary,
  makeTuple,
  mapEntries,
  mapGet,
  mapSize,
  pointerIndex,
  readFloat,
  readInteger,
  refcBinaryBlock,
  releaseBinaryBlock,
  tupleArity,
  tupleElement,
  exactEquals,
} from '../src/index.js';
import { atomTerm, newStore, newWriter } from './term-test-store.js';

describe('integers', () => {
  it('are smalls exactly within 28 bits, bignums outside, and read back exactly', () => {
    const store = newStore();
    const writer = newWriter(store);
    const values: Array<number | bigint> = [
      0, 1, -1, MAX_SMALL, MIN_SMALL, MAX_SMALL + 1, MIN_SMALL - 1, 2 ** 32, -(2 ** 32), Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER, 2n ** 53n, -(2n ** 64n), 2n ** 2000n - 1n, -(3n ** 500n),
    ];
    for (const value of values) {
      const term = makeInteger(writer, value);
      const fits = BigInt(value) >= BigInt(MIN_SMALL) && BigInt(value) <= BigInt(MAX_SMALL);
      expect(isSmall(term)).toBe(fits);
      const back = readInteger(store.arena, term);
      expect(BigInt(back)).toBe(BigInt(value));
      expect(typeof back).toBe(Number.isSafeInteger(Number(value)) && BigInt(Number(value)) === BigInt(value) ? 'number' : 'bigint');
    }
  });

  it('lays a bignum out as sign header + little-endian 32-bit digits, top digit non-zero', () => {
    const store = newStore();
    const writer = newWriter(store);
    const term = makeInteger(writer, -(2n ** 40n + 5n));
    const at = pointerIndex(term);
    const header = store.arena.i32[at]!;
    expect(headerTag(header)).toBe(HEADER_NEG_BIG);
    expect(headerArity(header)).toBe(2);
    expect(store.arena.u32[at + 1]).toBe(5);
    expect(store.arena.u32[at + 2]).toBe(2 ** 8);
    expect(headerTag(store.arena.i32[pointerIndex(makeInteger(writer, 2 ** 31))]!)).toBe(HEADER_POS_BIG);
  });

  it('refuses a non-integer', () => {
    const store = newStore();
    expect(() => makeInteger(newWriter(store), 1.5)).toThrow(TermError);
  });
});

describe('floats', () => {
  it('keep -0.0 and every double exactly in header + 2 words', () => {
    const store = newStore();
    const writer = newWriter(store);
    writer.alloc(1); // an odd word index: floats need not be 8-byte aligned
    for (const value of [-0, 0, 1.5, -1e300, 5e-324, Math.PI]) {
      const term = makeFloat(writer, value);
      expect(headerTag(store.arena.i32[pointerIndex(term)]!)).toBe(HEADER_FLOAT);
      expect(Object.is(readFloat(store.arena, term), value)).toBe(true);
    }
  });
});

describe('tuples and lists', () => {
  it('build and read back', () => {
    const store = newStore();
    const writer = newWriter(store);
    const ok = atomTerm(store, 'ok');
    const tuple = makeTuple(writer, [ok, makeSmall(7), NIL]);
    expect(headerTag(store.arena.i32[pointerIndex(tuple)]!)).toBe(HEADER_TUPLE);
    expect(tupleArity(store.arena, tuple)).toBe(3);
    expect(tupleElement(store.arena, tuple, 1)).toBe(ok);
    expect(tupleArity(store.arena, makeTuple(writer, []))).toBe(0);
    const list = makeListOf(writer, [makeSmall(1), makeSmall(2)], ok);
    expect(listElements(store.arena, list)).toEqual({ elements: [makeSmall(1), makeSmall(2)], tail: ok });
    expect(makeListOf(writer, [])).toBe(NIL);
  });
});

describe('binaries', () => {
  it('are heap binaries up to 64 bytes and refc binaries above, with a shared refcounted block', () => {
    const store = newStore();
    const writer = newWriter(store);
    const small = makeBinary(writer, new Uint8Array(64).fill(1));
    const large = makeBinary(writer, new Uint8Array(65).fill(2));
    expect(headerTag(store.arena.i32[pointerIndex(small)]!)).toBe(HEADER_HEAP_BINARY);
    expect(headerTag(store.arena.i32[pointerIndex(large)]!)).toBe(HEADER_REFC_BINARY);
    const block = refcBinaryBlock(store.arena, large);
    expect(binaryBlockRefcount(store.arena, block)).toBe(1);
    expect(store.arena.kindOf(block)).toBe('other');
    expect(bitstringBytes(store.arena, large).bytes).toEqual(new Uint8Array(65).fill(2));
    const before = store.arena.stats().bytesInUseByKind.other;
    expect(releaseBinaryBlock(store.arena, block)).toBe(0);
    expect(store.arena.stats().bytesInUseByKind.other).toBeLessThan(before);
  });

  it('make bitstrings as sub-binaries and read bits at any offset', () => {
    const store = newStore();
    const writer = newWriter(store);
    const bits = makeBitstring(writer, new Uint8Array([0xff, 0xe0]), 11);
    expect(headerTag(store.arena.i32[pointerIndex(bits)]!)).toBe(HEADER_SUB_BINARY);
    expect(bitstringBytes(store.arena, bits)).toEqual({ bytes: new Uint8Array([0xff, 0xe0]), bitSize: 11 });
    const base = makeBinary(writer, new Uint8Array([0b10110011, 0b01011100, 0xff]));
    const window = makeSubBinary(writer, base, 3, 10); // bits 3..12: 1001 1010 11
    expect(bitstringBytes(store.arena, window)).toEqual({ bytes: new Uint8Array([0b10011010, 0b11000000]), bitSize: 10 });
    const nested = makeSubBinary(writer, window, 2, 8); // flattened onto the base: bits 5..12
    expect(store.arena.i32[pointerIndex(nested) + 3]).toBe(base);
    expect(bitstringBytes(store.arena, nested).bytes).toEqual(new Uint8Array([0b01101011]));
  });
});

describe('maps', () => {
  it('keep up to 32 keys flat and sorted in exact term order', () => {
    const store = newStore();
    const writer = newWriter(store);
    const one = makeSmall(1);
    const oneFloat = makeFloat(writer, 1.0);
    const a = atomTerm(store, 'a');
    const map = makeMap(store, writer, [a, oneFloat, one], [makeSmall(10), makeSmall(20), makeSmall(30)]);
    expect(headerTag(store.arena.i32[pointerIndex(map)]!)).toBe(HEADER_MAP_FLAT);
    const { keys, values } = mapEntries(store.arena, map);
    expect(keys).toEqual([one, oneFloat, a]); // integers before floats, numbers before atoms
    expect(values).toEqual([makeSmall(30), makeSmall(20), makeSmall(10)]);
    expect(mapGet(store, map, makeFloat(writer, 1.0))).toBe(makeSmall(20));
    expect(mapGet(store, map, atomTerm(store, 'b'))).toBeUndefined();
  });

  it('become hash maps above 32 keys, and every key is found', () => {
    const store = newStore();
    const writer = newWriter(store, 1 << 20);
    const keys = Array.from({ length: 2000 }, (_, i) => (i % 2 === 0 ? makeSmall(i) : makeTuple(writer, [makeSmall(i)])));
    const values = keys.map((_, i) => makeSmall(-i));
    const map = makeMap(store, writer, keys, values);
    expect(headerTag(store.arena.i32[pointerIndex(map)]!)).toBe(HEADER_MAP_HASH);
    expect(mapSize(store.arena, map)).toBe(2000);
    for (let i = 0; i < keys.length; i++) {
      const probe = i % 2 === 0 ? makeSmall(i) : makeTuple(writer, [makeSmall(i)]);
      expect(mapGet(store, map, probe)).toBe(makeSmall(-i));
    }
    expect(mapGet(store, map, makeSmall(2001))).toBeUndefined();
    expect(mapEntries(store.arena, map).keys.length).toBe(2000);
  });

  it('refuse a key given twice', () => {
    const store = newStore();
    const writer = newWriter(store);
    expect(() => makeMap(store, writer, [makeSmall(1), makeSmall(1)], [NIL, NIL])).toThrow(/twice/);
    const many = Array.from({ length: 40 }, (_, i) => makeSmall(i % 39));
    expect(() => makeMap(store, writer, many, many)).toThrow(/twice/);
  });
});

describe('funs, pids, ports and refs', () => {
  it('keep every closure field the ETF form needs, and a fun entry slot for the loader', () => {
    const store = newStore();
    const writer = newWriter(store);
    const uniq = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
    const pid = makeLocalPid(80, 0);
    const fun = makeClosure(writer, {
      funEntry: 1234,
      module: atomTerm(store, 'mod'),
      arity: 2,
      index: 3,
      oldIndex: 4,
      oldUniq: 99999,
      uniq,
      creator: pid,
      freeVars: [makeSmall(1), atomTerm(store, 'x')],
    });
    expect(closureFreeCount(store.arena, fun)).toBe(2);
    expect(closureUniq(store.arena, fun)).toEqual(uniq);
    expect(store.arena.u32[pointerIndex(fun) + 1]).toBe(1234);
    const exported = makeExportFun(writer, atomTerm(store, 'lists'), atomTerm(store, 'map'), 2);
    expect(headerArity(store.arena.i32[pointerIndex(exported)]!)).toBe(3);
  });

  it('make local pids and ports immediates and external ones boxed', () => {
    const store = newStore();
    const writer = newWriter(store);
    const pid = makeLocalPid(32767, 8191);
    expect(isLocalPid(pid)).toBe(true);
    expect([localPidNumber(pid), localPidSerial(pid)]).toEqual([32767, 8191]);
    expect(isLocalPort(makeLocalPort(5))).toBe(true);
    const external = makeExternalPid(writer, atomTerm(store, 'a@b'), 1, 5, 0);
    expect(isLocalPid(external)).toBe(false);
    expect(exactEquals(store, external, makeExternalPid(writer, atomTerm(store, 'a@b'), 1, 5, 0))).toBe(true);
    expect(exactEquals(store, external, makeExternalPid(writer, atomTerm(store, 'a@b'), 2, 5, 0))).toBe(false);
    const ref = makeLocalRef(writer, [1, 2, 3]);
    expect(exactEquals(store, ref, makeLocalRef(writer, [1, 2, 3, 0]))).toBe(true); // as OTP: high zero numbers do not count
  });
});
