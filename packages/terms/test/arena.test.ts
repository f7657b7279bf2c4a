import { describe, expect, it } from 'vitest';
import { ALLOC_KINDS, Arena, ArenaError } from '../src/index.js';

function expectArenaError(action: () => unknown, code: string): ArenaError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ArenaError);
    expect((error as ArenaError).code).toBe(code);
    return error as ArenaError;
  }
  throw new Error(`expected ArenaError ${code}, nothing was thrown`);
}

describe('Arena allocation', () => {
  it('returns distinct 8-byte aligned blocks of at least the requested size', () => {
    const arena = Arena.create({ initialBytes: 64 * 1024 });
    const blocks: Array<[number, number]> = [];
    for (let words = 0; words < 300; words += 7) {
      const block = arena.alloc(words, 'heap');
      expect(block % 2).toBe(0);
      expect(arena.blockWords(block)).toBeGreaterThanOrEqual(words);
      blocks.push([block, arena.blockWords(block)]);
    }
    blocks.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < blocks.length; i++) {
      expect(blocks[i - 1][0] + blocks[i - 1][1]).toBeLessThanOrEqual(blocks[i][0]);
    }
    arena.verify();
  });

  it('keeps what is written into a block', () => {
    const arena = Arena.create();
    const a = arena.alloc(10, 'heap');
    const b = arena.alloc(10, 'heap');
    for (let i = 0; i < 10; i++) {
      arena.u32[a + i] = 0xa0000000 + i;
      arena.u32[b + i] = 0xb0000000 + i;
    }
    arena.free(a);
    const c = arena.alloc(3, 'message');
    arena.u32.fill(0xcccccccc, c, c + 3);
    for (let i = 0; i < 10; i++) expect(arena.u32[b + i]).toBe(0xb0000000 + i);
    arena.verify();
  });

  it('reuses freed blocks of the same size', () => {
    const arena = Arena.create();
    const keep = arena.alloc(8, 'heap');
    const a = arena.alloc(20, 'heap');
    arena.alloc(8, 'heap');
    arena.free(a);
    expect(arena.alloc(20, 'code')).toBe(a);
    expect(arena.kindOf(a)).toBe('code');
    expect(arena.kindOf(keep)).toBe('heap');
  });

  it('splits a large free block and coalesces neighbours on free', () => {
    const arena = Arena.create();
    const big = arena.alloc(1000, 'heap');
    const fence = arena.alloc(2, 'heap');
    arena.free(big);
    const parts = [arena.alloc(100, 'heap'), arena.alloc(200, 'heap'), arena.alloc(300, 'heap')];
    expect(parts.every((p) => p >= big && p < fence)).toBe(true);
    arena.verify();
    // Free in an order that exercises merging with the previous, the next, and both.
    arena.free(parts[1]);
    arena.free(parts[0]);
    arena.free(parts[2]);
    arena.verify();
    expect(arena.stats().freeBlocks).toBe(1);
    expect(arena.alloc(1000, 'heap')).toBe(big);
  });

  it('lowers the footprint when the last block is freed', () => {
    const arena = Arena.create();
    const start = arena.stats().bytesUsedExtent;
    const a = arena.alloc(50, 'heap');
    const b = arena.alloc(50, 'heap');
    arena.free(a);
    expect(arena.stats().bytesUsedExtent).toBeGreaterThan(start);
    arena.free(b);
    expect(arena.stats().bytesUsedExtent).toBe(start);
    expect(arena.stats().freeBlocks).toBe(0);
    arena.verify();
  });

  it('reads and writes float64 at even and odd word indexes, bit exact', () => {
    const arena = Arena.create();
    const block = arena.alloc(8, 'literal');
    const values = [0, -0, 1.5, -1e308, Number.MIN_VALUE, Math.PI, Infinity];
    for (const offset of [0, 1, 2, 3]) {
      for (const value of values) {
        arena.writeFloat64(block + offset, value);
        expect(Object.is(arena.readFloat64(block + offset), value)).toBe(true);
      }
    }
    arena.writeFloat64(block + 1, -0);
    expect(arena.u32[block + 2]).toBe(0x80000000);
    expect(arena.u32[block + 1]).toBe(0);
  });
});

describe('Arena statistics', () => {
  it('counts bytes and blocks by kind, and returns to zero', () => {
    const arena = Arena.create();
    const before = arena.stats();
    expect(before.bytesInUse).toBe(0);
    const blocks = ALLOC_KINDS.map((kind, i) => ({ kind, block: arena.alloc(10 * (i + 1), kind) }));
    const during = arena.stats();
    for (const { kind, block } of blocks) {
      // Block bytes = payload + 2 header words, rounded to an even word count.
      expect(during.bytesInUseByKind[kind]).toBe((arena.blockWords(block) + 2) * 4);
    }
    expect(during.bytesInUse).toBe(Object.values(during.bytesInUseByKind).reduce((a, b) => a + b, 0));
    expect(during.blocksInUse).toBe(ALLOC_KINDS.length);
    for (const { block } of blocks) arena.free(block);
    const after = arena.stats();
    expect(after.bytesInUse).toBe(0);
    expect(after.blocksInUse).toBe(0);
    for (const kind of ALLOC_KINDS) expect(after.bytesInUseByKind[kind]).toBe(0);
    expect(after.bytesUsedExtent).toBe(before.bytesUsedExtent);
  });
});

describe('Arena growth and limits', () => {
  it('grows the buffer when full, keeping contents; views fetched after growth cover it', () => {
    const arena = Arena.create({ initialBytes: 64 * 1024, maxBytes: 4 * 1024 * 1024 });
    const tracking = arena.u32;
    const first = arena.alloc(100, 'heap');
    const fixed = arena.fixedU32;
    fixed[first] = 12345;
    const blocks = [];
    for (let i = 0; i < 100; i++) blocks.push(arena.alloc(1000, 'heap'));
    const stats = arena.stats();
    expect(stats.bytesReserved).toBeGreaterThan(64 * 1024);
    expect(stats.growCount).toBeGreaterThan(0);
    const last = blocks[blocks.length - 1];
    // A length-tracking view follows the growth; a fixed view fetched before it covers only
    // the old part, and one fetched after covers everything.
    expect(tracking.length).toBe(stats.bytesReserved / 4);
    expect(fixed.length).toBe(64 * 1024 / 4);
    expect(fixed[first]).toBe(12345);
    expect(arena.fixedU32.length).toBe(stats.bytesReserved / 4);
    arena.fixedU32[last + 999] = 777;
    expect(tracking[last + 999]).toBe(777);
    expect(Arena.attach(arena.buffer).fixedU32[last + 999]).toBe(777);
    expect(arena.u32[first]).toBe(12345);
    arena.verify();
  });

  it('throws arena_full beyond maxBytes and stays usable and consistent', () => {
    const arena = Arena.create({ initialBytes: 64 * 1024, maxBytes: 256 * 1024 });
    const blocks: number[] = [];
    const error = expectArenaError(() => {
      for (;;) blocks.push(arena.alloc(1000, 'heap'));
    }, 'arena_full');
    expect(error.offset).toBeGreaterThan(0);
    expect(arena.stats().bytesReserved).toBe(256 * 1024);
    arena.verify();
    const inUse = arena.stats().bytesInUse;
    expectArenaError(() => arena.alloc(100_000, 'heap'), 'arena_full');
    expect(arena.stats().bytesInUse).toBe(inUse);
    arena.free(blocks.pop()!);
    const again = arena.alloc(1000, 'heap');
    expect(again).toBeGreaterThan(0);
    arena.verify();
  });

  it('refuses a request larger than maxBytes before touching anything', () => {
    const arena = Arena.create({ maxBytes: 1024 * 1024 });
    expectArenaError(() => arena.alloc(2 ** 30, 'heap'), 'arena_full');
    expectArenaError(() => arena.alloc(Number.MAX_SAFE_INTEGER, 'heap'), 'arena_full');
    expect(arena.stats().blocksInUse).toBe(0);
  });

  it('rejects bad sizes, kinds and options', () => {
    const arena = Arena.create();
    expectArenaError(() => arena.alloc(-1, 'heap'), 'bad_size');
    expectArenaError(() => arena.alloc(1.5, 'heap'), 'bad_size');
    expectArenaError(() => arena.alloc(Number.NaN, 'heap'), 'bad_size');
    expectArenaError(() => arena.alloc(4, 'stack' as never), 'bad_kind');
    expectArenaError(() => Arena.create({ maxBytes: 2 ** 33 }), 'bad_options');
    expectArenaError(() => Arena.create({ maxBytes: 64 }), 'bad_options');
    expectArenaError(() => Arena.create({ initialBytes: 2 << 20, maxBytes: 1 << 20 }), 'bad_options');
  });
});

describe('Arena bad frees', () => {
  it('detects a double free, a stray pointer and an out-of-range index', () => {
    const arena = Arena.create();
    const a = arena.alloc(10, 'heap');
    const b = arena.alloc(10, 'heap');
    arena.alloc(10, 'heap');
    arena.free(a);
    expect(expectArenaError(() => arena.free(a), 'bad_free').offset).toBe(a * 4);
    expectArenaError(() => arena.free(b + 2), 'bad_free');
    expectArenaError(() => arena.free(b + 1), 'bad_free');
    expectArenaError(() => arena.free(0), 'bad_free');
    expectArenaError(() => arena.free(10_000_000), 'bad_free');
    expectArenaError(() => arena.free(-4), 'bad_free');
    expectArenaError(() => arena.blockWords(a), 'bad_block');
    arena.verify();
    // A block merged into its free neighbour is also caught.
    arena.free(b);
    expectArenaError(() => arena.free(b), 'bad_free');
    arena.verify();
  });

  it('detects a free of a pointer whose header was overwritten', () => {
    const arena = Arena.create();
    const a = arena.alloc(10, 'heap');
    arena.alloc(10, 'heap');
    arena.u32[a - 1] = 0; // a buffer underrun from the block before
    expectArenaError(() => arena.free(a), 'bad_free');
  });

  it('verify() reports a corrupted free block', () => {
    const arena = Arena.create();
    const a = arena.alloc(10, 'heap');
    arena.alloc(10, 'heap');
    arena.free(a);
    arena.u32[a + 9] = 99; // overwrite the free block's footer (use after free)
    expectArenaError(() => arena.verify(), 'corrupt');
  });
});

describe('Arena attach and roots', () => {
  it('attaches to the same allocator state', () => {
    const arena = Arena.create();
    const a = arena.alloc(10, 'heap');
    const other = Arena.attach(arena.buffer);
    expect(other.blockWords(a)).toBe(arena.blockWords(a));
    other.free(a);
    expect(arena.stats().blocksInUse).toBe(0);
    other.setRoot(3, 4242);
    expect(arena.root(3)).toBe(4242);
    expectArenaError(() => arena.root(16), 'bad_root');
  });

  it('refuses buffers that are not arenas', () => {
    expectArenaError(() => Arena.attach(new SharedArrayBuffer(1024) as never), 'bad_buffer');
    const growable = new (SharedArrayBuffer as any)(1024, { maxByteLength: 4096 });
    expectArenaError(() => Arena.attach(growable), 'bad_buffer');
    expectArenaError(() => Arena.attach(new (SharedArrayBuffer as any)(16, { maxByteLength: 4096 })), 'bad_buffer');
  });
});

describe('Arena created at its maximum size', () => {
  it('never grows, so a fixed view fetched once stays whole', () => {
    const arena = Arena.create({ initialBytes: 8 << 20, maxBytes: 8 << 20 });
    const fixed = arena.fixedU32;
    const blocks = [];
    for (let i = 0; i < 100; i++) blocks.push(arena.alloc(10_000, 'heap'));
    expect(arena.stats().growCount).toBe(0);
    expect(arena.fixedU32).toBe(fixed);
    const last = blocks[blocks.length - 1];
    fixed[last + 9_999] = 99;
    expect(arena.u32[last + 9_999]).toBe(99);
  });
});

describe('Arena against a model', () => {
  for (const guards of [false, true]) {
    it(`random alloc/free never overlaps live blocks and keeps every invariant (guards ${guards})`, () => {
      for (const seed of [1, 2, 3]) {
        let state = seed * 2654435761;
        const random = (limit: number): number => {
          state ^= state << 13;
          state ^= state >>> 17;
          state ^= state << 5;
          state >>>= 0;
          return state % limit;
        };
        const arena = Arena.create({ initialBytes: 64 * 1024, maxBytes: 2 * 1024 * 1024, guards });
        // The model: live blocks as [start, end) payload intervals with their requested size.
        const live = new Map<number, { words: number; kind: (typeof ALLOC_KINDS)[number] }>();
        for (let step = 0; step < 3_000; step++) {
          if (live.size > 0 && random(5) < 2) {
            const blocks = [...live.keys()];
            const block = blocks[random(blocks.length)];
            expect(arena.kindOf(block)).toBe(live.get(block)!.kind);
            arena.free(block);
            live.delete(block);
          } else {
            const words = random(4) === 0 ? random(3_000) : random(40);
            const kind = ALLOC_KINDS[random(ALLOC_KINDS.length)];
            let block: number;
            try {
              block = arena.alloc(words, kind);
            } catch (error) {
              expect((error as ArenaError).code).toBe('arena_full');
              continue;
            }
            expect(live.has(block)).toBe(false);
            expect(arena.blockWords(block)).toBeGreaterThanOrEqual(words);
            live.set(block, { words, kind });
          }
          if (step % 50 === 0) {
            arena.verify();
            const intervals = [...live].map(([start]) => [start, start + arena.blockWords(start)] as const).sort((a, b) => a[0] - b[0]);
            for (let i = 1; i < intervals.length; i++) expect(intervals[i - 1][1]).toBeLessThanOrEqual(intervals[i][0] - 2);
            const stats = arena.stats();
            expect(stats.blocksInUse).toBe(live.size);
          }
        }
        for (const block of live.keys()) arena.free(block);
        arena.verify();
        expect(arena.stats().bytesInUse).toBe(0);
        expect(arena.stats().bytesUsedExtent).toBe(128 * 4);
      }
    });
  }
});
