import { describe, expect, it } from 'vitest';
import { parseBenchOptions, UsageError, type BenchOptions } from '../src/options.js';
import { planLoads } from '../src/load-plan.js';

const parse = (...argv: string[]) => parseBenchOptions(argv) as BenchOptions;

describe('bench options', () => {
  it('defaults to the full comparison: every strategy, ERTS, three sizes', () => {
    const options = parse();
    expect(options.strategies).toEqual(['block', 'split', 'epoch']);
    expect(options.erts).toBe(true);
    expect(options.sizes).toEqual([10_000, 50_000, 200_000]);
    expect(options.loadsPerSize).toBe(5);
    expect(options.schedulers).toBe(2);
    expect(options.reportDirectory).toBeNull();
    // Engines differ in speed: by default each calibrates its own compute steps.
    expect(options.work).toBeNull();
    expect(options.iterationUs).toBe(100);
    expect(parse('--work', '500').work).toBe(500);
  });

  it('has a quick profile whose choices can still be overridden', () => {
    expect(parse('--quick').sizes).toEqual([10_000, 50_000]);
    expect(parse('--quick').loadsPerSize).toBe(2);
    expect(parse('--quick', '--loads', '3').loadsPerSize).toBe(3);
  });

  it('reads strategies, sizes, loads and the report directory', () => {
    const options = parse('--strategy', 'split', '--sizes', '200_000,1000', '--loads', '7', '--report', '/tmp/report', '--no-erts');
    expect(options.strategies).toEqual(['split']);
    expect(options.sizes).toEqual([200_000, 1000]);
    expect(options.loadsPerSize).toBe(7);
    expect(options.reportDirectory).toBe('/tmp/report');
    expect(options.erts).toBe(false);
    expect(parse('--strategy', 'block,epoch').strategies).toEqual(['block', 'epoch']);
    expect(parse('--strategy', 'none').strategies).toEqual([]);
    expect(parse('--strategy', 'epoch-inline,epoch').strategies).toEqual(['epoch-inline', 'epoch']);
    expect(parse('--long-bif', '1000000').longBif).toBe(1_000_000);
    expect(parse().longBif).toBe(0);
    expect(parse('--row-timeout-s', '7').rowTimeoutMs).toBe(7000);
    expect(parse('--quick').rowTimeoutMs).toBe(8000);
  });

  it('rejects what it cannot run with a usage error', () => {
    expect(() => parse('--strategy', 'fast')).toThrow(UsageError);
    expect(() => parse('--loads', '0')).toThrow(UsageError);
    expect(() => parse('--sizes', '10,x')).toThrow(UsageError);
    expect(() => parse('--frobnicate')).toThrow(/frobnicate/);
    // Bounded, so that a typo cannot exhaust memory building a giant module.
    expect(() => parse('--sizes', '200000000')).toThrow(/at most 2,000,000/);
    expect(() => parse('--loads', '99999')).toThrow(UsageError);
    expect(parseBenchOptions(['--help'])).toBe('help');
  });
});

describe('load plan', () => {
  it('orders sizes ascending and gives every load a new version', () => {
    expect(planLoads([50, 10], 2)).toEqual([
      { size: 10, version: 1 },
      { size: 10, version: 2 },
      { size: 50, version: 3 },
      { size: 50, version: 4 },
    ]);
  });
});
