import type { BenchResults, EngineRow } from '../results-schema.js';
import { entries, milliseconds, ratio } from './format.js';

/** The one table every output shows: header, then rows of cells (or a note for a row). */
export interface SummaryTable {
  header: string[];
  rows: ({ kind: 'cells'; cells: string[] } | { kind: 'note'; label: string; note: string })[];
  footnotes: string[];
}

export const SUMMARY_HEADER = [
  'engine / strategy',
  'module entries',
  'loads',
  'prepare ms',
  'world stopped ms',
  'visible ms',
  'loader ms',
  'max gap ms',
  'max gap vs idle',
  'p99 gap ms',
  'throughput vs idle',
];

export function buildSummaryTable(results: BenchResults): SummaryTable {
  const table: SummaryTable = { header: SUMMARY_HEADER, rows: [], footnotes: [] };
  for (const row of results.rows) addRow(table, row);
  table.footnotes.push(
    'Medians over the loads of each size. "idle" is the baseline before the first load, in the same run.',
    'prepare: prepare_loading. loader: prepare_loading + finish_loading, as the loading process sees it. ' +
      'visible: from the start of finish_loading until every worker has run the new version. ' +
      'gaps: time between consecutive iterations of a worker, over the window from load start until visible everywhere. ' +
      'max gap vs idle: over the median max gap of idle windows of the same length (the idle row\'s max is over the whole baseline).',
  );
  if (results.rows.some((row) => row.analysis?.loads.some((load) => load.prepareUs === null))) {
    table.footnotes.push(
      'prepare is "–" where the engine\'s prepare_loading returned no prepared-code reference: it defers the work to ' +
        'finish_loading, so only "loader ms" holds the prepare there.',
    );
  }
  for (const row of results.rows) {
    const facts = describeFacts(row);
    if (facts) table.footnotes.push(`${row.label}: ${facts}.`);
  }
  if (results.rows.some((row) => row.engine === 'erts' && row.status === 'ran')) {
    table.footnotes.push(
      "ERTS (OTP 25) is OTP's own loader: the epoch strategy with prepare_loading run inline on the loading process's scheduler. " +
        'Its "world stopped" is "–": it never stops the world, and ERTS exposes no measure of it.',
    );
  }
  return table;
}

/** What an engine reported about itself, in words: work per iteration, system blocks. */
function describeFacts(row: EngineRow): string | null {
  const facts = row.engineFacts;
  if (row.status !== 'ran' || !facts) return null;
  const parts: string[] = [];
  if (facts.workSteps !== undefined) parts.push(`${facts.workSteps} compute steps per worker iteration`);
  if (facts.systemBlocks !== undefined) {
    parts.push(
      `${facts.systemBlocks} system blocks in the run (initial load included), ` +
        `longest wait for every scheduler to park ${milliseconds(Number(facts.longestBlockWaitUs))} ms`,
    );
  }
  if (facts.longBifRounds !== undefined) parts.push(`${facts.longBifRounds} long-BIF calls completed`);
  return parts.length > 0 ? parts.join('; ') : null;
}

function addRow(table: SummaryTable, row: EngineRow): void {
  if (row.status === 'not-run' || !row.analysis) {
    table.rows.push({ kind: 'note', label: row.label, note: `not run: ${row.reason ?? 'unknown reason'}` });
    return;
  }
  const { baseline, sizes } = row.analysis;
  table.rows.push({
    kind: 'cells',
    cells: [
      row.label,
      'idle',
      '–',
      '–',
      '–',
      '–',
      '–',
      milliseconds(baseline.maxGapUs),
      '–',
      milliseconds(baseline.p99GapUs),
      ratio(1),
    ],
  });
  for (const size of sizes) {
    const failed = size.failedLoads > 0 ? ` (${size.failedLoads} failed)` : '';
    table.rows.push({
      kind: 'cells',
      cells: [
        row.label,
        entries(size.size),
        `${size.loads}${failed}`,
        milliseconds(size.prepareUs),
        milliseconds(size.worldStoppedUs),
        milliseconds(size.visibleUs),
        milliseconds(size.loadLatencyUs),
        milliseconds(size.maxGapUs),
        ratio(size.maxGapVsIdle),
        milliseconds(size.p99GapUs),
        ratio(size.throughputVsIdle),
      ],
    });
  }
}
