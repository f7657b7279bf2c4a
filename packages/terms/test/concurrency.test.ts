import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Arena, AtomTable, PREDEFINED_ATOMS } from '../src/index.js';
import type { HammerResult } from '../src/testing/hammer-protocol.js';
import { runHammer, type HammerPlan } from '../src/testing/run-hammer.js';

// Vitest on Node 20 cannot start a .ts worker: the tests run after `build`, from dist/.
const workerFile = new URL('../dist/testing/hammer-worker.js', import.meta.url);
const WORKERS = 4;
const OPERATIONS = 100_000;
const SHARED_NAMES = 5_000;

function checkMemory(arena: Arena, results: HammerResult[], baselineBytesInUse: number): void {
  for (const result of results) {
    expect(result.allocationErrors).toEqual([]);
    expect(result.corruptedBlocks).toBe(0);
    expect(result.frees).toBe(result.allocations);
  }
  // Every worker freed all it allocated: the heap is back where it started, and consistent.
  arena.verify();
  const stats = arena.stats();
  expect(stats.bytesInUse).toBe(baselineBytesInUse);
  expect(stats.bytesInUseByKind.heap).toBe(0);
  expect(stats.bytesInUseByKind.message).toBe(0);
}

function checkAtoms(arena: Arena, atomDescriptor: number, results: HammerResult[]): void {
  const indexByName = new Map<string, number>();
  for (const result of results) {
    expect(result.atomNameMismatches).toEqual([]);
    for (const [name, index] of result.atoms) {
      const known = indexByName.get(name);
      if (known === undefined) indexByName.set(name, index);
      // Every thread got the same index for the same name.
      else if (known !== index) expect.fail(`${name}: one thread got ${known}, another ${index}`);
    }
  }
  // No two names share an index.
  expect(new Set(indexByName.values()).size).toBe(indexByName.size);
  // Nothing lost, nothing duplicated: the table holds the predefined atoms plus exactly the
  // names the workers interned, and a fresh view (no per-thread caches) finds each one.
  const fresh = AtomTable.attach(Arena.attach(arena.buffer), atomDescriptor);
  expect(fresh.count).toBe(PREDEFINED_ATOMS.length + indexByName.size);
  for (const [name, index] of indexByName) {
    if (fresh.lookup(name) !== index) expect.fail(`${name} is at ${fresh.lookup(name)}, workers saw ${index}`);
    if (fresh.nameOf(index) !== name) expect.fail(`atom ${index} is ${fresh.nameOf(index)}, workers saw ${name}`);
  }
  for (let index = 0; index < fresh.count; index++) fresh.nameOf(index); // no hole in the index space
}

function plan(mode: HammerPlan['mode'], arena: Arena, atomDescriptor = 0): HammerPlan {
  return {
    mode,
    buffer: arena.buffer,
    atomDescriptor,
    workerCount: WORKERS,
    operations: OPERATIONS,
    sharedNames: SHARED_NAMES,
    maxBlockWords: 20_000,
    maxLiveBlocks: 200,
  };
}

describe('concurrency (4 worker threads, 100,000 operations each)', () => {
  it('finds the built worker', () => {
    expect(existsSync(fileURLToPath(workerFile)), 'run `pnpm --filter @beamload/terms build` first').toBe(true);
  });

  it('the shared lock excludes: 4 threads, plain read-modify-write of one counter, no increment lost', async () => {
    const arena = Arena.create();
    const block = arena.alloc(3, 'other');
    arena.fixedI32.fill(0, block, block + 3);
    const results = await runHammer(workerFile, { ...plan('lock-counter', arena), counterBlock: block });
    expect(results).toHaveLength(WORKERS);
    // Each worker runs its loop twice: once to warm the JIT up, once timed.
    expect(arena.i32[block + 1]).toBe(WORKERS * 2 * OPERATIONS);
    expect(arena.i32[block]).toBe(0); // released
  });

  it('alloc/free from 4 threads while the arena grows: no overlap, no corruption, no leak', async () => {
    const arena = Arena.create({ initialBytes: 64 * 1024, maxBytes: 256 * 1024 * 1024 });
    // While the workers run, the main thread walks the whole heap under the lock, again and
    // again: the allocator is consistent between any two operations, not only at the end.
    let verifications = 0;
    let inconsistency: unknown;
    const verifier = setInterval(() => {
      try {
        arena.verify();
        verifications++;
      } catch (error) {
        inconsistency ??= error;
      }
    }, 5);
    let results: HammerResult[];
    try {
      results = await runHammer(workerFile, plan('memory', arena));
    } finally {
      clearInterval(verifier);
    }
    expect(inconsistency).toBeUndefined();
    expect(verifications).toBeGreaterThan(0);
    expect(arena.stats().growCount).toBeGreaterThan(0);
    expect(results.reduce((sum, result) => sum + result.arenaFullCount, 0)).toBe(0);
    checkMemory(arena, results, 0);
  });

  it('atom intern/lookup from 4 threads on overlapping names: one index per name, none lost', async () => {
    const arena = Arena.create({ initialBytes: 64 * 1024 });
    const atoms = AtomTable.create(arena);
    const results = await runHammer(workerFile, plan('atoms', arena, atoms.descriptor));
    expect(arena.stats().growCount).toBeGreaterThan(0);
    expect(atoms.retiredWords).toBeGreaterThan(0); // the hash table grew while others read it
    checkAtoms(arena, atoms.descriptor, results);
  });

  it('both at once, from a small arena with debug guards: atom table and blocks grow together', async () => {
    // Guards: any overlap of blocks also shows as an overrun or a write after free.
    const arena = Arena.create({ initialBytes: 64 * 1024, guards: true });
    const atoms = AtomTable.create(arena);
    const atomBytes = arena.stats().bytesInUse;
    const results = await runHammer(workerFile, plan('mixed', arena, atoms.descriptor));
    checkAtoms(arena, atoms.descriptor, results);
    const stats = arena.stats();
    expect(stats.growCount).toBeGreaterThan(0);
    checkMemory(arena, results, stats.bytesInUseByKind.atom);
    expect(stats.bytesInUseByKind.atom).toBeGreaterThan(atomBytes);
  });

  it('hitting maxBytes under contention gives arena_full, never corruption', async () => {
    const arena = Arena.create({ initialBytes: 64 * 1024, maxBytes: 1024 * 1024 });
    const results = await runHammer(workerFile, { ...plan('memory', arena), operations: 20_000, maxBlockWords: 100_000 });
    expect(results.reduce((sum, result) => sum + result.arenaFullCount, 0)).toBeGreaterThan(0);
    expect(arena.stats().bytesReserved).toBe(1024 * 1024);
    checkMemory(arena, results, 0);
  });
});
