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

  it('stops the world first and prepares and installs inside the block', () => {
    const { events, result } = recordStrategyOrder(blockStrategy, [['tk_alpha', 1], ['tk_beta', 1]]);
    expect(result).toEqual({ ok: true, modules: ['tk_alpha', 'tk_beta'] });
    // prepareRequests gives a turn back after each module (inline mode): harmless while blocked.
    expect(events).toEqual([
      'wait permission',
      'wait block-system',
      'prepare',
      'wait prepare-slice',
      'prepare',
      'wait prepare-slice',
      'installAll(active)',
      'releaseSystem',
      'releasePermission',
    ]);
  });

  it('fails a duplicated module without installing anything, still releasing the system and the permission', () => {
    const { events, result } = recordStrategyOrder(blockStrategy, [['tk_alpha', 1], ['tk_alpha', 2]]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('duplicated');
    expect(events).toEqual([
      'wait permission',
      'wait block-system',
      'prepare',
      'wait prepare-slice',
      'prepare',
      'wait prepare-slice',
      'installAll(active)',
      'releaseSystem',
      'releasePermission',
    ]);
  });
});
