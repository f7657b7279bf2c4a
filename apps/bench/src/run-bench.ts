import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { explainGaps, type TraceInput } from './trace-gaps.js';
import { analyseScenario, encodeRawWorkers } from './analysis.js';
import { collectContext } from './context.js';
import { runOnBeamload } from './engines/beamload-engine.js';
import { runOnErts } from './engines/erts-engine.js';
import { measureLoaderCorePrepare } from './engines/loader-core-prepare.js';
import type { ScenarioInput } from './engines/scenario-input.js';
import { probeErl } from './erlang-tools.js';
import { ensureModuleFiles, MODULE_GENERATOR } from './literal-modules.js';
import { INITIAL_LOAD, LITERAL_MODULE_NAME, planLoads } from './load-plan.js';
import type { BenchOptions } from './options.js';
import type { BenchResults, BenchSettings, EngineRow, PrepareComparison, RawScenarioResult } from './results-schema.js';
import { median } from './statistics.js';

/** OTP 25's loader is the epoch strategy with prepare_loading run inline on the caller's scheduler. */
export const ERTS_ROW_LABEL = 'ERTS (OTP 25)';

/** Runs every requested row on the same scenario and module files. */
export async function runBench(options: BenchOptions, progress: (message: string) => void): Promise<BenchResults> {
  const settings: BenchSettings = {
    sizes: [...options.sizes].sort((left, right) => left - right),
    loadsPerSize: options.loadsPerSize,
    schedulers: options.schedulers,
    workers: options.schedulers * options.workersPerScheduler,
    work: options.work,
    iterationUs: options.iterationUs,
    longBif: options.longBif,
    baselineMs: options.baselineMs,
    settleMs: options.settleMs,
    visibilityTimeoutMs: options.visibilityTimeoutMs,
    moduleGenerator: MODULE_GENERATOR,
  };
  const rows: EngineRow[] = [];
  const erl = options.erts ? probeErl() : { available: false as const, reason: 'left out (--no-erts)' };
  const plannedLoads = planLoads(settings.sizes, settings.loadsPerSize);

  progress(`preparing ${plannedLoads.length + 1} literal modules (cached in ${options.cacheDirectory})`);
  const [initialModulePath, ...loadPaths] = ensureModuleFiles(options.cacheDirectory, [INITIAL_LOAD, ...plannedLoads], progress);
  const input: ScenarioInput = {
    schedulers: settings.schedulers,
    workers: settings.workers,
    work: settings.work ?? { calibrateUs: settings.iterationUs },
    longBif: settings.longBif,
    baselineMs: settings.baselineMs,
    settleMs: settings.settleMs,
    visibilityTimeoutMs: settings.visibilityTimeoutMs,
    timeoutMs: options.rowTimeoutMs,
    moduleName: LITERAL_MODULE_NAME,
    initialModulePath,
    loads: plannedLoads.map((load, index) => ({ ...load, path: loadPaths[index] })),
    trace: options.trace,
  };

  for (const strategy of options.strategies) {
    const row: EngineRow = { id: strategy, engine: 'beamload', label: `beamload ${strategy}`, status: 'not-run' };
    progress(`running the scenario on beamload with strategy ${strategy}`);
    const outcome = await runOnBeamload(strategy, input);
    if (outcome.status === 'ran') {
      fillRow(row, outcome.raw);
      row.engineFacts = { ...row.engineFacts, ...outcome.facts };
      if (outcome.trace) progress(`beamload ${strategy}: trace: ${writeTraceReport(options.outputDirectory, strategy, outcome.raw, outcome.trace)}`);
    } else {
      row.reason = outcome.reason;
    }
    if (row.status === 'not-run') progress(`beamload ${strategy}: not run: ${row.reason}`);
    rows.push(row);
  }

  if (options.erts) {
    const row: EngineRow = { id: 'erts', engine: 'erts', label: ERTS_ROW_LABEL, status: 'not-run' };
    if (!erl.available) {
      row.reason = erl.reason;
    } else {
      progress(`running the scenario on ERTS (erl +S ${settings.schedulers}:${settings.schedulers})`);
      try {
        fillRow(row, await runOnErts(input));
      } catch (error) {
        // The other rows keep their results; the reason carries erl's own words.
        row.reason = (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 6).join(' | ');
      }
    }
    rows.push(row);
  }

  progress("timing loader-core's prepare on the same modules");
  const prepareComparison = comparePrepare(await measureLoaderCorePrepare(input.loads), rows.find((row) => row.id === 'erts'));

  return { schema: 'beamload-bench/1', context: collectContext(), settings, rows, prepareComparison };
}

function comparePrepare(
  measurement: Awaited<ReturnType<typeof measureLoaderCorePrepare>>,
  erts: EngineRow | undefined,
): PrepareComparison {
  if (measurement.status === 'not-run') return { status: 'not-run', reason: measurement.reason, sizes: [] };
  return {
    status: 'ran',
    sizes: measurement.samples.map(({ size, prepareUs }) => {
      const loaderCoreMedianUs = median(prepareUs);
      const ertsMedianUs = erts?.analysis?.sizes.find((summary) => summary.size === size)?.prepareUs ?? null;
      return {
        size,
        loaderCorePrepareUs: prepareUs,
        loaderCoreMedianUs,
        ertsMedianUs,
        ratioToErts: loaderCoreMedianUs !== null && ertsMedianUs ? loaderCoreMedianUs / ertsMedianUs : null,
      };
    }),
  };
}

function fillRow(row: EngineRow, raw: RawScenarioResult): void {
  row.status = 'ran';
  row.schedulers = raw.schedulers;
  row.analysis = analyseScenario(raw);
  row.rawWorkers = encodeRawWorkers(raw);
  row.engineFacts = { ...raw.erts };
  if (raw.work !== undefined) row.engineFacts.workSteps = raw.work;
  if (raw.long_bif_rounds) row.engineFacts.longBifRounds = raw.long_bif_rounds;
}

/** The workers' largest gaps (idle baseline and loads), explained from the trace, in OUT/trace-STRATEGY.json. */
function writeTraceReport(outputDirectory: string, strategy: string, raw: RawScenarioResult, trace: TraceInput[]): string {
  const workers = raw.workers.map((worker) => ({ id: worker.id, ends: worker.ends }));
  const report = {
    idle: explainGaps(trace, workers, 3, { from: raw.baseline.start, to: raw.baseline.end }),
    loads: explainGaps(trace, workers, 3, { from: raw.baseline.end, to: raw.end }),
  };
  mkdirSync(outputDirectory, { recursive: true });
  const path = join(outputDirectory, `trace-${strategy}.json`);
  writeFileSync(path, `${JSON.stringify(report, null, 1)}\n`);
  return path;
}
