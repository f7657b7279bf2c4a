import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBenchOptions, type BenchOptions } from '../src/options.js';
import { runBench } from '../src/run-bench.js';
import { erlAvailability } from './otp-requirement.js';

const erl = erlAvailability();
const scratch = mkdtempSync(join(tmpdir(), 'beamload-bench-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(!erl.run)('the scenario on ERTS (erl)', () => {
  it('hot-loads every module, sees every version everywhere, and prepare grows with size', async () => {
    const options = parseBenchOptions([
      '--sizes', '1000,50000',
      '--loads', '3',
      '--baseline-ms', '500',
      '--long-bif', '100000',
      '--out', join(scratch, 'out'),
      '--cache-dir', join(scratch, 'modules'),
      '--strategy', 'none',
    ]) as BenchOptions;
    const results = await runBench(options, () => {});
    const erts = results.rows.find((row) => row.id === 'erts');
    expect(erts?.status).toBe('ran');
    const analysis = erts!.analysis!;
    expect(erts!.schedulers).toBe(2);
    expect(erts!.engineFacts?.otp_release).toMatch(/^\d+$/);
    // The engine calibrated its compute steps (bench_worker:calibrate/1: a measured count scaled to the target).
    const steps = Number(erts!.engineFacts?.workSteps);
    // The long-BIF process kept reversing its list throughout.
    expect(Number(erts!.engineFacts?.longBifRounds)).toBeGreaterThan(0);
    expect(Number.isInteger(steps) && steps >= 1).toBe(true);

    expect(analysis.loads).toHaveLength(6);
    for (const load of analysis.loads) {
      expect(load.outcome).toBe('ok');
      // Every worker ran the new version, after the loader started committing it.
      expect(load.visibleUs).not.toBeNull();
      expect(load.visibleUs!).toBeGreaterThanOrEqual(0);
      // ERTS's prepare_loading does the work (it returns a magic reference).
      expect(load.prepareUs).not.toBeNull();
      expect(load.prepareUs!).toBeGreaterThan(0);
      expect(load.loadLatencyUs).toBeGreaterThanOrEqual(load.prepareUs!);
      expect(load.maxGapUs).not.toBeNull();
    }
    // Versions were loaded in order and every worker saw each one in order.
    expect(analysis.loads.map((load) => load.version)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const worker of erts!.rawWorkers!) {
      const versions = worker.seen.map(([version]) => version);
      expect(versions).toEqual([...versions].sort((left, right) => left - right));
      expect(versions.at(-1)).toBe(6);
    }
    // Loading 50x the literals costs more: the bench measures real loading work.
    const [small, large] = analysis.sizes;
    expect(small.size).toBe(1000);
    expect(large.size).toBe(50_000);
    expect(large.prepareUs!).toBeGreaterThan(small.prepareUs! * 3);

    expect(analysis.baseline.iterations).toBeGreaterThan(100);
    expect(analysis.baseline.maxGapUs).not.toBeNull();

    // loader-core's prepare, timed on the same files, sits next to ERTS's.
    const comparison = results.prepareComparison;
    if (comparison.status === 'ran') {
      expect(comparison.sizes.map((size) => size.size)).toEqual([1000, 50_000]);
      for (const size of comparison.sizes) {
        expect(size.loaderCorePrepareUs).toHaveLength(3);
        expect(size.loaderCoreMedianUs!).toBeGreaterThan(0);
        expect(size.ertsMedianUs).toBe(analysis.sizes.find((summary) => summary.size === size.size)!.prepareUs);
      }
    } else {
      expect(comparison.reason).toBeTruthy();
      expect(comparison.sizes).toEqual([]);
    }

    // --strategy none: the ERTS row alone.
    expect(results.rows.map((row) => row.id)).toEqual(['erts']);
  });
});
