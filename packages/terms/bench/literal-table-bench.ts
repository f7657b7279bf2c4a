/**
 * Literal-table benchmark: decode a literal table like the bench's big module (50,000
 * entries of mixed tuples, strings, binaries, floats and integers, ~3.5 MB of ETF)
 * straight into one arena block (sizing pass, one allocation, decode), beside decoding
 * the same bytes into JS values with beam-format's decodeEtf, and ERTS's own figures
 * measured in the same run (binary_to_term of every entry, and prepare_loading of a
 * module with that LitT). Medians of RUNS runs.
 *
 *   node dist/bench/literal-table-bench.js [ENTRIES] [RUNS]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ErlFloat,
  ErlMap,
  ErlTuple,
  atom,
  buildLiteralModule,
  decodeEtf,
  encodeEtf,
  type Term,
} from '@beamload/beam-format';
import { Arena, AtomTable, HeapWriter, createTermStore, decodeMeasuredEtf, measureEtf } from '../src/index.js';

const entryCount = Number(process.argv[2] ?? 50_000);
const runs = Number(process.argv[3] ?? 9);

/** A deterministic pseudo-random source, so every run measures the same bytes. */
function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function makeEntries(count: number): Term[] {
  const random = makeRandom(12345);
  const word = (): string => Array.from({ length: 3 + Math.floor(random() * 10) }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
  const entries: Term[] = [];
  for (let i = 0; i < count; i++) {
    const text = `${word()} ${word()} ${i}`;
    switch (i % 5) {
      case 0:
        entries.push(new ErlTuple([atom(`tag_${i % 50}`), i, Array.from(`${text} ${word()} ${word()} ${word()}`, (c) => c.charCodeAt(0))]));
        break;
      case 1:
        entries.push(Array.from(`${text} ${word()} ${word()} ${word()} ${word()}`, (c) => c.charCodeAt(0)));
        break;
      case 2:
        entries.push(new ErlTuple([new TextEncoder().encode(`${text} ${word()} ${word()} ${word()}`), new ErlFloat(random() * 1e6), i * 7919]));
        break;
      case 3:
        entries.push([new ErlFloat(random()), BigInt(i) * 2n ** 70n, new ErlTuple([atom('ok'), i]), new TextEncoder().encode(`${word()} ${word()} ${word()}`)]);
        break;
      default:
        entries.push(new ErlMap([[atom('id'), i], [atom('name'), new TextEncoder().encode(text)], [atom('score'), new ErlFloat(random() * 100)]]));
    }
  }
  return entries;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1]!;
}

const entries = makeEntries(entryCount);
const encoded = entries.map((entry) => encodeEtf(entry, { minorVersion: 2, deterministic: true }));
const totalBytes = encoded.reduce((sum, bytes) => sum + bytes.length, 0);
// LitT's inflated layout: one buffer, each entry a u32 size then its ETF bytes.
const table = new Uint8Array(totalBytes + 4 * encoded.length);
const offsets: number[] = [];
{
  let p = 0;
  const view = new DataView(table.buffer);
  for (const bytes of encoded) {
    view.setUint32(p, bytes.length);
    offsets.push(p + 4);
    table.set(bytes, p + 4);
    p += 4 + bytes.length;
  }
}

interface Timing {
  /** Wall-clock milliseconds. */
  ms: number;
  /** CPU milliseconds of this process (user + system): less disturbed by other load on the machine. */
  cpuMs: number;
}

function timed(work: () => void): Timing {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  work();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const arena = Arena.create({ initialBytes: 64 << 20, maxBytes: 1 << 30 });
const store = createTermStore(arena, AtomTable.create(arena));
let words = 0;

function decodeIntoArena(): Timing {
  let block = 0;
  const timing = timed(() => {
    const measured = offsets.map((offset) => measureEtf(store, table, { offset }));
    words = measured.reduce((sum, m) => sum + m.heapWords, 0);
    const writer = HeapWriter.allocate(arena, words, 'literal');
    block = writer.start;
    for (const m of measured) decodeMeasuredEtf(store, m, writer);
  });
  arena.free(block); // the table holds no binary over 64 bytes, so nothing else was allocated
  return timing;
}

function decodeIntoJs(): Timing {
  return timed(() => {
    for (const offset of offsets) decodeEtf(table, { offset });
  });
}

// Warm up both paths (JIT), then alternate so machine noise hits both alike.
decodeIntoArena();
decodeIntoJs();
const arenaTimes: Timing[] = [];
const jsTimes: Timing[] = [];
for (let run = 0; run < runs; run++) {
  arenaTimes.push(decodeIntoArena());
  jsTimes.push(decodeIntoJs());
}
const megabytes = table.length / 1e6;
const arenaMs = median(arenaTimes.map((t) => t.ms));
const jsMs = median(jsTimes.map((t) => t.ms));
const arenaCpu = median(arenaTimes.map((t) => t.cpuMs));
const jsCpu = median(jsTimes.map((t) => t.cpuMs));
const rate = (ms: number) => (megabytes / (ms / 1000)).toFixed(1);
console.log(`literal table: ${entryCount} entries, ${megabytes.toFixed(2)} MB of ETF, ${words} arena words (${((words * 4) / 1e6).toFixed(2)} MB); medians of ${runs} runs`);
console.log(`  arena (measure + one block + decode): wall ${arenaMs.toFixed(1)} ms (${rate(arenaMs)} MB/s), cpu ${arenaCpu.toFixed(1)} ms (${rate(arenaCpu)} MB/s)`);
console.log(`  JS values (beam-format decodeEtf):     wall ${jsMs.toFixed(1)} ms (${rate(jsMs)} MB/s), cpu ${jsCpu.toFixed(1)} ms (${rate(jsCpu)} MB/s)`);
console.log(`  ratio arena / JS: wall ${(arenaMs / jsMs).toFixed(2)}, cpu ${(arenaCpu / jsCpu).toFixed(2)}`);

const erl = spawnSync('erl', ['-noshell', '-eval', 'halt().'], { stdio: 'ignore' });
if (erl.status === 0) {
  const dir = mkdtempSync(join(tmpdir(), 'beamload-literal-bench-'));
  const entriesFile = join(dir, 'entries.bin');
  const beamFile = join(dir, 'bench_literals.beam');
  const header = new Uint8Array(4);
  new DataView(header.buffer).setUint32(0, encoded.length);
  writeFileSync(entriesFile, Buffer.concat([header, table]));
  writeFileSync(beamFile, buildLiteralModule({ name: 'bench_literals', entries, version: 1 }));
  const script = fileURLToPath(new URL('../../bench/erts_literal_timing.escript', import.meta.url));
  const result = spawnSync('escript', [script, entriesFile, beamFile, String(runs)], { encoding: 'utf8' });
  const match = /decode_ms ([\d.]+) prepare_loading_ms ([\d.]+)/.exec(result.stdout);
  if (match === null) {
    console.log(`  ERTS reference failed: ${result.stderr}${result.stdout}`);
  } else {
    const ertsDecode = Number(match[1]);
    const ertsPrepare = Number(match[2]);
    console.log(`  ERTS binary_to_term of every entry:    median ${ertsDecode.toFixed(1)} ms (arena / ERTS ${(arenaMs / ertsDecode).toFixed(2)})`);
    console.log(`  ERTS prepare_loading of the module:    median ${ertsPrepare.toFixed(1)} ms (arena / ERTS ${(arenaMs / ertsPrepare).toFixed(2)})`);
  }
} else {
  console.log('  ERTS reference skipped: erl is not installed');
}
