import { runStrategyConformance, recordStrategyOrder } from '@beamload/loader-core/testkit';
import type { LoadStrategy } from '@beamload/loader-core';
import { describe, expect, it } from 'vitest';
import { createEpochStrategy, epochInlineStrategy, epochStrategy } from '../src/index.js';

const problemsOf = (report: ReturnType<typeof runStrategyConformance>) =>
  report.checks.filter((check) => !check.ok).map((check) => `${check.name}:\n  ${check.problems.join('\n  ')}`);

describe('epoch strategy', () => {
  it('passes the loader-core conformance suite with sliced prepare (the default)', () => {
    const report = runStrategyConformance(epochStrategy);
    expect(problemsOf(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.calls).toBeGreaterThan(1000);
  });

  it('passes it with inline prepare (as OTP 25)', () => {
    const report = runStrategyConformance(epochInlineStrategy);
    expect(problemsOf(report)).toEqual([]);
  });

  it('passes it with tiny slices, so that every prepare yields many times', () => {
    const report = runStrategyConformance(createEpochStrategy({ sliceWords: 16 }), { reloads: 50, atomicReloads: 30, reclamationCycles: 20 });
    expect(problemsOf(report)).toEqual([]);
  });

  it('never blocks: stages, commits, and waits for thread progress before releasing the permission', () => {
    const { events, result } = recordStrategyOrder(createEpochStrategy({ sliceWords: 16 }), [['tk_alpha', 1], ['tk_beta', 1]]);
    expect(result).toEqual({ ok: true, modules: ['tk_alpha', 'tk_beta'] });
    expect(events).not.toContain('wait block-system');
    // Each module's prepare yields between its slices.
    expect(events.slice(0, 4)).toEqual(['prepareInSlices', 'wait prepare-slice', 'prepareInSlices', 'wait prepare-slice']);
    expect(events.slice(4)).toEqual([
      'wait permission',
      'startStaging',
      'installAll(staging)',
      'commitStaging',
      'wait thread-progress',
      'releasePermission',
    ]);
  });

  it('inline mode prepares each module in one go, giving a turn back only between modules', () => {
    const { events } = recordStrategyOrder(epochInlineStrategy, [['tk_gamma', 1]]);
    expect(events).toEqual([
      'prepare',
      'wait prepare-slice',
      'wait permission',
      'startStaging',
      'installAll(staging)',
      'commitStaging',
      'wait thread-progress',
      'releasePermission',
    ]);
  });

  it('aborts the staging when the install check fails, and changes nothing', () => {
    // Two modules with on_load-free bytes but the same name: duplicated.
    const { events, result } = recordStrategyOrder(epochInlineStrategy, [['tk_alpha', 1], ['tk_alpha', 2]]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('duplicated');
    expect(events).toEqual([
      'prepare',
      'wait prepare-slice',
      'prepare',
      'wait prepare-slice',
      'wait permission',
      'startStaging',
      'installAll(staging)',
      'abortStaging',
      'releasePermission',
    ]);
  });
});

describe('epoch strategy: the prepare step alone (prepare_loading/2)', () => {
  const prepareOnly = (strategy: LoadStrategy): LoadStrategy => ({
    ...strategy,
    *loadModules(context, requests) {
      const result = yield* strategy.prepareModule(context, requests[0]);
      if (!result.ok) return result;
      context.loader.discard(result.prepared);
      return { ok: true, modules: [] };
    },
  });

  it('sliced: only prepare slices, never the permission or a block', () => {
    const { events, result } = recordStrategyOrder(prepareOnly(epochStrategy), [['tk_alpha', 1]]);
    expect(result.ok).toBe(true);
    expect(new Set(events)).toEqual(new Set(['prepareInSlices', 'wait prepare-slice']));
  });

  it('inline: one prepare, one turn given back', () => {
    const { events, result } = recordStrategyOrder(prepareOnly(epochInlineStrategy), [['tk_alpha', 1]]);
    expect(result.ok).toBe(true);
    expect(events).toEqual(['prepare', 'wait prepare-slice']);
  });
});
