import { runStrategyConformance, recordStrategyOrder } from '@beamload/loader-core/testkit';
import { describe, expect, it } from 'vitest';
import { blockStrategy } from '../src/index.js';

describe('block strategy', () => {
  it('passes the loader-core conformance suite', () => {
    const report = runStrategyConformance(blockStrategy);
    const problems = report.checks.filter((check) => !check.ok).map((check) => `${check.name}:\n  ${check.problems.join('\n  ')}`);
    expect(problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.calls).toBeGreaterThan(1000);
  });

  it('stops the world for each prepare and for the install', () => {
    const { events, result } = recordStrategyOrder(blockStrategy, [['tk_alpha', 1], ['tk_beta', 1]]);
    expect(result).toEqual({ ok: true, modules: ['tk_alpha', 'tk_beta'] });
    const preparedInABlock = ['wait permission', 'wait block-system', 'prepare', 'releaseSystem', 'releasePermission'];
    expect(events).toEqual([
      ...preparedInABlock,
      ...preparedInABlock,
      'wait permission',
      'wait block-system',
      'installAll(active)',
      'releaseSystem',
      'releasePermission',
    ]);
  });

  it('fails a duplicated module without installing anything, still releasing the system and the permission', () => {
    const { events, result } = recordStrategyOrder(blockStrategy, [['tk_alpha', 1], ['tk_alpha', 2]]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('duplicated');
    expect(events.slice(-5)).toEqual(['wait permission', 'wait block-system', 'installAll(active)', 'releaseSystem', 'releasePermission']);
  });
});
