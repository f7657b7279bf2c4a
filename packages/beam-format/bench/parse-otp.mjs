#!/usr/bin/env node
// Parse benchmark (not a test): `pnpm --filter @beamload/beam-format bench [RUNS]`.
//
// Parses every .beam of the installed OTP as a loader needs it (every chunk but Dbgi
// and Docs, all literals ETF-decoded, the code decoded into instructions) from memory,
// RUNS times (default 5), and prints the median MB/s. When `erl` is present it runs
// ERTS's own erlang:prepare_loading/2 over the same files in the same run (median of
// RUNS as well) and prints the ratio. Needs a build first (it imports dist/).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBeam } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const runs = Number(process.argv[2] ?? 5);

const listed = spawnSync('escript', [join(here, '..', 'scripts', 'otp-oracle.escript'), '--list-otp'], { encoding: 'utf8' });
if (listed.status !== 0) {
  console.error('bench: needs Erlang/OTP installed (escript) to find the OTP .beam corpus');
  process.exit(1);
}
const files = listed.stdout.trim().split('\n');
const inputs = files.map((file) => new Uint8Array(readFileSync(file)));
const totalBytes = inputs.reduce((sum, bytes) => sum + bytes.length, 0);

/** What a loader reads: everything but Dbgi/Docs; literals decoded; code decoded. */
function parseForLoading(bytes) {
  const beam = readBeam(bytes);
  let work = beam.atoms.length + beam.imports.length + beam.exports.length;
  work += beam.locals?.length ?? 0;
  work += beam.funs?.length ?? 0;
  work += beam.literals?.all().length ?? 0;
  work += beam.lines === null ? 0 : 1;
  work += beam.types === null ? 0 : 1;
  work += beam.attributes === null ? 0 : 1;
  work += beam.compileInfo === null ? 0 : 1;
  work += beam.meta === null ? 0 : 1;
  work += beam.code.instructions.length;
  return work;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// One untimed warm-up pass so V8 has compiled the hot paths, as ERTS's loader is native code.
for (const bytes of inputs) parseForLoading(bytes);
const ourTimes = [];
for (let run = 0; run < runs; run++) {
  const started = performance.now();
  for (const bytes of inputs) parseForLoading(bytes);
  ourTimes.push(performance.now() - started);
}
const ours = median(ourTimes);
const megabytes = totalBytes / (1024 * 1024);
console.log(`beam-format: ${files.length} files, ${megabytes.toFixed(1)} MiB, median ${ours.toFixed(0)} ms over ${runs} runs = ${(megabytes / (ours / 1000)).toFixed(1)} MiB/s`);

const listFile = join(mkdtempSync(join(tmpdir(), 'beam-bench-')), 'files.txt');
writeFileSync(listFile, `${files.join('\n')}\n`);
const erts = spawnSync('escript', [join(here, 'erts-prepare-loading.escript'), String(runs), listFile], { encoding: 'utf8' });
if (erts.status !== 0) {
  console.error(`bench: ERTS run failed: ${erts.stderr}`);
  process.exit(1);
}
const ertsResult = JSON.parse(erts.stdout);
const theirs = median(ertsResult.runs_ms);
console.log(
  `erts prepare_loading: ${ertsResult.files} files (${ertsResult.failed} refused), median ${theirs.toFixed(0)} ms over ${runs} runs = ${(megabytes / (theirs / 1000)).toFixed(1)} MiB/s`,
);
console.log(`ratio (beam-format time / ERTS time): ${(ours / theirs).toFixed(2)} (below 1 = faster than ERTS)`);
