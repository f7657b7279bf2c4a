import type { BenchResults } from '../results-schema.js';
import { buildPrepareTable, PREPARE_HEADER, PREPARE_TITLE } from './prepare-table.js';
import { buildSummaryTable } from './summary-table.js';

/** A plain-text table with aligned columns (numbers right-aligned). */
export function renderTerminalTable(results: BenchResults): string {
  const table = buildSummaryTable(results);
  const cellRows = table.rows.flatMap((row) => (row.kind === 'cells' ? [row.cells] : []));
  const widths = table.header.map((title, column) =>
    Math.max(title.length, ...cellRows.map((cells) => cells[column].length)),
  );
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  const lines = [line(table.header), widths.map((width) => '-'.repeat(width)).join('  ')];
  for (const row of table.rows) {
    lines.push(row.kind === 'cells' ? line(row.cells) : `${row.label.padEnd(widths[0])}  ${row.note}`);
  }
  lines.push('', ...table.footnotes);
  const prepare = buildPrepareTable(results);
  lines.push('', PREPARE_TITLE);
  if (prepare.rows.length > 0) {
    const prepareWidths = PREPARE_HEADER.map((title, column) => Math.max(title.length, ...prepare.rows.map((cells) => cells[column].length)));
    const prepareLine = (cells: string[]) => cells.map((cell, column) => cell.padStart(prepareWidths[column])).join('  ');
    lines.push(prepareLine(PREPARE_HEADER), ...prepare.rows.map(prepareLine));
  }
  lines.push(prepare.note);
  const { context } = results;
  lines.push(
    '',
    `${context.cpuModel} (${context.cpuCount} cores), Node ${context.nodeVersion}, load average ${context.loadAverage.join(' ')}.`,
  );
  return lines.join('\n') + '\n';
}
