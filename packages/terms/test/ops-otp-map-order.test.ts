import { describe, expect, it } from 'vitest';
import { makeMap, makeSmall, otpMapOrder, mapEntries, termToBinary, writeTerm, NIL } from '../src/index.js';
import { atomTerm, newStore, newWriter } from './term-test-store.js';

// maps:keys(maps:from_list([{I, I} || I <- lists:seq(0, 39)])) on OTP 25 (64-bit).
const ERL_ORDER = [33, 12, 23, 29, 30, 39, 26, 31, 11, 37, 9, 32, 34, 25, 28, 6, 0, 38, 13, 20, 15, 14, 2, 7, 1, 8, 3, 17, 22, 21, 4, 36, 24, 10, 35, 27, 19, 5, 18, 16];

describe("OTP's order of maps over 32 keys", () => {
  it('walks integer keys as OTP 25 does, for term_to_binary and (reversed) for ~w', () => {
    const store = newStore();
    const writer = newWriter(store);
    const keys = Array.from({ length: 40 }, (_, i) => makeSmall(i));
    const map = makeMap(store, writer, keys, keys);
    const { keys: stored } = mapEntries(store.arena, map);
    const order = otpMapOrder(store, map)!;
    expect(order.map((i) => stored[i]! >> 4)).toEqual(ERL_ORDER);
    const bytes = termToBinary(store, map);
    expect(Array.from(bytes.subarray(6, 10))).toEqual([97, 33, 97, 33]);
    expect(writeTerm(store, map).startsWith('#{16 => 16,18 => 18,5 => 5,')).toBe(true);
  });

  it('places [] where OTP 25 does (its NIL word in the hash is 0x3B)', () => {
    const store = newStore();
    const writer = newWriter(store);
    const keys = [NIL, ...Array.from({ length: 40 }, (_, i) => makeSmall(i + 1))];
    const map = makeMap(store, writer, keys, keys.map(() => makeSmall(0)));
    const { keys: stored } = mapEntries(store.arena, map);
    const walked = otpMapOrder(store, map)!.map((i) => stored[i]!);
    // erl: [...,21,4,36,[],24,10,...]
    const at = walked.indexOf(NIL);
    expect([walked[at - 1]! >> 4, walked[at + 1]! >> 4]).toEqual([36, 24]);
  });

  it('gives up on atom keys, whose OTP hash depends on the atom table', () => {
    const store = newStore();
    const writer = newWriter(store);
    const keys = Array.from({ length: 40 }, (_, i) => atomTerm(store, `a${i}`));
    expect(otpMapOrder(store, makeMap(store, writer, keys, keys))).toBeUndefined();
  });
});
