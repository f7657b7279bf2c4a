import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** Our runtime's strategies by the names it knows; epoch-inline prepares as OTP 25 does. */
export const STRATEGIES = ['block', 'split', 'epoch', 'epoch-inline'] as const;
export type StrategyName = (typeof STRATEGIES)[number];

/** What `--strategy all` runs (the default): one row per design. */
export const ALL_STRATEGIES: readonly StrategyName[] = ['block', 'split', 'epoch'];

export interface BenchOptions {
  strategies: StrategyName[];
  /** Whether to run the ERTS row (needs `erl`). */
  erts: boolean;
  sizes: number[];
  loadsPerSize: number;
  schedulers: number;
  workersPerScheduler: number;
  /** Fixed compute steps per worker iteration, or null to calibrate on each engine. */
  work: number | null;
  /** With work null: the compute time per iteration each engine calibrates to. */
  iterationUs: number;
  /** 0, or the length of the list an extra process reverses over and over (a long BIF). */
  longBif: number;
  baselineMs: number;
  settleMs: number;
  visibilityTimeoutMs: number;
  /** How long one row on our runtime may take before it is reported as not finished. */
  rowTimeoutMs: number;
  outputDirectory: string;
  reportDirectory: string | null;
  cacheDirectory: string;
  quick: boolean;
  /** Our rows run with the runtime's scheduler trace; the largest gaps are explained in OUT/trace-STRATEGY.json. */
  trace: boolean;
}

/**
 * The default comparison: three sizes, five loads each. The row timeout keeps the whole
 * run within 3 minutes on 2 cores even when every runtime row hangs (3 x 45 s + ERTS).
 */
const DEFAULTS = {
  sizes: [10_000, 50_000, 200_000],
  loadsPerSize: 5,
  baselineMs: 3000,
  settleMs: 300,
  rowTimeoutMs: 45_000,
} as const;

/** The smoke run CI executes: small modules, two loads each; within a minute. */
const QUICK = {
  sizes: [10_000, 50_000],
  loadsPerSize: 2,
  baselineMs: 1000,
  settleMs: 150,
  rowTimeoutMs: 8_000,
} as const;

export const USAGE = `usage: beamload-bench [options]

  --strategy block|split|epoch|epoch-inline|all|none
                                     our runtime's rows to run (default: all = block,split,epoch)
  --no-erts                          leave out the ERTS row
  --sizes N,N,...                    literal entries per hot-loaded module
                                     (default: 10000,50000,200000; --quick: 10000,50000)
  --loads N                          loads per size (default: 5; --quick: 2)
  --schedulers N                     scheduler threads on every engine (default: 2)
  --workers-per-scheduler N          worker processes per scheduler (default: 2)
  --iteration-us N                   compute time per worker iteration; each engine finds
                                     its own step count for it (default: 100)
  --work N                           fixed compute steps per iteration instead
  --long-bif N                       add a process that runs lists:reverse/2 on an N-element
                                     list over and over (default: 0, none)
  --baseline-ms N                    idle baseline before the loads (default: 3000)
  --row-timeout-s N                  limit for each row on our runtime (default: 45; --quick: 8)
  --out DIR                          where the JSON and markdown go (default: bench-results)
  --report DIR                       also write an HTML page with SVG charts to DIR
  --trace                            our rows run with the runtime's scheduler trace; the workers'
                                     largest gaps are explained in OUT/trace-STRATEGY.json
  --cache-dir DIR                    where built modules are kept (default: OUT/module-cache)
  --quick                            the smoke run (well under a minute)
  --help
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      strategy: { type: 'string', default: 'all' },
      'no-erts': { type: 'boolean', default: false },
      sizes: { type: 'string' },
      loads: { type: 'string' },
      schedulers: { type: 'string', default: '2' },
      'workers-per-scheduler': { type: 'string', default: '2' },
      work: { type: 'string' },
      'iteration-us': { type: 'string', default: '100' },
      'long-bif': { type: 'string', default: '0' },
      'baseline-ms': { type: 'string' },
      'row-timeout-s': { type: 'string' },
      out: { type: 'string', default: 'bench-results' },
      report: { type: 'string' },
      'cache-dir': { type: 'string' },
      quick: { type: 'boolean', default: false },
      trace: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const profile = values.quick ? QUICK : DEFAULTS;
  const outputDirectory = fromInvocationDirectory(values.out);
  return {
    strategies: parseStrategies(values.strategy),
    erts: !values['no-erts'],
    sizes: values.sizes === undefined ? [...profile.sizes] : parseSizes(values.sizes),
    loadsPerSize: values.loads === undefined ? profile.loadsPerSize : positiveInteger('--loads', values.loads),
    schedulers: positiveInteger('--schedulers', values.schedulers),
    workersPerScheduler: positiveInteger('--workers-per-scheduler', values['workers-per-scheduler']),
    work: values.work === undefined ? null : positiveInteger('--work', values.work),
    iterationUs: positiveInteger('--iteration-us', values['iteration-us']),
    longBif: values['long-bif'] === '0' ? 0 : positiveInteger('--long-bif', values['long-bif']),
    baselineMs:
      values['baseline-ms'] === undefined ? profile.baselineMs : positiveInteger('--baseline-ms', values['baseline-ms']),
    settleMs: profile.settleMs,
    visibilityTimeoutMs: 5_000,
    rowTimeoutMs:
      values['row-timeout-s'] === undefined ? profile.rowTimeoutMs : positiveInteger('--row-timeout-s', values['row-timeout-s']) * 1000,
    outputDirectory,
    reportDirectory: values.report === undefined ? null : fromInvocationDirectory(values.report),
    cacheDirectory: fromInvocationDirectory(values['cache-dir'] ?? `${outputDirectory}/module-cache`),
    quick: values.quick,
    trace: values.trace,
  };
}

/**
 * Relative paths are taken from where the user typed the command: pnpm runs package
 * scripts in the package directory but records the invocation directory in INIT_CWD.
 */
function fromInvocationDirectory(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

function parseStrategies(text: string): StrategyName[] {
  if (text === 'all') return [...ALL_STRATEGIES];
  if (text === 'none') return [];
  const names = text.split(',');
  for (const name of names) {
    if (!(STRATEGIES as readonly string[]).includes(name)) {
      throw new UsageError(`--strategy: unknown strategy '${name}' (block, split, epoch, epoch-inline, all or none)`);
    }
  }
  return names as StrategyName[];
}

function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((part) => positiveInteger('--sizes', part.replace(/_/g, '')));
  return [...new Set(sizes)];
}

/**
 * Upper bounds, so that a typo cannot ask for a module or a run that exhausts memory or
 * time: a 2,000,000-entry module is about 50 MB and takes a minute to build.
 */
const LIMITS: Record<string, number> = {
  '--sizes': 2_000_000,
  '--loads': 1000,
  '--schedulers': 64,
  '--workers-per-scheduler': 1000,
  '--work': 1_000_000_000,
  '--iteration-us': 1_000_000,
  '--long-bif': 100_000_000,
  '--baseline-ms': 3_600_000,
  '--row-timeout-s': 86_400,
};

function positiveInteger(option: string, text: string): number {
  if (!/^[0-9]+$/.test(text) || Number(text) < 1) {
    throw new UsageError(`${option}: expected a positive integer, got '${text}'`);
  }
  const limit = LIMITS[option];
  if (limit !== undefined && Number(text) > limit) {
    throw new UsageError(`${option}: at most ${limit.toLocaleString('en-US')}, got ${text}`);
  }
  return Number(text);
}
