import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchPackageRoot } from '../src/package-paths.js';
import type { BenchResults } from '../src/results-schema.js';
import { erlAvailability } from './otp-requirement.js';

const cli = join(benchPackageRoot(), 'dist', 'cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'beamload-bench-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runCli(...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, INIT_CWD: scratch } });
}

describe('the bench CLI (built dist/cli.js)', () => {
  it('rejects a bad option with the usage and status 2', () => {
    const result = runCli('--strategy', 'fastest');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown strategy 'fastest'");
    expect(result.stderr).toContain('usage: beamload-bench');
  });

  it.skipIf(!erlAvailability().run)('writes the table, the JSON with raw samples and context, markdown and the report', () => {
    const result = runCli('--sizes', '2000', '--loads', '2', '--baseline-ms', '300', '--row-timeout-s', '5', '--out', 'results', '--report', 'report');
    expect(result.stderr).toBe(''); // progress goes to stderr only when it is a terminal
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/ERTS \(OTP 25\)\s+idle/);
    expect(result.stdout).toMatch(/ERTS \(OTP 25\)\s+2,000\s+2/);
    for (const strategy of ['block', 'split', 'epoch']) expect(result.stdout).toContain(`beamload ${strategy}`);

    const directory = join(scratch, 'results');
    const files = readdirSync(directory);
    expect(files.filter((file) => /^bench-.*\.json$/.test(file))).toHaveLength(1);
    expect(files.filter((file) => /^bench-.*\.md$/.test(file))).toHaveLength(1);
    const results = JSON.parse(readFileSync(join(directory, 'latest.json'), 'utf8')) as BenchResults;
    expect(results.schema).toBe('beamload-bench/1');
    expect(results.context.cpuModel).toBeTruthy();
    expect(results.context.nodeVersion).toBe(process.version);
    expect(results.context.date).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(results.settings.sizes).toEqual([2000]);
    const erts = results.rows.find((row) => row.id === 'erts')!;
    expect(erts.status).toBe('ran');
    expect(erts.analysis!.loads).toHaveLength(2);
    expect(erts.rawWorkers).toHaveLength(4);
    const samples = erts.rawWorkers!.reduce((sum, worker) => sum + worker.gapsUs.length, 0);
    expect(samples).toBeGreaterThan(erts.analysis!.baseline.iterations);
    for (const row of results.rows.filter((row) => row.engine === 'beamload')) {
      // A row of ours either ran or says why not; it never carries numbers it did not measure.
      if (row.status === 'not-run') {
        expect(row.reason).toBeTruthy();
        expect(row.analysis).toBeUndefined();
      }
    }
    expect(readFileSync(join(directory, 'latest.md'), 'utf8')).toContain('| ERTS (OTP 25) | 2,000 | 2 |');
    expect(existsSync(join(scratch, 'report', 'index.html'))).toBe(true);
  });
});
