import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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

/** The oracle escript, found from this module whether it runs from src/ or from a dist/ bundle. */
export function oracleScriptPath(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    const candidate = join(directory, 'scripts', 'otp-oracle.escript');
    if (existsSync(candidate)) return candidate;
    directory = dirname(directory);
  }
  throw new Error('scripts/otp-oracle.escript not found above this module');
}

/**
 * Runs the oracle escript over `files` (or every .beam of the installed OTP when
 * `files` is 'otp') and compares each file's record with what this library reads.
 */
export async function runConformance(files: readonly string[] | 'otp', escript = 'escript'): Promise<ConformanceResult> {
  const args = [oracleScriptPath(), ...(files === 'otp' ? ['--otp'] : files)];
  const child = spawn(escript, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
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
