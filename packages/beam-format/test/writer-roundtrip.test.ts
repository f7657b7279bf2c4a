import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readBeam, type BeamFile } from '../src/beam-file.js';
import { isLineTable } from '../src/chunks/lines.js';
import { decodeEtf } from '../src/etf/decode.js';
import { encodeEtf } from '../src/etf/encode.js';
import { encodeAtomChunk } from '../src/writer/atoms.js';
import { encodeCodeChunk } from '../src/writer/code.js';
import { rewriteBeam, writeBeam, type BeamChunk } from '../src/writer/container.js';
import { encodeLineChunk } from '../src/writer/lines.js';
import { encodeLiteralChunk } from '../src/writer/literals.js';
import { AtomIndex, encodeFunTable, encodeFunctionTable, encodeImportTable } from '../src/writer/tables.js';
import { otpAvailable } from './etf-fixtures/otp.js';

function beamFilesUnder(directory: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      else if (name.endsWith('.beam')) found.push(full);
    }
  };
  walk(directory);
  return found.sort();
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** Chunks this library re-encodes from their decoded form; any other chunk is kept as stored. */
function reencodeChunk(file: BeamFile, id: string): Uint8Array | undefined {
  const atoms = () => new AtomIndex(file.atoms);
  switch (id) {
    case 'AtU8': {
      const stored = file.chunk('AtU8')!.data;
      const long = new DataView(stored.buffer, stored.byteOffset).getInt32(0) < 0;
      return encodeAtomChunk(file.atoms, { form: long ? 'long' : 'short' });
    }
    case 'Atom':
      return encodeAtomChunk(file.atoms, { chunk: 'Atom' });
    case 'Code': {
      const code = file.code;
      return encodeCodeChunk(code.header, code.instructions);
    }
    case 'ImpT':
      return encodeImportTable(file.imports, atoms());
    case 'ExpT':
      return encodeFunctionTable(file.exports, atoms(), 'ExpT');
    case 'LocT':
      return encodeFunctionTable(file.locals!, atoms(), 'LocT');
    case 'FunT':
      return encodeFunTable(file.funs!, atoms());
    case 'LitT': {
      const table = file.literals!;
      return encodeLiteralChunk(table.all(), { compressed: table.compressed });
    }
    case 'Line': {
      const lines = file.lines!;
      return isLineTable(lines) ? encodeLineChunk(lines) : undefined;
    }
    case 'Attr':
    case 'CInf':
    case 'Meta':
      return encodeEtf(decodeEtf(file.chunk(id)!.data));
    default:
      return undefined;
  }
}

interface RoundTrip {
  files: number;
  identicalContainers: number;
  identicalReencoded: number;
  chunksReencoded: number;
  failures: string[];
}

function roundTrip(paths: string[]): RoundTrip {
  const result: RoundTrip = { files: 0, identicalContainers: 0, identicalReencoded: 0, chunksReencoded: 0, failures: [] };
  for (const path of paths) {
    result.files++;
    const input = new Uint8Array(readFileSync(path));
    try {
      const file = readBeam(input);
      // 1. Unchanged: stored chunks re-emitted, gzip redone when the input was gzipped.
      if (same(rewriteBeam(file.container), input)) result.identicalContainers++;
      else result.failures.push(`${path}: rewriteBeam differs`);
      // 2. Every chunk we understand re-encoded from its decoded form.
      const chunks: BeamChunk[] = [];
      let allSame = true;
      for (const chunk of file.container.chunks) {
        const data = reencodeChunk(file, chunk.id);
        if (data !== undefined) {
          result.chunksReencoded++;
          if (!same(data, chunk.data)) {
            allSame = false;
            result.failures.push(`${path}: ${chunk.id} re-encodes differently (${data.length} vs ${chunk.data.length} bytes)`);
          }
        }
        chunks.push({ id: chunk.id, data: data ?? chunk.data });
      }
      const written = writeBeam(chunks, { gzip: file.container.gzipped });
      if (allSame && same(written, input)) result.identicalReencoded++;
      else if (allSame) result.failures.push(`${path}: writeBeam of re-encoded chunks differs`);
    } catch (error) {
      result.failures.push(`${path}: ${(error as Error).message}`);
    }
  }
  return result;
}

const fixtures = join(__dirname, 'fixtures');

describe('writer round trip', () => {
  // The fixtures belong to the reader's suite (scripts/build-fixtures.sh).
  it.skipIf(!existsSync(fixtures))('re-encodes the fixtures (default, +r22..24, +compressed, +slim, stripped) byte-identically', () => {
    const paths = beamFilesUnder(fixtures);
    expect(paths.length).toBeGreaterThan(0);
    const result = roundTrip(paths);
    expect(result.failures.slice(0, 20)).toEqual([]);
    expect(result.identicalReencoded).toBe(paths.length);
  });

  it.skipIf(!otpAvailable())('re-encodes every .beam of the installed OTP byte-identically', () => {
    const root = spawnSync('erl', ['-noshell', '-eval', 'io:format("~s", [code:root_dir()]), halt().'], { encoding: 'utf8' }).stdout;
    const paths = beamFilesUnder(root);
    expect(paths.length).toBeGreaterThan(100);
    const started = performance.now();
    const result = roundTrip(paths);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `otp-roundtrip: ${result.files} files, ${result.identicalContainers} identical rewritten, ` +
        `${result.identicalReencoded} identical re-encoded from ${result.chunksReencoded} decoded chunks (${seconds} s)`,
    );
    expect(result.failures.slice(0, 20)).toEqual([]);
    expect(result.identicalReencoded).toBe(paths.length);
  }, 600_000);
});
