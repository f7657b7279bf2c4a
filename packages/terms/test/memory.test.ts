import { describe, expect, it } from 'vitest';
import { Arena } from '../src/index.js';

/** xorshift32: the same pseudo-random sequence on every run. */
function randomSource(seed: number): (limit: number) => number {
  let state = seed >>> 0;
  return (limit) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % limit;
  };
}

describe('memory footprint', () => {
  it('random alloc/free cycles return to the starting footprint', () => {
    const arena = Arena.create({ initialBytes: 64 * 1024 });
    const start = arena.stats();
    const random = randomSource(42);
    for (let cycle = 0; cycle < 5; cycle++) {
      const live: number[] = [];
      for (let step = 0; step < 20_000; step++) {
        if (live.length > 0 && random(3) === 0) {
          const slot = random(live.length);
          arena.free(live[slot]);
          live[slot] = live[live.length - 1];
          live.pop();
        } else {
          const roll = random(100);
          live.push(arena.alloc(roll < 90 ? random(40) : random(5_000), roll & 1 ? 'heap' : 'literal'));
        }
      }
      arena.verify();
      // Free in a random order, so coalescing sees every kind of neighbourhood.
      while (live.length > 0) {
        const slot = random(live.length);
        arena.free(live[slot]);
        live[slot] = live[live.length - 1];
        live.pop();
      }
      arena.verify();
      const after = arena.stats();
      expect(after.bytesInUse).toBe(start.bytesInUse);
      expect(after.blocksInUse).toBe(start.blocksInUse);
      expect(after.bytesUsedExtent).toBe(start.bytesUsedExtent);
      expect(after.freeBlocks).toBe(0);
      expect(after.bytesFree).toBe(0);
    }
  });

  it('freed neighbours coalesce, so a later big alloc fits without growing', () => {
    const arena = Arena.create({ initialBytes: 1024 * 1024 });
    const reserved = arena.stats().bytesReserved;
    const random = randomSource(7);
    const fence = arena.alloc(4, 'other');
    const blocks: number[] = [];
    // Fill most of the buffer with small blocks of random sizes.
    while (arena.stats().bytesUsedExtent < reserved - 64 * 1024) blocks.push(arena.alloc(1 + random(60), 'heap'));
    const last = arena.alloc(4, 'other'); // keeps TOP from dropping: coalescing alone must do it
    const extent = arena.stats().bytesUsedExtent;
    // Free every other block first (no two free blocks can merge yet), then the rest.
    for (let i = 0; i < blocks.length; i += 2) arena.free(blocks[i]);
    expect(arena.stats().freeBlocks).toBe(Math.ceil(blocks.length / 2));
    for (let i = 1; i < blocks.length; i += 2) arena.free(blocks[i]);
    arena.verify();
    expect(arena.stats().freeBlocks).toBe(1);
    const freeWords = arena.stats().bytesFree / 4;
    // One block as big as everything that was freed: found in the coalesced hole.
    const big = arena.alloc(freeWords - 2, 'literal');
    expect(big).toBe(fence + arena.blockWords(fence) + 2);
    expect(arena.stats().bytesReserved).toBe(reserved);
    expect(arena.stats().growCount).toBe(0);
    expect(arena.stats().bytesUsedExtent).toBe(extent);
    arena.free(big);
    arena.free(last);
    arena.free(fence);
    expect(arena.stats().bytesUsedExtent).toBe(128 * 4);
    arena.verify();
  });

  it('a freed large block is split for small requests and merges back', () => {
    const arena = Arena.create();
    const big = arena.alloc(100_000, 'code');
    const fence = arena.alloc(2, 'code');
    arena.free(big);
    const small = Array.from({ length: 1000 }, (_, i) => arena.alloc(i % 50, 'message'));
    expect(small.every((block) => block < fence)).toBe(true);
    for (const block of small) arena.free(block);
    expect(arena.stats().freeBlocks).toBe(1);
    expect(arena.alloc(100_000, 'code')).toBe(big);
    arena.verify();
  });

  it('growth is bounded: a failing huge request reserves nothing', () => {
    const arena = Arena.create({ initialBytes: 64 * 1024, maxBytes: 8 * 1024 * 1024 });
    expect(() => arena.alloc(3 * 1024 * 1024, 'heap')).toThrowError(expect.objectContaining({ code: 'arena_full' }));
    expect(arena.stats().bytesReserved).toBe(64 * 1024);
    expect(arena.stats().growCount).toBe(0);
  });
});

describe('debug guards (Arena.create({ guards: true }))', () => {
  it('catches a write past the end of a block at free, and keeps the block', () => {
    const arena = Arena.create({ guards: true });
    const block = arena.alloc(7, 'heap');
    expect(arena.blockWords(block)).toBeGreaterThanOrEqual(7);
    arena.fixedU32.fill(1, block, block + arena.blockWords(block));
    arena.verify();
    arena.fixedU32[block + arena.blockWords(block)] = 0; // one word too far
    expect(() => arena.free(block)).toThrowError(expect.objectContaining({ code: 'overrun' }));
    expect(() => arena.verify()).toThrowError(expect.objectContaining({ code: 'corrupt' }));
    expect(arena.stats().blocksInUse).toBe(1);
  });

  it('catches a write into freed memory when the block is reused', () => {
    const arena = Arena.create({ guards: true });
    const block = arena.alloc(20, 'heap');
    arena.alloc(2, 'heap');
    arena.free(block);
    arena.verify();
    arena.fixedU32[block + 10] = 5; // a dangling pointer writes
    expect(() => arena.verify()).toThrowError(expect.objectContaining({ code: 'corrupt' }));
    expect(() => arena.alloc(20, 'heap')).toThrowError(expect.objectContaining({ code: 'use_after_free' }));
  });

  it('runs the random cycles cleanly with guards on', () => {
    const arena = Arena.create({ initialBytes: 64 * 1024, guards: true });
    const random = randomSource(99);
    const live: number[] = [];
    for (let step = 0; step < 20_000; step++) {
      if (live.length > 0 && random(2) === 0) {
        const slot = random(live.length);
        arena.free(live[slot]);
        live[slot] = live[live.length - 1];
        live.pop();
      } else {
        const words = random(100);
        const block = arena.alloc(words, 'heap');
        arena.fixedU32.fill(0x12345678, block, block + words);
        live.push(block);
      }
    }
    arena.verify();
    for (const block of live) arena.free(block);
    arena.verify();
    expect(arena.stats().bytesInUse).toBe(0);
  });
});
