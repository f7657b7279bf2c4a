// Differential fuzz against ERTS's loader (a tool, not part of the test suite: it needs
// erl and takes minutes). Mutates the project's fixtures (one to three random bytes;
// or a u32 field set to an edge value), asks erlang:prepare_loading/2 and our prepare
// about each file, and prints how often the two verdicts agree, with the reasons on
// both sides where they differ. ERTS's prepare_loading is not a full check (it accepts
// files whose load then crashes the VM) and ERTS 25 itself crashes on some corrupt
// files; both are counted. Usage: node scripts/fuzz-against-erts.mjs [SEED] [FILES]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Arena, AtomTable } from '@beamload/terms';
import { Loader, LoadError, NO_BIFS } from '../dist/index.js';
import { SeededRandom } from '../dist/testkit/index.js';
import { fixtureBeams } from './otp-corpus.mjs';

const seed = Number(process.argv[2] ?? 1);
const count = Number(process.argv[3] ?? 2000);
const escript = fileURLToPath(new URL('./erts-prepare-verdicts.escript', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'fuzz-against-erts-'));
const random = new SeededRandom(seed);
const originals = fixtureBeams().map((file) => ({ module: basename(file, '.beam'), bytes: new Uint8Array(readFileSync(file)) }));

const names = [];
for (let index = 0; index < count; index++) {
  const { module, bytes: original } = random.pick(originals);
  const bytes = original.slice();
  if (index % 4 === 3) {
    const at = random.int(3, (bytes.length >> 2) - 1) * 4;
    new DataView(bytes.buffer).setUint32(at, random.pick([0xffffffff, 0x7fffffff, 0x00ffffff, 0x0000ffff, 0, 1]));
  } else {
    for (let i = random.int(1, 3); i > 0; i--) bytes[random.int(12, bytes.length - 1)] = random.int(0, 255);
  }
  const name = `${String(index).padStart(5, '0')}_${module}.beam`;
  writeFileSync(join(directory, name), bytes);
  names.push(name);
}

/** ERTS's verdicts, restarting the escript after each crash of the VM. */
const erts = new Map();
const ertsReasons = new Map();
while (erts.size < names.length) {
  const run = spawnSync('escript', [escript, directory, String(erts.size)], { encoding: 'utf8', maxBuffer: 256 << 20 });
  let trying = null;
  let reasons = [];
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('TRYING ')) {
      trying = line.slice(7);
      reasons = [];
    } else if (line.startsWith('REASON ')) reasons.push(line.slice(7));
    else if (line.startsWith('VERDICT ')) {
      const [file, verdict] = line.slice(8).split(' ');
      erts.set(file, verdict === 'ok' ? 'ok' : 'badfile');
      if (reasons.length > 0) ertsReasons.set(file, reasons.join(' / '));
      trying = null;
    }
  }
  if (trying !== null) {
    erts.set(trying, 'crash');
    ertsReasons.set(trying, `erl died: ${run.signal ?? `exit ${run.status}`} ${run.stderr.split('\n').find((l) => l.trim()) ?? ''}`.trim());
  } else if (erts.size < names.length) throw new Error(`escript stopped without a verdict: ${run.stderr}`);
}

const arena = Arena.create({ initialBytes: 16 << 20, maxBytes: 1 << 30 });
const loader = Loader.create(arena, AtomTable.create(arena), NO_BIFS);
const tally = new Map();
const differences = [];
for (const name of names) {
  const bytes = new Uint8Array(readFileSync(join(directory, name)));
  const module = name.slice(6, -'.beam'.length);
  let ours = 'ok';
  let reason = '';
  try {
    loader.discard(loader.prepare(bytes, { module }));
  } catch (error) {
    ours = error instanceof LoadError && error.code === 'badfile' ? 'badfile' : 'crash';
    reason = String(error?.message ?? error);
  }
  const key = `erl ${erts.get(name)}, ours ${ours}`;
  tally.set(key, (tally.get(key) ?? 0) + 1);
  if ((erts.get(name) === 'badfile') !== (ours === 'badfile')) differences.push({ name, erl: ertsReasons.get(name) ?? erts.get(name), ours: reason || ours });
}
rmSync(directory, { recursive: true, force: true });

console.log(`fuzz-against-erts: seed ${seed}, ${count} files`);
for (const [key, n] of [...tally].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${key}`);
const grouped = new Map();
for (const { erl, ours } of differences) {
  const key = `erl: ${erl.replace(/\d+/g, 'N').slice(0, 160)}\n      ours: ${ours.replace(/\d+/g, 'N').slice(0, 160)}`;
  grouped.set(key, (grouped.get(key) ?? 0) + 1);
}
console.log('where the verdicts differ (numbers as N):');
for (const [key, n] of [...grouped].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${key}`);
process.exit([...tally.keys()].some((key) => key.endsWith('ours crash')) ? 1 : 0);
