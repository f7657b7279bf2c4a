import { runStrategyConformance, recordStrategyOrder } from '@beamload/loader-core/testkit';
import type { LoadStrategy } from '@beamload/loader-core';
import { describe, expect, it } from 'vitest';
import { splitStrategy } from '../src/index.js';

describe('split strategy', () => {
  it('passes the loader-core conformance suite', () => {
    const report = runStrategyConformance(splitStrategy);
    const problems = report.checks.filter((check) => !check.ok).map((check) => `${check.name}:\n  ${check.problems.join('\n  ')}`);
    expect(problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.calls).toBeGreaterThan(1000);
  });

  it('prepares before it stops the world, and blocks only to install', () => {
    const { events, result } = recordStrategyOrder(splitStrategy, [['tk_alpha', 1], ['tk_beta', 1]]);
    expect(result).toEqual({ ok: true, modules: ['tk_alpha', 'tk_beta'] });
    expect(events).toEqual([
      'prepare',
      'wait prepare-slice',
      'prepare',
      'wait prepare-slice',
      'wait permission',
      'wait block-system',
      'installAll(active)',
      'releaseSystem',
      'releasePermission',
    ]);
  });
});

describe('split strategy: the prepare step alone (prepare_loading/2)', () => {
  it('prepares inline and neither takes the permission nor blocks the system', () => {
    const prepareOnly: LoadStrategy = {
      ...splitStrategy,
      *loadModules(context, requests) {
        const result = yield* splitStrategy.prepareModule(context, requests[0]);
        if (!result.ok) return result;
        context.loader.discard(result.prepared);
        return { ok: true, modules: [] };
      },
    };
    const { events, result } = recordStrategyOrder(prepareOnly, [['tk_alpha', 1]]);
    expect(result.ok).toBe(true);
    expect(events).toEqual(['prepare', 'wait prepare-slice']);
  });
});
