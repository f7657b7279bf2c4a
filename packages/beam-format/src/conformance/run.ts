import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BeamFormatError } from '../errors.js';
import { compareWithOracle, type OracleRecord } from './compare.js';
import { describeBeam } from './describe.js';

export interface ConformanceFailure {
  readonly file: string;
  readonly differences: string[];
}

export interface ConformanceResult {
  readonly files: number;
  readonly identical: number;
  readonly failures: ConformanceFailure[];
}

/** The package directory (the one holding scripts/otp-oracle.escript), from src/ or from a dist/ bundle. */
export function packageDirectory(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    if (existsSync(join(directory, 'scripts', 'otp-oracle.escript'))) return directory;
    directory = dirname(directory);
  }
  throw new Error('scripts/otp-oracle.escript not found above this module');
}

export function oracleScriptPath(): string {
  return join(packageDirectory(), 'scripts', 'otp-oracle.escript');
}

/** The committed fixture .beam files (test/fixtures/<variant>/*.beam), sorted. */
export function fixtureBeamFiles(): string[] {
  const root = join(packageDirectory(), 'test', 'fixtures');
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'src')
    .flatMap((entry) =>
      readdirSync(join(root, entry.name))
        .filter((name) => name.endsWith('.beam'))
        .map((name) => join(root, entry.name, name)),
    )
    .sort();
}

export interface ConformanceInput {
  /** Include every .beam under the installed OTP's code:root_dir(). */
  readonly otp: boolean;
  readonly files: readonly string[];
}

/**
 * Runs the oracle escript over the input files and compares each file's record with
 * what this library reads from the same file.
 */
export async function runConformance(input: ConformanceInput, escript = 'escript'): Promise<ConformanceResult> {
  const args = [oracleScriptPath(), ...(input.otp ? ['--otp'] : []), ...input.files];
  const child = spawn(escript, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let spawnError: Error | undefined;
  const exited = new Promise<number>((resolve) => {
    child.on('error', (error) => {
      spawnError = error;
      resolve(-1);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
  let count = 0;
  let identical = 0;
  const failures: ConformanceFailure[] = [];
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const oracle = JSON.parse(line) as OracleRecord;
    count++;
    const differences = checkFile(oracle);
    if (differences.length === 0) identical++;
    else failures.push({ file: oracle.file, differences });
  }
  const status = await exited;
  if (spawnError !== undefined) throw spawnError;
  if (status !== 0) throw new Error(`oracle escript exited with status ${status}`);
  return { files: count, identical, failures };
}

function checkFile(oracle: OracleRecord): string[] {
  try {
    return compareWithOracle(oracle, describeBeam(new Uint8Array(readFileSync(oracle.file)))).differences;
  } catch (error) {
    if (error instanceof BeamFormatError) return [`read failed: ${error.message}`];
    return [`read crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
  }
}
