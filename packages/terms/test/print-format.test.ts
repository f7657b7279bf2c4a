import { describe, expect, it } from 'vitest';
import { formatAtom, formatFloat, makeBitstring, makeExternalPid, makeExternalPort, makeExternalRef, makeLocalPid, makeTuple, writeTerm, NIL } from '../src/index.js';
import { atomTerm, newStore, newWriter } from './term-test-store.js';

// Expected texts are io_lib:format("~w", [X]) output of OTP 25.
describe('~w printing', () => {
  it.each([
    [1.0, '1.0'],
    [-0.0, '-0.0'],
    [0.1, '0.1'],
    [100.0, '100.0'],
    [1000.0, '1.0e3'],
    [1.0e10, '1.0e10'],
    [123456789.0, '123456789.0'],
    [1.0e15, '1.0e15'],
    [1.0e-5, '1.0e-5'],
    [0.001, '0.001'],
    [2.0e5, '2.0e5'],
    [1.5e300, '1.5e300'],
    [3.0e-320, '3.0e-320'],
    [12345678901234567890.0, '1.2345678901234567e19'],
  ])('float %s as %s', (value, text) => {
    expect(formatFloat(value)).toBe(text);
  });

  it.each([
    ['ok', 'ok'],
    ['hello world', "'hello world'"],
    ['Aa', "'Aa'"],
    ['a@b', 'a@b'],
    ['if', "'if'"],
    ['a\nb', "'a\\nb'"],
    ["'", "'\\''"],
    ['\u03a9', "'\\x{3A9}'"],
    ['', "''"],
    ['\u00df\u00e9', '\u00df\u00e9'],
  ])('atom %j as %s', (name, text) => {
    expect(formatAtom(name)).toBe(text);
  });

  it('writes containers, bitstrings and pids', () => {
    const store = newStore();
    const writer = newWriter(store);
    const term = makeTuple(writer, [atomTerm(store, 'a'), NIL, makeBitstring(writer, new Uint8Array([5, 0x20]), 11), makeLocalPid(80, 2)]);
    expect(writeTerm(store, term)).toBe('{a,[],<<5,1:3>>,<0.80.2>}');
    // a pid of another node: erl shows its distribution-table slot, here the node's atom index
    const pid = makeExternalPid(writer, atomTerm(store, 'a@b'), 1, 3, 4);
    expect(writeTerm(store, pid)).toMatch(/^<\d+\.3\.4>$/);
    expect(writeTerm(store, pid)).not.toBe('<0.3.4>');
    // another incarnation of this node (its name, creation 1): erl prints node 0, as for its own
    const older = makeExternalPid(writer, atomTerm(store, store.nodeName), 1, 3, 4);
    expect(writeTerm(store, older)).toBe('<0.3.4>');
    const port = makeExternalPort(writer, atomTerm(store, store.nodeName), 1, 5n);
    expect(writeTerm(store, port)).toBe('#Port<0.5>');
    const ref = makeExternalRef(writer, atomTerm(store, store.nodeName), 1, [1, 2, 3]);
    expect(writeTerm(store, ref)).toBe('#Ref<0.3.2.1>');
  });
});
