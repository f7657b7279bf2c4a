#!/usr/bin/env node
// Parse benchmark (not a test): `pnpm --filter @beamload/beam-format bench [RUNS]`.
//
// Parses every .beam of the installed OTP as a loader needs it (every chunk but Dbgi
// and Docs, all literals ETF-decoded, the code decoded into instructions) from memory,
// and runs ERTS's own erlang:prepare_loading/2 over the same files in memory, in the
// same run. The two alternate pass by pass (RUNS passes each, default 7) so that load
// from other processes hits both alike; medians are reported, with MiB/s and the ratio.
// Needs a build first (it imports dist/) and Erlang/OTP (escript) for the corpus.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { readBeam } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const runs = Number(process.argv[2] ?? 7);

const listed = spawnSync('escript', [join(here, '..', 'scripts', 'otp-oracle.escript'), '--list-otp'], { encoding: 'utf8' });
if (listed.status !== 0) {
  console.error('bench: needs Erlang/OTP installed (escript) to find the OTP .beam corpus');
  process.exit(1);
}
const files = listed.stdout.trim().split('\n');
const inputs = files.map((file) => new Uint8Array(readFileSync(file)));
const totalBytes = inputs.reduce((sum, bytes) => sum + bytes.length, 0);
const megabytes = totalBytes / (1024 * 1024);

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

function ourPass() {
  const started = performance.now();
  for (const bytes of inputs) parseForLoading(bytes);
  return performance.now() - started;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const listFile = join(mkdtempSync(join(tmpdir(), 'beam-bench-')), 'files.txt');
writeFileSync(listFile, `${files.join('\n')}\n`);
const erts = spawn('escript', [join(here, 'erts-prepare-loading.escript'), listFile], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: erts.stdout })[Symbol.asyncIterator]();
const nextLine = async () => {
  const { value, done } = await lines.next();
  if (done) throw new Error('bench: the ERTS escript stopped');
  return value;
};
const [, ertsFiles, , refused] = (await nextLine()).split(' ').map(Number);

// One untimed pass each, so V8 has compiled the hot paths and ERTS has warmed up too.
ourPass();
erts.stdin.write('run\n');
await nextLine();
const ourTimes = [];
const ertsTimes = [];
for (let run = 0; run < runs; run++) {
  ourTimes.push(ourPass());
  erts.stdin.write('run\n');
  ertsTimes.push(Number(await nextLine()));
}
erts.stdin.end('quit\n');

const ours = median(ourTimes);
const theirs = median(ertsTimes);
const rate = (ms) => (megabytes / (ms / 1000)).toFixed(1);
console.log(`corpus: ${files.length} .beam files of the installed OTP, ${megabytes.toFixed(1)} MiB, ${runs} alternating passes each`);
console.log(`beam-format parse:    median ${ours.toFixed(0)} ms = ${rate(ours)} MiB/s  (passes: ${ourTimes.map((t) => t.toFixed(0)).join(' ')})`);
console.log(`erts prepare_loading: median ${theirs.toFixed(0)} ms = ${rate(theirs)} MiB/s  (${ertsFiles} files, ${refused} refused; passes: ${ertsTimes.map((t) => t.toFixed(0)).join(' ')})`);
console.log(`ratio (beam-format time / ERTS time): ${(ours / theirs).toFixed(2)} (below 1 = faster than ERTS)`);
