import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from '../results-schema.js';
import { renderGapLanesChart } from './gap-lanes-chart.js';
import { renderSizeChart } from './size-chart.js';
import { buildPrepareTable, PREPARE_HEADER, PREPARE_TITLE } from './prepare-table.js';
import { buildSummaryTable } from './summary-table.js';
import { element, escapeXml } from './svg.js';

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 24px; color: #222; max-width: 1100px; }
table { border-collapse: collapse; font-size: 13px; margin: 12px 0; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
td.note { text-align: left; color: #7f8c8d; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
p.footnote { font-size: 12px; color: #555; margin: 2px 0; }
`;

/** The whole report as one self-contained HTML page (inline SVG, no scripts). */
export function renderHtmlReport(results: BenchResults): string {
  const table = buildSummaryTable(results);
  const header = element('tr', {}, table.header.map((title) => element('th', {}, escapeXml(title))));
  const body = table.rows.map((row) =>
    row.kind === 'cells'
      ? element('tr', {}, row.cells.map((cell) => element('td', {}, escapeXml(cell))))
      : element('tr', {}, [
          element('td', {}, escapeXml(row.label)),
          element('td', { class: 'note', colspan: table.header.length - 1 }, escapeXml(row.note)),
        ]),
  );
  const { context, settings } = results;
  const contextLine =
    `${context.date} · ${context.cpuModel} (${context.cpuCount} cores) · Node ${context.nodeVersion} · ` +
    `commit ${context.gitCommit?.slice(0, 12) ?? 'unknown'} · load average ${context.loadAverage.join(' ')} · ${settings.schedulers} schedulers, ${settings.workers} workers, ` +
    `${settings.loadsPerSize} loads per size (${settings.sizes.join(', ')} entries)`;
  const maxGapChart = renderSizeChart(results.rows, {
    id: 'stall-vs-size',
    title: "Workers' max gap while loading vs module size",
    yLabel: 'median max gap (ms)',
    metric: (size) => size.maxGapUs,
    reference: (row) => row.analysis?.baseline.maxGapUs ?? null,
    referenceLabel: 'dashed: idle max gap',
  });
  const latencyChart = renderSizeChart(results.rows, {
    id: 'latency-vs-size',
    title: "Loading process's latency vs module size",
    yLabel: 'median loader latency (ms)',
    metric: (size) => size.loadLatencyUs,
  });
  return [
    '<!doctype html>',
    element('html', { lang: 'en' }, [
      element('head', {}, [
        '<meta charset="utf-8">',
        element('title', {}, 'beamload bench: code loading under load'),
        element('style', {}, STYLE),
      ]),
      element('body', {}, [
        element('h1', {}, 'beamload bench: code loading under load'),
        element('p', { class: 'context' }, escapeXml(contextLine)),
        element('h2', {}, 'Summary'),
        element('table', { id: 'summary' }, [element('thead', {}, header), element('tbody', {}, body)]),
        ...table.footnotes.map((note) => element('p', { class: 'footnote' }, escapeXml(note))),
        ...renderPrepareSection(results),
        element('h2', {}, 'Worker gaps over time'),
        element('p', { class: 'footnote' }, 'Largest gap between two iterations of any worker per time bucket. Blue band: idle baseline; red bands: loads (labelled with the module size where the size changes).'),
        renderGapLanesChart(results.rows),
        element('h2', {}, 'Stall vs module size'),
        element('div', { class: 'charts' }, [maxGapChart, latencyChart]),
      ]),
    ]),
  ].join('\n');
}

function renderPrepareSection(results: BenchResults): string[] {
  const prepare = buildPrepareTable(results);
  const section = [element('h2', {}, escapeXml(PREPARE_TITLE))];
  if (prepare.rows.length > 0) {
    section.push(
      element('table', { id: 'prepare' }, [
        element('thead', {}, element('tr', {}, PREPARE_HEADER.map((title) => element('th', {}, escapeXml(title))))),
        element('tbody', {}, prepare.rows.map((cells) => element('tr', {}, cells.map((cell) => element('td', {}, escapeXml(cell)))))),
      ]),
    );
  }
  section.push(element('p', { class: 'footnote' }, escapeXml(prepare.note)));
  return section;
}

/** Writes index.html into `directory`; returns its path. */
export function writeHtmlReport(results: BenchResults, directory: string): string {
  mkdirSync(directory, { recursive: true });
  const path = join(directory, 'index.html');
  writeFileSync(path, renderHtmlReport(results));
  return path;
}
