import { describe, expect, it } from 'vitest';
import { binaryToTerm, phash2 } from '../src/index.js';
import { newStore } from './term-test-store.js';

// erlang:phash2(T, 1 bsl 32) and erlang:phash2(T) of OTP 25 for these ETF terms.
const KNOWN: Array<[string, number[], number, number]> = [
  ['ok', [131, 100, 0, 2, 111, 107], 1883, 1883],
  ['"abc"', [131, 107, 0, 3, 97, 98, 99], 519996486, 519996486 % 2 ** 27],
  ['{1,1.0}', [131, 104, 2, 97, 1, 70, 63, 240, 0, 0, 0, 0, 0, 0], 3252844639, 3252844639 % 2 ** 27],
];

describe('phash2', () => {
  it.each(KNOWN)('%s hashes as erl', (_, bytes, full, default27) => {
    const store = newStore();
    const { term } = binaryToTerm(store, Uint8Array.from(bytes));
    expect(phash2(store, term, 2 ** 32)).toBe(full);
    expect(phash2(store, term)).toBe(default27);
  });

  it('does not depend on map entry order or layout, and treats -0.0 as 0.0', () => {
    const store = newStore();
    const pairs = (order: number[]) => order.flatMap((i) => [97, i, 97, i * 2]);
    const a = binaryToTerm(store, Uint8Array.from([131, 116, 0, 0, 0, 40, ...pairs(Array.from({ length: 40 }, (_, i) => i))])).term;
    const b = binaryToTerm(store, Uint8Array.from([131, 116, 0, 0, 0, 40, ...pairs(Array.from({ length: 40 }, (_, i) => 39 - i))])).term;
    expect(phash2(store, a, 2 ** 32)).toBe(phash2(store, b, 2 ** 32));
    const zero = binaryToTerm(store, Uint8Array.from([131, 70, 0, 0, 0, 0, 0, 0, 0, 0])).term;
    const negativeZero = binaryToTerm(store, Uint8Array.from([131, 70, 128, 0, 0, 0, 0, 0, 0, 0])).term;
    expect(phash2(store, zero)).toBe(phash2(store, negativeZero));
  });
});
