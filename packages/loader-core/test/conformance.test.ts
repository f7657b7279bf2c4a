import { describe, expect, it } from 'vitest';
import { runStrategyConformance, type ConformanceReport } from '../src/testkit/index.js';
import { brokenEagerFree, brokenNoBlock, brokenNoThreadProgress, brokenPublishEarly, referenceBlock, referenceEpoch } from './reference-strategies.js';

function failures(report: ConformanceReport): string[] {
  return report.checks.filter((check) => !check.ok).map((check) => `${check.name}: ${check.problems.join('; ')}`);
}

describe('testkit conformance suite', () => {
  it('passes a correct epoch strategy', () => {
    const report = runStrategyConformance(referenceEpoch, { reloads: 100, atomicReloads: 50, reclamationCycles: 50 });
    expect(failures(report)).toEqual([]);
    expect(report.calls).toBeGreaterThan(1000);
  });

  it('passes a correct block strategy', () => {
    const report = runStrategyConformance(referenceBlock, { reloads: 100, atomicReloads: 50, reclamationCycles: 50 });
    expect(failures(report)).toEqual([]);
  });

  it('catches a strategy that writes the active index without blocking', () => {
    const report = runStrategyConformance(brokenNoBlock, { reloads: 100, atomicReloads: 50, reclamationCycles: 10 });
    expect(report.ok).toBe(false);
    expect(failures(report).join('\n')).toMatch(/half-done|atomic-split/);
  });

  it('catches a strategy that publishes an atomic pair with two commits', () => {
    const report = runStrategyConformance(brokenPublishEarly, { reloads: 10, atomicReloads: 100, reclamationCycles: 10 });
    expect(report.ok).toBe(false);
    expect(failures(report).join('\n')).toMatch(/atomic-split/);
  });

  it('catches a strategy that does not wait for thread progress after a commit', () => {
    const report = runStrategyConformance(brokenNoThreadProgress, { reloads: 300, atomicReloads: 100, reclamationCycles: 10 });
    expect(report.ok).toBe(false);
    expect(failures(report).join('\n')).toMatch(/half-done|atomic-split|version-regressed|freed/);
  });

  it('catches a strategy that frees replaced code before every scheduler has left it', () => {
    const report = runStrategyConformance(brokenEagerFree, { reloads: 100, atomicReloads: 20, reclamationCycles: 10 });
    expect(report.ok).toBe(false);
    expect(failures(report).join('\n')).toMatch(/freed-code-reached|freed-while-referenced/);
  });
});
