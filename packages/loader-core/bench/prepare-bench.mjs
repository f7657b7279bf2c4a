// Package script `bench`: loader-core's prepare over the installed OTP corpus and over a
// module with a 50,000-entry literal table, beside ERTS's erlang:prepare_loading/2 on the
// same files in the same run (bench/erts-prepare.escript). Prints medians and the ratio.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { buildLiteralModule, ErlTuple } from '@beamload/beam-format';
import { createLoader, findBeams, otpRoot, PACKAGE_ROOT } from '../scripts/otp-corpus.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const LITERAL_ENTRIES = 50_000;

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
const WARM_UP_ROUNDS = 3;
const coldRounds = new Map();
function oursMillis(files, rounds) {
  const { loader } = createLoader();
  const inputs = files.map((file) => new Uint8Array(readFileSync(file)));
  const round = () => {
    const started = performance.now();
    const prepared = inputs.map((bytes) => loader.prepare(bytes));
    const elapsed = performance.now() - started;
    for (const module of prepared) loader.discard(module);
    return elapsed;
  };
  const cold = round();
  if (!coldRounds.has(files)) coldRounds.set(files, cold);
  for (let i = 1; i < WARM_UP_ROUNDS; i++) round();
  return Array.from({ length: rounds }, round);
}

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
    return { millis: result.roundsMicros.map((micros) => micros / 1000), errors: result.errors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The machine is shared, so load drifts during a run: both sides are measured in
 * alternating phases (ours, ERTS, ours, ERTS, ...) and the medians are over all phases.
 */
function measurePair(files, rounds, withErts) {
  const phases = 3;
  const perPhase = Math.max(1, Math.ceil(rounds / phases));
  const ours = [];
  const erts = withErts ? { millis: [], errors: 0 } : undefined;
  for (let phase = 0; phase < phases; phase++) {
    ours.push(...oursMillis(files, perPhase));
    if (erts) {
      const result = ertsMillis(files, perPhase);
      erts.millis.push(...result.millis);
      erts.errors = result.errors;
    }
  }
  return { ours, erts, cold: coldRounds.get(files) };
}

function report(name, files, ours, erts, cold) {
  const oursMedian = median(ours);
  const line = [`${name}: ${files} files`, `loader-core prepare ${oursMedian.toFixed(1)} ms (median of ${ours.length}; cold first round ${cold.toFixed(1)} ms)`];
  if (erts) {
    const ertsMedian = median(erts.millis);
    line.push(`ERTS prepare_loading ${ertsMedian.toFixed(1)} ms (median of ${erts.millis.length}${erts.errors ? `, ${erts.errors} refused` : ''})`);
    line.push(`ratio ours/ERTS ${(oursMedian / ertsMedian).toFixed(2)}`);
  } else {
    line.push('ERTS: erl not found');
  }
  console.log(line.join(' | '));
}

console.log(`prepare bench: node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, ${ROUNDS} rounds`);
const root = otpRoot();
const dir = mkdtempSync(join(tmpdir(), 'beamload-literal-'));
try {
  const entries = Array.from({ length: LITERAL_ENTRIES }, (_, i) => new ErlTuple([i + 1, new TextEncoder().encode(`value-${i + 1}`)]));
  const literalFile = join(dir, 'bench_literals.beam');
  writeFileSync(literalFile, buildLiteralModule({ name: 'bench_literals', entries, version: 1 }));
  const literal = measurePair([literalFile], ROUNDS, root !== undefined);
  report(`literal module (${LITERAL_ENTRIES} entries)`, 1, literal.ours, literal.erts, literal.cold);
  if (root) {
    const corpus = findBeams(root);
    const measured = measurePair(corpus, ROUNDS, true);
    report('OTP corpus', corpus.length, measured.ours, measured.erts, measured.cold);
  } else {
    console.log('OTP corpus: erl not found, skipped');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
