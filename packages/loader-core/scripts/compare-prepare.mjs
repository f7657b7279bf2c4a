// Before/after comparison of prepare in one process: this package's dist/ against another
// build of loader-core (e.g. an older commit built elsewhere), alternating rounds over the
// installed OTP corpus and a 50,000-entry literal module so machine load drifts hit both
// alike. Prints median CPU and wall time per round and the ratio.
// Usage: node scripts/compare-prepare.mjs /path/to/other/loader-core/dist [ROUNDS]
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ownTerms from '@beamload/terms';
import { buildLiteralModule, ErlTuple } from '@beamload/beam-format';
import { findBeams, otpRoot } from './otp-corpus.mjs';

const otherDist = process.argv[2];
if (otherDist === undefined) {
  console.error('usage: node scripts/compare-prepare.mjs OTHER_DIST [ROUNDS]');
  process.exit(2);
}
const rounds = Number(process.argv[3] ?? 9);
const root = otpRoot();
if (root === undefined) {
  console.error('compare-prepare: erl not found (the corpus is the installed OTP)');
  process.exit(1);
}
/**
 * The other build's own @beamload/terms (its package's node_modules in a pnpm checkout, or
 * one directory up in a copied dist): with this script's terms, both builds would share
 * the arena, atom and ETF code and its JIT state, which misleads (a module looked 1.3x
 * slower that way and was not in separate processes).
 */
function otherTerms(dist) {
  const candidates = [resolve(dist, '..', 'node_modules'), resolve(dist, '..', '..', 'node_modules')].map((modules) =>
    resolve(modules, '@beamload', 'terms', 'dist', 'index.js'),
  );
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) console.warn(`compare-prepare: no @beamload/terms beside ${dist}; both builds use this one's`);
  return found === undefined ? ownTerms : import(pathToFileURL(found).href);
}
const builds = [
  ['this dist', await import(new URL('../dist/index.js', import.meta.url).href), ownTerms],
  ['other', await import(pathToFileURL(resolve(otherDist, 'index.js')).href), await otherTerms(otherDist)],
];
const corpus = findBeams(root).map((file) => new Uint8Array(readFileSync(file)));
const entries = Array.from({ length: 50_000 }, (_, i) => new ErlTuple([i + 1, new TextEncoder().encode(`value-${i + 1}`)]));
const literal = [buildLiteralModule({ name: 'compare_literals', entries, version: 1 })];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

for (const [name, inputs] of [['OTP corpus', corpus], ['literal module (50,000 entries)', literal]]) {
  const loaders = builds.map(([, build, { Arena, AtomTable }]) => {
    const arena = Arena.create({ initialBytes: 64 << 20, maxBytes: 2 ** 31 });
    return build.Loader.create(arena, AtomTable.create(arena), build.NO_BIFS);
  });
  const samples = builds.map(() => ({ wall: [], cpu: [] }));
  for (let round = -2; round < rounds; round++) {
    for (let b = 0; b < builds.length; b++) {
      const loader = loaders[b];
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const prepared = inputs.map((bytes) => loader.prepare(bytes));
      const wall = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      for (const module of prepared) loader.discard(module);
      if (round >= 0) {
        samples[b].wall.push(wall);
        samples[b].cpu.push((cpu.user + cpu.system) / 1000);
      }
    }
  }
  const [mine, other] = samples.map((s) => ({ wall: median(s.wall), cpu: median(s.cpu) }));
  console.log(
    `${name}: this dist ${mine.wall.toFixed(1)} ms (CPU ${mine.cpu.toFixed(1)}) | other ${other.wall.toFixed(1)} ms (CPU ${other.cpu.toFixed(1)}) | ratio this/other wall ${(mine.wall / other.wall).toFixed(2)}, CPU ${(mine.cpu / other.cpu).toFixed(2)} (medians of ${rounds} alternating rounds after 2 warm-up)`,
  );
}
