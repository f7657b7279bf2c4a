// Package script `bench`: loader-core's prepare over the installed OTP corpus and over
// modules with 10,000, 50,000 and 200,000-entry literal tables (the sizes apps/bench
// hot-loads), beside ERTS's erlang:prepare_loading/2 on the same files in the same run
// (bench/erts-prepare.escript). Prints medians and the ratio.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { basename, join } from 'node:path';
import { buildLiteralModule, ErlTuple, readBeam } from '@beamload/beam-format';
import { createLoader, findBeams, otpRoot, PACKAGE_ROOT } from '../scripts/otp-corpus.mjs';
import { prepareRequests } from '../dist/index.js';

// --quick (or BENCH_QUICK=1, or CI=true): a smoke run that proves the bench works: one
// round, no warm-up, every 10th corpus file, a 10,000-entry literal module.
// BENCH_LITERAL_ENTRIES=10000,50000 chooses the literal modules' sizes.
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1' || process.env.CI === 'true';
const ROUNDS = QUICK ? 1 : Number(process.env.BENCH_ROUNDS ?? 6);
const LITERAL_SIZES = (process.env.BENCH_LITERAL_ENTRIES ?? (QUICK ? '10000' : '10000,50000,200000')).split(',').map(Number);
/** Entries prepared per timed round, at least: a smaller module is prepared several times a round. */
const MIN_ENTRIES_PER_ROUND = 50_000;
/** The literal module whose slices are profiled (the middle size: 50,000 by default). */
const SLICED_ENTRIES = LITERAL_SIZES[LITERAL_SIZES.length >> 1];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Times `rounds` rounds of prepare over `files`, after warm-up rounds (V8 needs a few
 * rounds before the transform and decoders run optimised: a long-running VM is in that
 * state; the cold first round is reported separately). Frees each round's modules untimed.
 */
const WARM_UP_ROUNDS = QUICK ? 1 : 3;
const coldRounds = new Map();
function oursMillis(files, rounds) {
  const { loader } = createLoader();
  const inputs = files.map((file) => new Uint8Array(readFileSync(file)));
  const round = () => {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const prepared = inputs.map((bytes) => loader.prepare(bytes));
    const elapsed = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    for (const module of prepared) loader.discard(module);
    cpuMillis.push((cpu.user + cpu.system) / 1000);
    return elapsed;
  };
  const cold = round();
  if (!coldRounds.has(files)) coldRounds.set(files, cold);
  for (let i = 1; i < WARM_UP_ROUNDS; i++) round();
  cpuMillis.length = 0;
  const wall = Array.from({ length: rounds }, round);
  oursCpu.push(...cpuMillis);
  return wall;
}
/** CPU milliseconds of the timed rounds (the machine is shared: wall time includes waiting for a core). */
const cpuMillis = [];
let oursCpu = [];

function ertsMillis(files, rounds) {
  const dir = mkdtempSync(join(tmpdir(), 'beamload-bench-'));
  try {
    const list = join(dir, 'files.txt');
    writeFileSync(list, files.join('\n'));
    const output = execFileSync('escript', [join(PACKAGE_ROOT, 'bench', 'erts-prepare.escript'), list, String(rounds)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const result = JSON.parse(output.trim().split('\n').pop());
    return { millis: result.roundsMicros.map((micros) => micros / 1000), cpu: result.roundsCpuMillis, errors: result.errors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The machine is shared, so load drifts during a run: both sides are measured in
 * alternating phases (ours, ERTS, ours, ERTS, ...) and the medians are over all phases.
 */
function measurePair(files, rounds, withErts) {
  const phases = QUICK ? 1 : 3;
  const perPhase = Math.max(1, Math.ceil(rounds / phases));
  const ours = [];
  oursCpu = [];
  const erts = withErts ? { millis: [], cpu: [], errors: 0 } : undefined;
  for (let phase = 0; phase < phases; phase++) {
    ours.push(...oursMillis(files, perPhase));
    if (erts) {
      const result = ertsMillis(files, perPhase);
      erts.millis.push(...result.millis);
      erts.cpu.push(...result.cpu);
      erts.errors = result.errors;
    }
  }
  return { ours, oursCpu: [...oursCpu], erts, cold: coldRounds.get(files) };
}

function report(name, files, ours, erts, cold, oursCpuMillis) {
  const oursMedian = median(ours);
  const line = [`${name}: ${files} files`, `loader-core prepare ${oursMedian.toFixed(1)} ms (median of ${ours.length}; cold first round ${cold.toFixed(1)} ms)`];
  if (erts) {
    const ertsMedian = median(erts.millis);
    line.push(`ERTS prepare_loading ${ertsMedian.toFixed(1)} ms (median of ${erts.millis.length}${erts.errors ? `, ${erts.errors} refused` : ''})`);
    line.push(`ratio ours/ERTS ${(oursMedian / ertsMedian).toFixed(2)}`);
    const oursCpuMedian = median(oursCpuMillis);
    const ertsCpuMedian = median(erts.cpu);
    line.push(`CPU ${oursCpuMedian.toFixed(0)} ms vs ${ertsCpuMedian.toFixed(0)} ms, ratio ${ertsCpuMedian > 0 ? (oursCpuMedian / ertsCpuMedian).toFixed(2) : 'n/a'}`);
  } else {
    line.push('ERTS: erl not found');
  }
  console.log(line.join(' | '));
}

/**
 * How long the loading process holds its scheduler at a stretch while preparing one
 * module: inline (one slice, as OTP 25), sliced, and sliced with LitT inflated on libuv's
 * thread pool. Each slice is one generator step; between steps the scheduler would run
 * other processes (here: one event-loop turn, so the off-thread inflate can finish).
 */
async function sliceProfile(bytes, options) {
  const { loader } = createLoader();
  const runOnce = async () => {
    const task = prepareRequests({ loader, system: undefined }, [{ bytes }], options);
    const slices = [];
    let started = performance.now();
    let next = task.next();
    while (!next.done) {
      slices.push(performance.now() - started);
      await new Promise((resolve) => setImmediate(resolve));
      started = performance.now();
      next = task.next();
    }
    slices.push(performance.now() - started);
    loader.discard(next.value.prepared[0]);
    return slices;
  };
  for (let i = 0; i < WARM_UP_ROUNDS; i++) await runOnce();
  const longest = [];
  const totals = [];
  for (let i = 0; i < ROUNDS; i++) {
    const slices = await runOnce();
    longest.push(Math.max(...slices));
    totals.push(slices.reduce((sum, slice) => sum + slice, 0));
  }
  return { longest: median(longest), total: median(totals) };
}

/**
 * apps/bench's module of `size` entries (entry I is {I, <<"value-I">>}, so N entries are N
 * LitT entries), written to `dir`. Its entries are built here and dropped before anything
 * is timed: 200,000 of them kept alive made V8's major collections during our rounds cost
 * more, which ERTS's side does not pay.
 */
function writeLiteralModule(dir, size) {
  const encoder = new TextEncoder();
  const entries = Array.from({ length: size }, (_, i) => new ErlTuple([i + 1, encoder.encode(`value-${i + 1}`)]));
  const file = join(dir, `bench_literals_${size}.beam`);
  writeFileSync(file, buildLiteralModule({ name: `bench_literals_${size}`, entries, version: 1 }));
  return file;
}

console.log(`prepare bench${QUICK ? ' (quick)' : ''}: node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, ${ROUNDS} rounds`);
const root = otpRoot();
const dir = mkdtempSync(join(tmpdir(), 'beamload-literal-'));
try {
  const literalFiles = new Map();
  for (const size of LITERAL_SIZES) {
    const literalFile = writeLiteralModule(dir, size);
    literalFiles.set(size, literalFile);
    // A round prepares the module `times` times on both sides: ERTS reports CPU time in
    // whole milliseconds, and one 10,000-entry prepare is about 5 of them.
    const times = Math.max(1, Math.round(MIN_ENTRIES_PER_ROUND / size));
    const literal = measurePair(Array(times).fill(literalFile), ROUNDS, root !== undefined);
    report(`literal module (${size} entries${times > 1 ? `, ${times} prepares a round` : ''})`, times, literal.ours, literal.erts, literal.cold, literal.oursCpu);
  }
  console.log(`slices of the ${SLICED_ENTRIES}-entry literal module:`);
  const literalBytes = new Uint8Array(readFileSync(literalFiles.get(SLICED_ENTRIES)));
  for (const [name, options] of [
    ['inline', { mode: 'inline' }],
    ['sliced', { mode: 'sliced', sliceWords: 16384, sliceInstructions: 8192 }],
    ['sliced + inflate off-thread', { mode: 'sliced', sliceWords: 16384, sliceInstructions: 8192, inflateOffThread: true }],
  ]) {
    const profile = await sliceProfile(literalBytes, options);
    console.log(`  prepare ${name}: longest slice ${profile.longest.toFixed(1)} ms, on-scheduler total ${profile.total.toFixed(1)} ms (medians of ${ROUNDS})`);
  }
  if (root) {
    // The module with the most code of the installed OTP: what slicing the code decoding
    // and the transform bounds (a literal-heavy module mostly exercises literal slices).
    const largest = findBeams(root)
      .map((file) => ({ file, bytes: new Uint8Array(readFileSync(file)) }))
      .map(({ file, bytes }) => ({ file, bytes, codeBytes: readBeam(bytes).chunk('Code')?.size ?? 0 }))
      .sort((a, b) => b.codeBytes - a.codeBytes)[0];
    console.log(`largest code: ${basename(largest.file)} (Code chunk ${largest.codeBytes} bytes)`);
    for (const [name, options] of [
      ['inline', { mode: 'inline' }],
      ['sliced', { mode: 'sliced', sliceWords: 16384, sliceInstructions: 8192 }],
    ]) {
      const profile = await sliceProfile(largest.bytes, options);
      console.log(`  prepare ${name}: longest slice ${profile.longest.toFixed(1)} ms, on-scheduler total ${profile.total.toFixed(1)} ms (medians of ${ROUNDS})`);
    }
    const corpus = findBeams(root).filter((_, index) => !QUICK || index % 10 === 0);
    const measured = measurePair(corpus, ROUNDS, true);
    report('OTP corpus', corpus.length, measured.ours, measured.erts, measured.cold, measured.oursCpu);
  } else {
    console.log('OTP corpus: erl not found, skipped');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
