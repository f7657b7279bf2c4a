import type { BenchResults } from '../results-schema.js';
import { buildPrepareTable, PREPARE_HEADER, PREPARE_TITLE } from './prepare-table.js';
import { buildSummaryTable } from './summary-table.js';

/** A GitHub-flavoured markdown table with the run's context, for READMEs and PRs. */
export function renderMarkdownTable(results: BenchResults): string {
  const table = buildSummaryTable(results);
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const lines = [
    `| ${table.header.join(' | ')} |`,
    `|${table.header.map((_, column) => (column === 0 ? ':---' : '---:')).join('|')}|`,
  ];
  for (const row of table.rows) {
    if (row.kind === 'cells') lines.push(`| ${row.cells.map(escape).join(' | ')} |`);
    else lines.push(`| ${escape(row.label)} | ${escape(row.note)} |${' |'.repeat(table.header.length - 2)}`);
  }
  lines.push('', ...table.footnotes);
  const prepare = buildPrepareTable(results);
  lines.push('', `${PREPARE_TITLE}:`, '');
  if (prepare.rows.length > 0) {
    lines.push(`| ${PREPARE_HEADER.join(' | ')} |`, `|${PREPARE_HEADER.map(() => '---:').join('|')}|`);
    for (const cells of prepare.rows) lines.push(`| ${cells.join(' | ')} |`);
    lines.push('');
  }
  lines.push(prepare.note);
  const { context, settings } = results;
  lines.push(
    '',
    `${context.date}, ${context.cpuModel} (${context.cpuCount} cores), Node ${context.nodeVersion}, ` +
      `commit ${context.gitCommit?.slice(0, 12) ?? 'unknown'}, load average ${context.loadAverage.join(' ')}; ` +
      `${settings.schedulers} schedulers, ` +
      `${settings.workers} workers (${settings.work === null ? `compute per iteration calibrated to ${settings.iterationUs} µs on each engine` : `${settings.work} compute steps per iteration`}), ` +
      `${settings.longBif > 0 ? `a long-BIF process (lists:reverse/2 of ${settings.longBif} elements), ` : ''}` +
      `${settings.loadsPerSize} loads per size, modules by ${settings.moduleGenerator}.`,
  );
  return lines.join('\n') + '\n';
}
