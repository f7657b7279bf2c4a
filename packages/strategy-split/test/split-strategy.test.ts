import { runStrategyConformance, recordStrategyOrder } from '@beamload/loader-core/testkit';
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
