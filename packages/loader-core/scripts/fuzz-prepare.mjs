// Long fuzz run (not part of the test suite, which runs a shorter one): mutates fixtures
// and a sample of the installed OTP's .beam files (bit flips, random bytes, edge bytes,
// u32 fields set to huge values) and checks that prepare either succeeds or throws
// LoadError('badfile'): never another exception, never a slow (> 300 ms) file, nothing
// left allocated, no export entry entered by a refused file. Usage: node scripts/fuzz-prepare.mjs [SEED] [ROUNDS]
import { readFileSync } from 'node:fs';
import { Arena, AtomTable } from '@beamload/terms';
import { Loader, NO_BIFS, LoadError } from '../dist/index.js';
import { SeededRandom } from '../dist/testkit/index.js';
import { fixtureBeams, findBeams, otpRoot } from './otp-corpus.mjs';

const seed = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 6000);
const root = otpRoot();
const files = [...fixtureBeams(), ...(root ? findBeams(root).filter((_, i) => i % 60 === 0) : [])];
const originals = files.map((file) => new Uint8Array(readFileSync(file)));
const arena = Arena.create({ initialBytes: 16 << 20, maxBytes: 1 << 30 });
const loader = Loader.create(arena, AtomTable.create(arena), NO_BIFS);
const random = new SeededRandom(seed);
const crashes = new Map();
let loaded = 0;
let badfiles = 0;
let slow = 0;
let leakedExports = 0;
for (let round = 0; round < rounds; round++) {
  const bytes = random.pick(originals).slice();
  switch (round % 4) {
    case 0:
      for (let i = random.int(1, 3); i > 0; i--) bytes[random.int(0, bytes.length - 1)] ^= 1 << random.int(0, 7);
      break;
    case 1:
      for (let i = random.int(1, 6); i > 0; i--) bytes[random.int(0, bytes.length - 1)] = random.int(0, 255);
      break;
    case 2:
      bytes[random.int(12, bytes.length - 1)] = random.pick([0, 0xff, 0x7f, 0x80]);
      break;
    default: {
      const at = random.int(3, (bytes.length >> 2) - 1) * 4;
      const value = random.pick([0xffffffff, 0x7fffffff, 0x00ffffff, 0x0000ffff, 0x10000, 0x1000000]);
      new DataView(bytes.buffer).setUint32(at, value);
    }
  }
  const started = performance.now();
  const exportsBefore = loader.tables.exports.count;
  try {
    loader.discard(loader.prepare(bytes));
    loaded++;
  } catch (error) {
    if (error instanceof LoadError && error.code === 'badfile') {
      badfiles++;
      if (loader.tables.exports.count !== exportsBefore) leakedExports++;
    }
    else {
      const key = String(error?.stack ?? error).split('\n').slice(0, 3).join(' | ');
      crashes.set(key, (crashes.get(key) ?? 0) + 1);
    }
  }
  if (performance.now() - started > 300) slow++;
}
console.log(`fuzz-prepare: seed ${seed}, ${rounds} files: ${loaded} loaded, ${badfiles} badfile, ${crashes.size} kinds of crash, ${slow} slow, ${loader.tables.liveInstances()} instances left, ${leakedExports} refused files entered export entries`);
for (const [key, count] of crashes) console.log(`  ${count}x ${key.slice(0, 400)}`);
process.exit(crashes.size === 0 && loader.tables.liveInstances() === 0 && leakedExports === 0 ? 0 : 1);
