import { describe, expect, it } from 'vitest';
import {
  exactEquals,
  hashTerm,
  isFlatMap,
  makeFloat,
  makeMap,
  makeSmall,
  makeTuple,
  mapGet,
  mapPut,
  mapPutWords,
  mapRemove,
  mapRemoveWords,
  mapSize,
  termToBinary,
  type HeapWriter,
  type TermStore,
} from '../src/index.js';
import { atomTerm, newStore, newWriter } from './term-test-store.js';

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

function keyPool(store: TermStore, writer: HeapWriter): number[] {
  const pool: number[] = [];
  for (let i = 0; i < 120; i++) {
    pool.push(makeSmall(i), atomTerm(store, `k${i}`), makeTuple(writer, [makeSmall(i)]), makeFloat(writer, i + 0.5));
  }
  pool.push(makeSmall(1), makeFloat(writer, 1)); // 1 and 1.0 are different keys
  return pool;
}

describe('persistent map updates', () => {
  it('match a model through 6,000 random puts and removes, across the flat/hash boundary, with exact word counts', () => {
    const store = newStore(1 << 30);
    const writer = newWriter(store, 1 << 23);
    const pool = keyPool(store, writer);
    const next = random(42);
    let map = makeMap(store, writer, [], []);
    let model: Array<[number, number]> = [];
    const history: Array<{ map: number; model: Array<[number, number]> }> = [];
    for (let step = 0; step < 6_000; step++) {
      const key = pool[Math.floor(next() * pool.length)]!;
      // Grow to ~200 keys, shrink below 32, and repeat.
      const phase = Math.floor(step / 750) % 2 === 0;
      const before = writer.used;
      if (next() < (phase ? 0.8 : 0.3)) {
        const value = makeSmall(step);
        const predicted = mapPutWords(store, map, key);
        map = mapPut(store, writer, map, key, value);
        expect(writer.used - before).toBe(predicted);
        model = model.filter(([k]) => !exactEquals(store, k, key));
        model.push([key, value]);
      } else {
        const predicted = mapRemoveWords(store, map, key);
        map = mapRemove(store, writer, map, key);
        expect(writer.used - before).toBe(predicted);
        model = model.filter(([k]) => !exactEquals(store, k, key));
      }
      expect(mapSize(store.arena, map)).toBe(model.length);
      expect(isFlatMap(store.arena, map)).toBe(model.length <= 32);
      if (step % 97 === 0) history.push({ map, model: [...model] });
    }
    // Every old version is intact (persistence), and equal to a map built from scratch.
    for (const { map: old, model: entries } of history) {
      for (const [key, value] of entries) expect(mapGet(store, old, key)).toBe(value);
      const rebuilt = makeMap(store, writer, entries.map(([k]) => k), entries.map(([, v]) => v));
      expect(exactEquals(store, old, rebuilt)).toBe(true);
      expect(hashTerm(store, old)).toBe(hashTerm(store, rebuilt));
      expect(Buffer.from(termToBinary(store, old, { deterministic: true })).equals(Buffer.from(termToBinary(store, rebuilt, { deterministic: true })))).toBe(true);
    }
  });

  it('shares all but the path: a put into a 2,000-key map takes a few dozen words', () => {
    const store = newStore();
    const writer = newWriter(store, 1 << 20);
    const keys = Array.from({ length: 2000 }, (_, i) => makeSmall(i));
    const map = makeMap(store, writer, keys, keys);
    expect(mapPutWords(store, map, makeSmall(5000))).toBeLessThan(120);
    expect(mapPutWords(store, map, makeSmall(7))).toBeLessThan(120);
    expect(mapRemoveWords(store, map, makeSmall(9999))).toBe(0);
    expect(mapRemove(store, writer, map, makeSmall(9999))).toBe(map);
  });

  it('keeps keys whose 32-bit hashes collide apart', () => {
    const store = newStore(1 << 30);
    const writer = newWriter(store, 1 << 22);
    // Find two keys {I, I} with the same 32-bit hashTerm (a birthday search: ~80,000 tries).
    const scratch = newWriter(store, 16);
    const seen = new Map<number, number>();
    let pair: [number, number] | undefined;
    for (let i = 0; pair === undefined && i < 3_000_000; i++) {
      scratch.top = scratch.start;
      const h = hashTerm(store, makeTuple(scratch, [makeSmall(i), makeSmall(i)]));
      const other = seen.get(h);
      if (other !== undefined) pair = [other, i];
      else seen.set(h, i);
    }
    expect(pair).toBeDefined();
    const base = makeMap(store, writer, Array.from({ length: 40 }, (_, i) => makeSmall(-1 - i)), Array.from({ length: 40 }, () => makeSmall(0)));
    const [a, b] = pair!.map((i) => makeTuple(writer, [makeSmall(i), makeSmall(i)])) as [number, number];
    let map = mapPut(store, writer, base, a, makeSmall(1));
    map = mapPut(store, writer, map, b, makeSmall(2));
    expect([mapGet(store, map, a), mapGet(store, map, b), mapSize(store.arena, map)]).toEqual([makeSmall(1), makeSmall(2), 42]);
    map = mapPut(store, writer, map, b, makeSmall(3));
    expect(mapGet(store, map, b)).toBe(makeSmall(3));
    map = mapRemove(store, writer, map, a);
    expect([mapGet(store, map, a), mapGet(store, map, b), mapSize(store.arena, map)]).toEqual([undefined, makeSmall(3), 41]);
  });
});
