import type { BenchResults } from '../results-schema.js';
import { entries, milliseconds, ratio } from './format.js';

export const PREPARE_TITLE = "Prepare alone: loader-core's prepare vs ERTS's prepare_loading (same files, same run)";

export const PREPARE_HEADER = ['module entries', 'loader-core prepare ms', 'ERTS prepare_loading ms', 'loader-core / ERTS'];

/** Rows of the prepare comparison, or the reason it was not run. */
export function buildPrepareTable(results: BenchResults): { rows: string[][]; note: string } {
  const comparison = results.prepareComparison;
  if (comparison.status === 'not-run') return { rows: [], note: `not run: ${comparison.reason ?? 'unknown reason'}` };
  return {
    rows: comparison.sizes.map((size) => [
      entries(size.size),
      milliseconds(size.loaderCoreMedianUs),
      milliseconds(size.ertsMedianUs),
      ratio(size.ratioToErts),
    ]),
    note:
      "Medians. loader-core's prepare runs on the bench's own thread with no runtime around it (one untimed warm-up per size); " +
      "ERTS's is prepare_loading inside the scenario, with the workers running.",
  };
}
