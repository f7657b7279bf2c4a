/**
 * Arena and atom table benchmark (not a test): `pnpm --filter @beamload/terms bench`.
 *
 * Every figure is timed inside worker threads, after a JIT warm-up, between a common start
 * gate and their last operation (thread start-up excluded). Each round measures the
 * reference and the subjects back to back, so a ratio compares figures taken under the same
 * machine load; the report gives the median over ROUNDS rounds of each figure and of each
 * ratio. References: the bare lock (acquire + release) for alloc/free, a JS Map.get in a
 * worker for atom lookups.
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

interface Subject {
  label: string;
  mode: HammerMode;
  workers: number;
  /** Operations per worker. */
  operations: number;
  setup: () => { arena: Arena; atomDescriptor: number };
}

interface Measured {
  /** Nanoseconds per operation as one thread sees it (median over threads of elapsed / operations). */
  perThread: number;
  /** Wall nanoseconds per operation for all threads together (slowest thread / all operations). */
  aggregate: number;
}

async function measureOnce(subject: Subject): Promise<Measured> {
  const { arena, atomDescriptor } = subject.setup();
  const plan: HammerPlan = {
    mode: subject.mode,
    buffer: arena.buffer,
    atomDescriptor,
    workerCount: subject.workers,
    operations: subject.operations,
    sharedNames: LOOKUP_NAMES,
    maxBlockWords: 32,
    maxLiveBlocks: 64,
  };
  const results = await runHammer(workerFile, plan);
  const slowest = Math.max(...results.map((result) => result.elapsedNanoseconds));
  return {
    perThread: median(results.map((result) => result.elapsedNanoseconds / subject.operations)),
    aggregate: slowest / (subject.operations * subject.workers),
  };
}

/** Runs the reference and the subjects ROUNDS times, interleaved; prints medians and ratios to the reference. */
async function compare(title: string, reference: Subject, subjects: Subject[]): Promise<void> {
  const all = [reference, ...subjects];
  const figures = all.map(() => ({ perThread: [] as number[], aggregate: [] as number[], ratio: [] as number[] }));
  for (let round = 0; round < ROUNDS; round++) {
    const measured: Measured[] = [];
    for (const subject of all) measured.push(await measureOnce(subject));
    measured.forEach((figure, index) => {
      figures[index].perThread.push(figure.perThread);
      figures[index].aggregate.push(figure.aggregate);
      figures[index].ratio.push(figure.aggregate / measured[0].aggregate);
    });
  }
  console.log(title);
  console.log(`  ${'subject'.padEnd(44)}${'ns/op per thread'.padStart(18)}${'ns/op aggregate'.padStart(18)}${'ratio (aggregate)'.padStart(20)}`);
  all.forEach((subject, index) => {
    const figure = figures[index];
    console.log(
      `  ${subject.label.padEnd(44)}${median(figure.perThread).toFixed(1).padStart(18)}` +
        `${median(figure.aggregate).toFixed(1).padStart(18)}${median(figure.ratio).toFixed(2).padStart(20)}`,
    );
  });
  console.log('');
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

/*
 * ns per operation (one read-modify-write and one read) over a 1 MiB window of the arena.
 * The loop is written out twice on purpose: one shared function would see both kinds of
 * view and make its element accesses polymorphic, measuring neither kind.
 */
function fixedViewAccess(arena: Arena, operations: number): number {
  const view = arena.fixedU32;
  const started = process.hrtime.bigint();
  let checksum = 0;
  for (let operation = 0; operation < operations; operation++) {
    const index = 1024 + ((operation * 7) & 0x3ffff);
    view[index] = view[index] + 1;
    checksum += view[index + 1];
  }
  const elapsed = Number(process.hrtime.bigint() - started) / operations;
  if (checksum < 0) throw new Error('impossible checksum');
  return elapsed;
}

function trackingViewAccess(arena: Arena, operations: number): number {
  const view = arena.u32;
  const started = process.hrtime.bigint();
  let checksum = 0;
  for (let operation = 0; operation < operations; operation++) {
    const index = 1024 + ((operation * 7) & 0x3ffff);
    view[index] = view[index] + 1;
    checksum += view[index + 1];
  }
  const elapsed = Number(process.hrtime.bigint() - started) / operations;
  if (checksum < 0) throw new Error('impossible checksum');
  return elapsed;
}

function compareViews(): void {
  const arena = Arena.create({ initialBytes: 2 << 20 });
  const operations = 5_000_000;
  const fixed: number[] = [];
  const tracking: number[] = [];
  const ratio: number[] = [];
  fixedViewAccess(arena, operations);
  trackingViewAccess(arena, operations);
  for (let round = 0; round < ROUNDS; round++) {
    fixed.push(fixedViewAccess(arena, operations));
    tracking.push(trackingViewAccess(arena, operations));
    ratio.push(tracking[round] / fixed[round]);
  }
  console.log('arena views: one read-modify-write and one read, main thread');
  console.log(`  ${'subject'.padEnd(44)}${'ns/op'.padStart(18)}${'ratio'.padStart(20)}`);
  console.log(`  ${'fixedU32 (reference)'.padEnd(44)}${median(fixed).toFixed(1).padStart(18)}${(1).toFixed(2).padStart(20)}`);
  console.log(`  ${'u32, length-tracking'.padEnd(44)}${median(tracking).toFixed(1).padStart(18)}${median(ratio).toFixed(2).padStart(20)}`);
  console.log('');
}

async function main(): Promise<void> {
  console.log(
    `@beamload/terms arena bench: node ${process.version}, ${availableParallelism()} cores, ` +
      `load average ${loadavg()[0].toFixed(1)} at start, medians of ${ROUNDS} interleaved rounds`,
  );
  console.log('');
  compareViews();
  await compare(
    'alloc/free: steady state, 0..31-word blocks; one alloc or one free = one operation',
    { label: 'lock acquire + release, 1 thread (reference)', mode: 'bench-lock', workers: 1, operations: LOCK_OPERATIONS, setup: arenaOnly },
    [
      { label: 'lock acquire + release, 4 threads', mode: 'bench-lock', workers: 4, operations: LOCK_OPERATIONS / 4, setup: arenaOnly },
      { label: 'alloc/free, 1 thread', mode: 'bench-alloc', workers: 1, operations: ALLOC_OPERATIONS, setup: arenaOnly },
      { label: 'alloc/free, 4 threads', mode: 'bench-alloc', workers: 4, operations: ALLOC_OPERATIONS / 4, setup: arenaOnly },
    ],
  );
  await compare(
    `atom lookup: ${LOOKUP_NAMES} interned names, cycled`,
    { label: 'JS Map.get, 1 thread (reference)', mode: 'bench-map', workers: 1, operations: LOOKUP_OPERATIONS, setup: arenaWithAtoms },
    [
      { label: 'lookup(string), thread cache hit, 1 thread', mode: 'bench-lookup', workers: 1, operations: LOOKUP_OPERATIONS, setup: arenaWithAtoms },
      { label: 'lookupUtf8, shared table, 1 thread', mode: 'bench-lookup-uncached', workers: 1, operations: LOOKUP_OPERATIONS, setup: arenaWithAtoms },
      { label: 'lookupUtf8, shared table, 4 threads', mode: 'bench-lookup-uncached', workers: 4, operations: LOOKUP_OPERATIONS / 4, setup: arenaWithAtoms },
    ],
  );
}

await main();
