import { describe, expect, it } from 'vitest';
import { BeamFormatError } from '@beamload/beam-format';
import { binaryToTerm, releaseBinaryBlock, termToBinary } from '../src/index.js';
import { newStore } from './term-test-store.js';

/** Seeded PRNG (xorshift32), so a failure reproduces. */
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

// Valid terms to mutate: every tag this decoder reads.
const node = [100, 0, 13, ...Buffer.from('nonode@nohost')];
const SEEDS: number[][] = [
  [131, 104, 3, 97, 1, 110, 8, 0, 0, 0, 0, 0, 0, 0, 0, 1, 108, 0, 0, 0, 2, 106, 106, 100, 0, 1, 120],
  [131, 116, 0, 0, 0, 2, 100, 0, 1, 97, 70, 63, 240, 0, 0, 0, 0, 0, 0, 107, 0, 2, 1, 2, 109, 0, 0, 0, 3, 1, 2, 3],
  [131, 108, 0, 0, 0, 2, 77, 0, 0, 0, 2, 5, 1, 128, 119, 2, 206, 169, 104, 0],
  [131, 113, 100, 0, 5, 108, 105, 115, 116, 115, 100, 0, 3, 109, 97, 112, 97, 2],
  [131, 88, ...node, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0],
  [131, 90, 0, 3, ...node, 0, 0, 0, 0, 0, 3, 81, 199, 106, 116, 0, 1, 135, 95, 251, 230],
  [131, 89, ...node, 0, 0, 0, 1, 0, 0, 0, 0],
  [131, 112, 0, 0, 0, 68, 1, ...Array(16).fill(7), 0, 0, 0, 0, 0, 0, 0, 1, 100, 0, 1, 109, 97, 0, 98, 0, 0, 1, 0, 88, ...node, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 97, 5],
  [131, 111, 0, 0, 0, 9, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  // a hash map (33 keys) whose values are refc binaries (70 bytes): the failure paths free both
  [131, 116, 0, 0, 0, 33, ...Array.from({ length: 33 }, (_, i) => [97, i, 109, 0, 0, 0, 70, ...Array(70).fill(i)]).flat()],
];

describe('mutated ETF', () => {
  it('is decoded or refused with a BeamFormatError, never another exception, and leaves the arena sound', () => {
    const store = newStore();
    const next = random(20261128);
    let decoded = 0;
    let refused = 0;
    const before = store.arena.stats().bytesInUseByKind;
    for (let round = 0; round < 20_000; round++) {
      const bytes = [...SEEDS[round % SEEDS.length]!];
      const edits = 1 + Math.floor(next() * 4);
      for (let e = 0; e < edits; e++) {
        const at = 1 + Math.floor(next() * (bytes.length - 1));
        const what = next();
        if (what < 0.6) bytes[at] = Math.floor(next() * 256);
        else if (what < 0.8) bytes.splice(at, 1);
        else bytes.splice(at, 0, Math.floor(next() * 256));
      }
      try {
        const { term, block, binaryBlocks } = binaryToTerm(store, Uint8Array.from(bytes));
        termToBinary(store, term); // whatever was accepted can be encoded again
        for (const binaryBlock of binaryBlocks) releaseBinaryBlock(store.arena, binaryBlock);
        store.arena.free(block);
        decoded++;
      } catch (error) {
        if (!(error instanceof BeamFormatError)) throw new Error(`input [${bytes.join(',')}] threw ${String(error)}`);
        refused++;
      }
    }
    expect(decoded).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(1_000);
    store.arena.verify();
    // Every heap block and refc data block was given back, on success and on refusal (atoms stay: they never die).
    const after = store.arena.stats().bytesInUseByKind;
    expect([after.heap, after.other]).toEqual([before.heap, before.other]);
  });
});
