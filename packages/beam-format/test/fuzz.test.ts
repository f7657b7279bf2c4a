import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBeam } from '../src/beam-file.js';
import { BeamFormatError } from '../src/errors.js';
import { beamBytes, codeChunk, i64, tripleChunk, u16, u32, utf8 } from './helpers/bytes.js';
import { fixtureFiles } from './helpers/fixtures.js';

/**
 * Mutated and truncated real .beam files, fully decoded (every chunk, every literal,
 * the disassembly): each case must give a value or a BeamFormatError with a code, an
 * absolute offset and (past the container) a chunk id. Never another exception, never
 * a case slower than MAX_CASE_MS, never a resident set beyond MAX_RSS_BYTES.
 *
 * Memory bound: inflation is capped at MAX_INFLATED (4 MiB) per gzip'ed file and per
 * LitT, ETF decoding by the element/binary limits below; so the process must stay
 * under 1.5 GiB whatever the input.
 */
const CASES = Number(process.env.BEAMLOAD_FUZZ_CASES ?? (process.env.CI ? 100_000 : 5_000));
const SEED = Number(process.env.BEAMLOAD_FUZZ_SEED ?? 0x5eed_beef);
const MAX_CASE_MS = 2_000;
const MAX_RSS_BYTES = 1.5 * 1024 * 1024 * 1024;
const MAX_INFLATED = 4 * 1024 * 1024;
const ETF_LIMITS = { maxElements: 1_000_000, maxBinaryBytes: 16 * 1024 * 1024, maxInflatedBytes: MAX_INFLATED };

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING_WORDS = [0, 1, 0x7f, 0x80, 0xff, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0xffff_fff0, 16, 17];

function mutate(original: Uint8Array, next: () => number): Uint8Array {
  const pick = (limit: number) => Math.floor(next() * limit);
  const bytes = original.slice();
  switch (pick(6)) {
    case 0: // flip a few random bytes
      for (let count = 1 + pick(8); count > 0; count--) bytes[pick(bytes.length)] = pick(256);
      return bytes;
    case 1: // truncate
      return bytes.subarray(0, pick(bytes.length));
    case 2: { // overwrite a 32-bit word (sizes, counts, indexes) with an edge value
      const at = pick(Math.max(1, bytes.length - 4));
      new DataView(bytes.buffer).setUint32(at, INTERESTING_WORDS[pick(INTERESTING_WORDS.length)]!);
      return bytes;
    }
    case 3: { // flip one bit
      const at = pick(bytes.length);
      bytes[at]! ^= 1 << pick(8);
      return bytes;
    }
    case 4: { // remove a slice
      const from = pick(bytes.length);
      const to = Math.min(bytes.length, from + 1 + pick(64));
      return new Uint8Array([...bytes.subarray(0, from), ...bytes.subarray(to)]);
    }
    default: { // duplicate a slice somewhere else
      const from = pick(bytes.length);
      const slice = bytes.subarray(from, Math.min(bytes.length, from + 1 + pick(64)));
      const at = pick(bytes.length);
      return new Uint8Array([...bytes.subarray(0, at), ...slice, ...bytes.subarray(at)]);
    }
  }
}

/** Everything a loader or a tool would read. */
function decodeEverything(bytes: Uint8Array): number {
  const beam = readBeam(bytes, { maxInflatedBytes: MAX_INFLATED, etfLimits: ETF_LIMITS });
  let work = beam.atoms.length + beam.imports.length + beam.exports.length;
  work += beam.locals?.length ?? 0;
  work += beam.funs?.length ?? 0;
  work += beam.literals?.all().length ?? 0;
  work += beam.lines === null ? 0 : 1;
  work += beam.types === null ? 0 : 1;
  for (const id of beam.chunkIds) {
    if (['Attr', 'CInf', 'Meta', 'Dbgi', 'Docs', 'ExCk'].includes(id)) beam.etfChunk(id)!.decode();
  }
  work += beam.code.instructions.length;
  work += beam.disassemble().length;
  return work;
}

describe('fuzzing real .beam files', () => {
  it(`${CASES} mutated/truncated cases give a value or a typed BeamFormatError (seed ${SEED})`, async () => {
    const originals: Uint8Array[] = fixtureFiles().flatMap((file) => {
      const bytes = new Uint8Array(readFileSync(file));
      // gzip'ed files are fuzzed both as stored and inflated, so the mutations reach the chunks.
      return bytes[0] === 0x1f ? [bytes, new Uint8Array(gunzipSync(bytes))] : [bytes];
    });
    originals.push(otp28StyleModule());
    for (const original of originals) expect(decodeEverything(original)).toBeGreaterThan(0);
    const next = random(SEED);
    const outcomes = new Map<string, number>();
    for (let index = 0; index < CASES; index++) {
      // Let vitest's worker answer its RPCs during a long run.
      if (index % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
      const input = mutate(originals[Math.floor(next() * originals.length)]!, next);
      const started = performance.now();
      let outcome = 'value';
      try {
        decodeEverything(input);
      } catch (error) {
        if (!(error instanceof BeamFormatError)) {
          throw new Error(`case ${index} (seed ${SEED}): not a BeamFormatError: ${(error as Error)?.stack ?? String(error)}`);
        }
        if (!Number.isInteger(error.offset) || error.offset < 0 || error.offset > input.length + 64 * 1024 * 1024) {
          throw new Error(`case ${index} (seed ${SEED}): bad offset ${error.offset} in ${error.message}`);
        }
        if (error.chunk === undefined && !['bad_magic', 'truncated', 'inflate_failed', 'limit_exceeded', 'bad_chunk', 'missing_chunk'].includes(error.code)) {
          throw new Error(`case ${index} (seed ${SEED}): ${error.code} error without a chunk id: ${error.message}`);
        }
        outcome = error.code;
      }
      const elapsed = performance.now() - started;
      if (elapsed > MAX_CASE_MS) throw new Error(`case ${index} (seed ${SEED}) took ${elapsed.toFixed(0)} ms`);
      if (index % 1000 === 0 && process.memoryUsage.rss() > MAX_RSS_BYTES) {
        throw new Error(`case ${index} (seed ${SEED}): resident set ${process.memoryUsage.rss()} bytes`);
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    // The mutations must actually reach the decoders: several kinds of error and some successes.
    expect(outcomes.get('value') ?? 0).toBeGreaterThan(0);
    expect(outcomes.size).toBeGreaterThan(5);
  }, 900_000);
});

/**
 * The OTP 26-28 layouts no local compiler writes, hand-built so the fuzzer reaches them
 * too: AtU8 with a negative count (compact lengths), LitT stored (size 0), Type v3, a
 * Line chunk with flags, and update_record / executable_line instructions.
 */
function otp28StyleModule(): Uint8Array {
  const atoms = ['m', 'f', 'ok'];
  const atomData = [...u32(-atoms.length >>> 0), ...atoms.flatMap((name) => [(utf8(name).length << 4) | 0, ...utf8(name)])];
  const literal = [131, 104, 1, 119, 2, ...utf8('ok')];
  const literalTable = [...u32(0), ...u32(1), ...u32(literal.length), ...literal];
  const types = [...u32(3), ...u32(2), ...u16(0x0fff), ...u16((1 << 5) | (1 << 12) | (1 << 13)), ...i64(0n), ...i64(255n)];
  const lines = [...u32(0), ...u32(1), ...u32(1), ...u32(1), ...u32(0), 0x41];
  const code = [
    0x01, 0x10, 0x02, 0x12, 0x22, 0x10, 0x01, 0x20, // label 1, func_info m f 1, label 2
    0xb7, 0x10, 0x20, // executable_line u1 u2
    0x99, 0x10, // line 1
    0xb5, 0x47, 0x00, 0x30, 0x57, 0x03, 0x10, 0x03, 0x17, 0x20, 0x20, 0x32, // update_record lit0 u3 tr(x0,1) x0 [u2 a3]
    0x13, 0x03,
  ];
  return beamBytes([
    { id: 'AtU8', data: atomData },
    codeChunk(code, 3, 1, 183),
    { id: 'StrT', data: [] },
    tripleChunk('ImpT', []),
    tripleChunk('ExpT', [[2, 1, 2]]),
    { id: 'LitT', data: literalTable },
    { id: 'Line', data: lines },
    { id: 'Type', data: types },
  ]);
}
