import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Erlang/OTP presence for differential tests: skip without erl, unless CI requires it. */
export function otpAvailable(): boolean {
  const found = spawnSync('erl', ['-noshell', '-eval', 'halt().'], { stdio: 'ignore' }).status === 0;
  if (!found && process.env.BEAMLOAD_REQUIRE_OTP === '1') {
    throw new Error('BEAMLOAD_REQUIRE_OTP=1 but erl/escript are not available');
  }
  return found;
}

export const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));

export function runEscript(script: string, args: string[]): string {
  const result = spawnSync('escript', [join(fixturesDir, script), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`escript ${script} failed: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

export interface CorpusRecord {
  /** bit 0: holds a map of more than 32 keys; bit 1: holds a pid/port/ref of another node. */
  flags: number;
  etf: Uint8Array;
  deterministicEtf: Uint8Array;
  /** term_to_binary(T, [compressed]). */
  compressedEtf: Uint8Array;
  text: string;
  /** Index of the first corpus term =:= to this one. */
  exactClass: number;
  /** erts_debug:flat_size in erl's (64-bit) words. */
  flatSize: number;
  /** erlang:phash2(T, 2^32). */
  phash2: number;
}

export interface Corpus {
  records: CorpusRecord[];
  /** term_to_binary(lists:sort(Terms)). */
  sortedEtf: Uint8Array;
  /** For each adjacent pair of the sorted list: bit 0 `==`, bit 1 `=:=`. */
  sortedPairs: Uint8Array;
}

export function makeCorpus(count: number): { corpus: Corpus; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'beamload-terms-'));
  const file = join(dir, 'corpus.bin');
  runEscript('term_corpus.escript', [file, String(count)]);
  return { corpus: readCorpus(file), file };
}

export function readCorpus(file: string): Corpus {
  const bytes = new Uint8Array(readFileSync(file));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 0;
  const u32 = (): number => {
    const value = view.getUint32(p);
    p += 4;
    return value;
  };
  const blob = (): Uint8Array => {
    const length = u32();
    const out = bytes.subarray(p, p + length);
    p += length;
    return out;
  };
  const count = u32();
  const records: CorpusRecord[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    const flags = bytes[p++]!;
    const etf = blob();
    const deterministicEtf = blob();
    const compressedEtf = blob();
    const text = decoder.decode(blob());
    const exactClass = u32();
    const flatSize = u32();
    const phash2 = u32();
    records.push({ flags, etf, deterministicEtf, compressedEtf, text, exactClass, flatSize, phash2 });
  }
  const sortedEtf = blob();
  const pairCount = u32();
  const sortedPairs = bytes.subarray(p, p + pairCount);
  return { records, sortedEtf, sortedPairs };
}
