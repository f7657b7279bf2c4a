// Profiling aid (not a benchmark): prepares the installed OTP corpus (and a 50,000-entry
// literal module) a few warm rounds so `node --cpu-prof scripts/profile-prepare.mjs [ROUNDS]
// [--literal-only]` shows where prepare's time goes; `node scripts/profile-summary.mjs FILE.cpuprofile`
// prints self time per function and per package.
import { readFileSync } from 'node:fs';
import { buildLiteralModule, ErlTuple } from '@beamload/beam-format';
import { createLoader, findBeams, otpRoot } from './otp-corpus.mjs';

const rounds = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 4);
const root = otpRoot();
if (root === undefined) {
  console.error('profile-prepare: erl not found (the corpus is the installed OTP)');
  process.exit(1);
}
const literalOnly = process.argv.includes('--literal-only');
const inputs = literalOnly ? [] : findBeams(root).map((file) => new Uint8Array(readFileSync(file)));
const entries = Array.from({ length: 50_000 }, (_, i) => new ErlTuple([i + 1, new TextEncoder().encode(`value-${i + 1}`)]));
inputs.push(buildLiteralModule({ name: 'profile_literals', entries, version: 1 }));
const { loader } = createLoader();
for (let round = 0; round < rounds; round++) {
  const started = performance.now();
  const prepared = inputs.map((bytes) => loader.prepare(bytes));
  const elapsed = performance.now() - started;
  for (const module of prepared) loader.discard(module);
  console.log(`round ${round}: ${inputs.length} files in ${elapsed.toFixed(0)} ms`);
}
