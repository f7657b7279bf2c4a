import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StrategyName } from '../options.js';
import { workloadEbinDirectory } from '../package-paths.js';
import type { RawScenarioResult } from '../results-schema.js';
import { atomKeyedMap, termToPlain, type TermClasses } from './erlang-values.js';
import type { ScenarioInput } from './scenario-input.js';
import { fillWorldStopped } from './world-stopped.js';
import type { TraceInput } from '../trace-gaps.js';

export type BeamloadOutcome =
  | { status: 'ran'; raw: RawScenarioResult; facts: Record<string, string | number>; trace?: TraceInput[] }
  | { status: 'not-run'; reason: string };

/** How the runtime's callOutcome reports a process's end. */
type CallOutcome = { ok: true; value: unknown } | { ok: false; class: unknown; reason: unknown; stacktrace: unknown };

/** The workload modules the runtime must load (the literal modules come with the config). */
const WORKLOAD_MODULES = ['bench_worker', 'bench_loader', 'bench_scenario'] as const;

/** Trace events kept per scheduler with --trace (48 bytes each): a whole default row. */
const TRACE_CAPACITY = 1 << 22;

/** A runtime that does not stop within this time after a row gets its threads terminated. */
const STOP_TIMEOUT_MS = 3_000;

/**
 * Runs bench_scenario:run/1 on our runtime with one loading strategy:
 * `Runtime.start({ schedulers, loadStrategy })`, the workload's .beam files loaded with
 * `loadModule`, the scenario called in a fresh process, its result read back.
 *
 * The runtime is being built alongside the bench. Whatever it cannot do yet (a missing
 * API, a strategy it does not confirm it uses, an Erlang error in the scenario) makes the
 * row "not run" with that reason; the row is never filled with numbers from elsewhere.
 */
export async function runOnBeamload(strategy: StrategyName, input: ScenarioInput): Promise<BeamloadOutcome> {
  let runtimeModule: Record<string, any>;
  let termClasses: TermClasses;
  try {
    // Computed specifiers: these packages' surfaces are still being built; the bench
    // feature-detects what it needs and says what is missing instead of failing to build.
    const runtimeSpecifier = '@beamload/runtime';
    const beamFormatSpecifier = '@beamload/beam-format';
    runtimeModule = (await import(runtimeSpecifier)) as Record<string, any>;
    termClasses = (await import(beamFormatSpecifier)) as unknown as TermClasses;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
      return notRun(`@beamload/runtime is not built (${firstLine(error)})`);
    }
    return notRun(`@beamload/runtime cannot be imported (${firstLine(error)})`);
  }
  const Runtime = runtimeModule.Runtime;
  if (typeof Runtime?.start !== 'function') return notRun('@beamload/runtime does not export Runtime.start');
  if (typeof Runtime.prototype.loadModule !== 'function') {
    return notRun('the runtime has no loadModule(bytes) yet, so the workload cannot be loaded');
  }
  if (typeof Runtime.prototype.callOutcome !== 'function') return notRun('the runtime has no callOutcome() to run the scenario');

  let runtime: any;
  try {
    runtime = await Runtime.start({ schedulers: input.schedulers, loadStrategy: strategy, ...(input.trace ? { trace: { capacity: TRACE_CAPACITY } } : {}) });
  } catch (error) {
    return notRun(`Runtime.start({ loadStrategy: '${strategy}' }) failed: ${firstLine(error)}`);
  }
  try {
    // Numbers are only worth reporting under the strategy's name if the runtime says it
    // loads code with that strategy (an ignored option would load with some default).
    const reported: unknown = runtime.loadStrategy?.name ?? runtime.loadStrategyName;
    if (reported !== strategy) {
      return notRun(`the runtime does not report loading with strategy '${strategy}' (it reports ${String(reported ?? 'nothing')})`);
    }
    for (const module of WORKLOAD_MODULES) {
      await runtime.loadModule(readFileSync(join(workloadEbinDirectory(), `${module}.beam`)));
    }
    const config = atomKeyedMap(termClasses, {
      module: termClasses.atom(input.moduleName),
      initial: readFileSync(input.initialModulePath),
      loads: input.loads.map((load) => new termClasses.ErlTuple([load.size, load.version, readFileSync(load.path)])),
      workers: input.workers,
      work:
        typeof input.work === 'number'
          ? input.work
          : new termClasses.ErlTuple([termClasses.atom('calibrate'), input.work.calibrateUs]),
      long_bif: input.longBif,
      baseline_ms: input.baselineMs,
      settle_ms: input.settleMs,
      visibility_timeout_ms: input.visibilityTimeoutMs,
    });
    const before = runtime.statistics?.();
    const blocksBefore: number = runtime.systemBlockCount();
    const outcome = await withTimeout(runtime.callOutcome('bench_scenario', 'run', [config]) as Promise<CallOutcome>, input.timeoutMs);
    if (outcome === 'timeout') return notRun(`bench_scenario:run/1 did not finish within ${input.timeoutMs / 1000} s`);
    if (!outcome.ok) {
      const where = topFrame(termToPlainOrText(termClasses, outcome.stacktrace));
      return notRun(
        `bench_scenario:run/1 raised ${String(termToPlainOrText(termClasses, outcome.class))}: ` +
          `${JSON.stringify(termToPlainOrText(termClasses, outcome.reason))}${where ? ` in ${where}` : ''}`,
      );
    }
    const after = runtime.statistics?.();
    const raw = termToPlain(termClasses, outcome.value) as unknown as RawScenarioResult;
    fillWorldStopped(raw, runtime.systemBlocks(blocksBefore));
    const facts: Record<string, string | number> = { loadStrategy: strategy };
    if (before && after) {
      facts.systemBlocks = after.blockCount - before.blockCount;
      facts.longestBlockWaitUs = after.longestBlockWaitUs;
    }
    const trace: TraceInput[] | undefined = input.trace ? runtime.sliceTrace() : undefined;
    return { status: 'ran', raw, facts, ...(trace ? { trace } : {}) };
  } catch (error) {
    return notRun(`the runtime failed while running the scenario: ${firstLine(error)}`);
  } finally {
    await runtime.stop(STOP_TIMEOUT_MS);
  }
}

function notRun(reason: string): BeamloadOutcome {
  return { status: 'not-run', reason };
}

/** "M:F/A" of the first stack frame ({M, F, Arity | Args, Location}), if there is one. */
function topFrame(stacktrace: unknown): string | null {
  if (!Array.isArray(stacktrace) || !Array.isArray(stacktrace[0])) return null;
  const [module, functionName, arityOrArgs] = stacktrace[0] as unknown[];
  const arity = Array.isArray(arityOrArgs) ? arityOrArgs.length : arityOrArgs;
  return `${String(module)}:${String(functionName)}/${String(arity)}`;
}

function termToPlainOrText(classes: TermClasses, term: unknown): unknown {
  try {
    return termToPlain(classes, term);
  } catch {
    return String(term);
  }
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
