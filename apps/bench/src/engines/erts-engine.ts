import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workloadEbinDirectory } from '../package-paths.js';
import type { RawScenarioResult } from '../results-schema.js';
import type { ScenarioInput } from './scenario-input.js';

/** A scenario that has not finished in this time is stuck, not slow. */
const ERTS_RUN_TIMEOUT_MS = 600_000;

/**
 * Runs bench_scenario on ERTS itself (`erl +S N:N`): OTP 25's own loader, which is the
 * epoch strategy with prepare_loading run inline on the caller's scheduler.
 */
export async function runOnErts(input: ScenarioInput): Promise<RawScenarioResult> {
  const directory = mkdtempSync(join(tmpdir(), 'beamload-bench-erts-'));
  try {
    const configPath = join(directory, 'scenario.config');
    const outputPath = join(directory, 'result.json');
    writeFileSync(configPath, scenarioConfigTerms(input));
    await runErl(
      [
        `+S`, `${input.schedulers}:${input.schedulers}`,
        '-noshell',
        '-pa', workloadEbinDirectory(),
        '-run', 'bench_erts_main', 'main', configPath, outputPath,
      ],
    );
    return JSON.parse(readFileSync(outputPath, 'utf8')) as RawScenarioResult;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The scenario's settings as Erlang terms for file:consult/1. */
export function scenarioConfigTerms(input: ScenarioInput): string {
  const erlangString = (text: string) => JSON.stringify(text);
  const loads = input.loads
    .map((load) => `{${load.size}, ${load.version}, ${erlangString(load.path)}}`)
    .join(',\n  ');
  return [
    `{module, ${input.moduleName}}.`,
    `{workers, ${input.workers}}.`,
    typeof input.work === 'number' ? `{work, ${input.work}}.` : `{work, {calibrate, ${input.work.calibrateUs}}}.`,
    `{long_bif, ${input.longBif}}.`,
    `{baseline_ms, ${input.baselineMs}}.`,
    `{settle_ms, ${input.settleMs}}.`,
    `{visibility_timeout_ms, ${input.visibilityTimeoutMs}}.`,
    `{initial_file, ${erlangString(input.initialModulePath)}}.`,
    `{load_files, [\n  ${loads}]}.`,
    '',
  ].join('\n');
}

function runErl(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('erl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), ERTS_RUN_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`erl cannot be started: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`the ERTS scenario failed (${signal ?? `status ${code}`}):\n${output.slice(-4000)}`));
    });
  });
}
