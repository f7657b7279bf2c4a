/**
 * Arena and atom table benchmark (not a test): `pnpm --filter @beamload/terms bench`.
 *
 * Every figure is the median of ROUNDS runs, each run timed inside the worker threads
 * between a common start gate and their last operation (thread start-up excluded).
 * References measured in the same run: a JS Map lookup for atom lookups, and the bare
 * lock (acquire + release) for alloc/free, so the ratios survive a faster or slower machine.
 */
import { availableParallelism, loadavg } from 'node:os';
import { Arena } from '../src/arena/arena.js';
import { AtomTable } from '../src/atoms/atom-table.js';
import { runHammer, type HammerPlan } from '../src/testing/run-hammer.js';
import type { HammerMode } from '../src/testing/hammer-protocol.js';

const ROUNDS = 7;
const ALLOC_OPERATIONS = 400_000;
const LOCK_OPERATIONS = 1_000_000;
const LOOKUP_OPERATIONS = 1_000_000;
const LOOKUP_NAMES = 10_000;
const workerFile = new URL('../testing/hammer-worker.js', import.meta.url);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

interface Measured {
  /** Nanoseconds per operation as one thread sees it (its elapsed time / its operations). */
  perThread: number;
  /** Wall nanoseconds per operation over all threads together (the slowest thread's time / all operations). */
  aggregate: number;
}

async function measure(mode: HammerMode, workerCount: number, operations: number, setup: () => { arena: Arena; atomDescriptor: number }): Promise<Measured> {
  const perThread: number[] = [];
  const aggregate: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const { arena, atomDescriptor } = setup();
    const plan: HammerPlan = {
      mode,
      buffer: arena.buffer,
      atomDescriptor,
      workerCount,
      operations,
      sharedNames: LOOKUP_NAMES,
      maxBlockWords: 32,
      maxLiveBlocks: 64,
    };
    const results = await runHammer(workerFile, plan);
    const slowest = Math.max(...results.map((result) => result.elapsedNanoseconds));
    perThread.push(median(results.map((result) => result.elapsedNanoseconds / operations)));
    aggregate.push(slowest / (operations * workerCount));
  }
  return { perThread: median(perThread), aggregate: median(aggregate) };
}

function arenaOnly(): { arena: Arena; atomDescriptor: number } {
  return { arena: Arena.create({ initialBytes: 1 << 20 }), atomDescriptor: 0 };
}

function arenaWithAtoms(): { arena: Arena; atomDescriptor: number } {
  const arena = Arena.create({ initialBytes: 4 << 20 });
  const atoms = AtomTable.create(arena);
  for (let i = 0; i < LOOKUP_NAMES; i++) atoms.intern(`shared_${i}`);
  return { arena, atomDescriptor: atoms.descriptor };
}

function mapLookupReference(): number {
  const map = new Map<string, number>();
  const names = Array.from({ length: LOOKUP_NAMES }, (_, i) => `shared_${i}`);
  names.forEach((name, i) => map.set(name, i));
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let checksum = 0;
    const started = process.hrtime.bigint();
    for (let operation = 0; operation < LOOKUP_OPERATIONS; operation++) checksum += map.get(names[operation % names.length]) ?? 0;
    times.push(Number(process.hrtime.bigint() - started) / LOOKUP_OPERATIONS);
    if (checksum < 0) throw new Error('impossible');
  }
  return median(times);
}

function format(value: number): string {
  return value.toFixed(1).padStart(8);
}

async function main(): Promise<void> {
  console.log(
    `@beamload/terms arena bench: node ${process.version}, ${availableParallelism()} cores, ` +
      `load average ${loadavg()[0].toFixed(1)} at start, median of ${ROUNDS} rounds`,
  );
  console.log('');
  console.log('alloc/free (steady state, 0..31-word blocks; one alloc or one free = one operation)');
  const lock1 = await measure('bench-lock', 1, LOCK_OPERATIONS, arenaOnly);
  const lock4 = await measure('bench-lock', 4, LOCK_OPERATIONS / 4, arenaOnly);
  const alloc1 = await measure('bench-alloc', 1, ALLOC_OPERATIONS, arenaOnly);
  const alloc4 = await measure('bench-alloc', 4, ALLOC_OPERATIONS / 4, arenaOnly);
  console.log('                               ns/op per thread   ns/op aggregate');
  console.log(`  lock pair, 1 thread          ${format(lock1.perThread)}           ${format(lock1.aggregate)}`);
  console.log(`  lock pair, 4 threads         ${format(lock4.perThread)}           ${format(lock4.aggregate)}`);
  console.log(`  alloc/free, 1 thread         ${format(alloc1.perThread)}           ${format(alloc1.aggregate)}`);
  console.log(`  alloc/free, 4 threads        ${format(alloc4.perThread)}           ${format(alloc4.aggregate)}`);
  console.log(`  ratio alloc/free 4 threads : 1 thread (aggregate) = ${(alloc4.aggregate / alloc1.aggregate).toFixed(2)}`);
  console.log(`  ratio alloc/free : lock pair (1 thread)           = ${(alloc1.perThread / lock1.perThread).toFixed(2)}`);
  console.log('');
  console.log(`atom lookup (${LOOKUP_NAMES} interned names, cycled)`);
  const reference = mapLookupReference();
  const cached1 = await measure('bench-lookup', 1, LOOKUP_OPERATIONS, arenaWithAtoms);
  const shared1 = await measure('bench-lookup-uncached', 1, LOOKUP_OPERATIONS, arenaWithAtoms);
  const shared4 = await measure('bench-lookup-uncached', 4, LOOKUP_OPERATIONS / 4, arenaWithAtoms);
  console.log('                                        ns/op per thread   ratio to Map.get');
  console.log(`  JS Map.get (reference, main thread)   ${format(reference)}           ${format(1)}`);
  console.log(`  lookup(string), thread cache hit      ${format(cached1.perThread)}           ${format(cached1.perThread / reference)}`);
  console.log(`  lookupUtf8, shared table, 1 thread    ${format(shared1.perThread)}           ${format(shared1.perThread / reference)}`);
  console.log(`  lookupUtf8, shared table, 4 threads   ${format(shared4.perThread)}           ${format(shared4.perThread / reference)}`);
}

await main();
