import { describe, expect, it } from 'vitest';
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
} from '@beamload/beam-format';
import { HeapWriter, isLocalPid, termToValue, valueToTerm, valueWords, writeTerm } from '../src/index.js';
import { newStore } from './term-test-store.js';

function roundTrip(value: Term): { text: string; back: Term; term: number; usedExactly: boolean } {
  const store = newStore();
  const words = valueWords(store, value);
  const writer = HeapWriter.allocate(store.arena, Math.max(words, 1), 'heap');
  const term = valueToTerm(store, writer, value);
  return { text: writeTerm(store, term), back: termToValue(store, term), term, usedExactly: writer.used <= words };
}

describe('JS values <-> terms', () => {
  it('round-trips every kind of value', () => {
    const value = new ErlTuple([
      1,
      -(2n ** 100n),
      2 ** 40,
      new ErlFloat(-0),
      atom('ok'),
      [1, [2], []],
      new ErlImproperList([1, 2], atom('tail')),
      new Uint8Array([1, 2, 3]),
      new ErlBitstring(new Uint8Array([0xa0]), 3),
      new ErlMap([[atom('k'), 1], [2, atom('v')]]),
      new ErlExportFun(atom('lists'), atom('map'), 2),
      new ErlPid(atom('nonode@nohost'), 80, 0, 0),
      new ErlPid(atom('a@b'), 1, 2, 3),
      new ErlPort(atom('nonode@nohost'), 5n, 0),
      new ErlRef(atom('nonode@nohost'), 0, [1, 2, 3]),
      new ErlClosure(atom('m'), 1, new Uint8Array(16).fill(7), 0, 0, 123, new ErlPid(atom('nonode@nohost'), 1, 0, 0), [atom('free')]),
    ]);
    const { text, back, usedExactly } = roundTrip(value);
    // The pid of node a@b prints with the node's atom index where erl prints its distribution slot.
    expect(text.replace(/<\d+\.1\.2>/, '<N.1.2>')).toBe(
      '{1,-1267650600228229401496703205376,1099511627776,-0.0,ok,[1,[2],[]],[1,2|tail],<<1,2,3>>,<<5:3>>,' +
        '#{2 => v,k => 1},fun lists:map/2,<0.80.0>,<N.1.2>,#Port<0.5>,#Ref<0.3.2.1>,#Fun<m.0.123>}',
    );
    expect(usedExactly).toBe(true);
    const elements = (back as ErlTuple).elements;
    expect(elements[1]).toBe(-(2n ** 100n));
    expect(elements[2]).toBe(2 ** 40);
    expect(Object.is((elements[3] as ErlFloat).value, -0)).toBe(true);
    expect(elements[5]).toEqual([1, [2], []]);
    expect(elements[8]).toEqual(new ErlBitstring(new Uint8Array([0xa0]), 3));
    expect((elements[15] as ErlClosure).freeVars).toEqual([atom('free')]);
    expect(elements[12]).toEqual(new ErlPid(atom('a@b'), 1, 2, 3));
  });

  it('makes a local pid an immediate and a map over 32 keys a hash map', () => {
    const { term } = roundTrip(new ErlPid(atom('nonode@nohost'), 3, 0, 0));
    expect(isLocalPid(term)).toBe(true);
    const entries: Array<[Term, Term]> = Array.from({ length: 100 }, (_, i) => [i, [i]]);
    const { back } = roundTrip(new ErlMap(entries));
    expect(new Set((back as ErlMap).entries.map(([k]) => k))).toEqual(new Set(entries.map(([k]) => k)));
  });

  it('refuses values with no term form', () => {
    expect(() => roundTrip({} as unknown as Term)).toThrow(/no Erlang term/);
  });
});
