import type { StrategyName } from '../options.js';
import type { RawScenarioResult } from '../results-schema.js';
import type { ScenarioInput } from './scenario-input.js';

export type BeamloadOutcome =
  | { status: 'ran'; raw: RawScenarioResult }
  | { status: 'not-run'; reason: string };

/**
 * Runs bench_scenario on our runtime with one loading strategy:
 * `new Runtime({ schedulers, loadStrategy })`, the workload's .beam files loaded from
 * erlang/ebin, bench_scenario:run/1 called in a fresh process.
 *
 * The runtime and the strategy packages are being built alongside the bench. Until the
 * runtime exports what this needs, the row is reported as not run with the reason; it is
 * never filled with numbers from anywhere else.
 */
export async function runOnBeamload(strategy: StrategyName, _input: ScenarioInput): Promise<BeamloadOutcome> {
  let runtimeModule: Record<string, unknown>;
  try {
    // A computed specifier: the runtime's type declarations may not exist yet, and the
    // bench must still build and produce the ERTS row without them.
    const specifier = '@beamload/runtime';
    runtimeModule = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') {
      return { status: 'not-run', reason: '@beamload/runtime is not built (no dist/index.js)' };
    }
    return { status: 'not-run', reason: `@beamload/runtime cannot be imported (${firstLine(error)})` };
  }
  if (typeof runtimeModule.Runtime !== 'function') {
    return { status: 'not-run', reason: '@beamload/runtime does not export a Runtime class yet' };
  }
  return {
    status: 'not-run',
    reason:
      `@beamload/runtime exports Runtime, but the bench's adapter for it (loading the workload, ` +
      `calling bench_scenario:run/1 with strategy '${strategy}', reading the result back) is not written yet`,
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
