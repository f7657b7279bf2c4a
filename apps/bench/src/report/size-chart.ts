import type { EngineRow, SizeSummary } from '../results-schema.js';
import { shortEntries } from './format.js';
import { element, formatTick, linearTicks, rowColour, text } from './svg.js';

const WIDTH = 600;
const HEIGHT = 340;
const MARGIN = { top: 36, right: 170, bottom: 48, left: 64 } as const;

export interface SizeChartSpec {
  id: string;
  title: string;
  yLabel: string;
  /** The value to plot, in microseconds (drawn in ms); null leaves the point out. */
  metric: (size: SizeSummary) => number | null;
  /** An optional per-row reference line (e.g. the idle baseline), in microseconds. */
  reference?: (row: EngineRow) => number | null;
  referenceLabel?: string;
}

/**
 * One metric against module size (log scale: sizes grow by factors), one line per
 * engine/strategy that ran, with an optional dashed reference per row.
 */
export function renderSizeChart(rows: readonly EngineRow[], spec: SizeChartSpec): string {
  const ran = rows.filter((row) => row.status === 'ran' && row.analysis);
  const sizes = [...new Set(ran.flatMap((row) => row.analysis!.sizes.map((size) => size.size)))].sort((a, b) => a - b);
  const valuesMs = ran.flatMap((row) => [
    ...row.analysis!.sizes.map(spec.metric),
    spec.reference ? spec.reference(row) : null,
  ]).filter((value): value is number => value !== null).map((value) => value / 1000);
  const yTicks = linearTicks(0, Math.max(1e-3, ...valuesMs), 6, true);
  const yHigh = yTicks[yTicks.length - 1];
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const logMin = Math.log10(sizes[0] ?? 1);
  const logMax = Math.log10(sizes[sizes.length - 1] ?? 10);
  const x = (size: number) =>
    logMax > logMin ? MARGIN.left + ((Math.log10(size) - logMin) / (logMax - logMin)) * plotWidth : MARGIN.left + plotWidth / 2;
  const y = (valueMs: number) => MARGIN.top + plotHeight - (valueMs / yHigh) * plotHeight;

  const parts: string[] = [text(spec.title, { class: 'chart-title', x: MARGIN.left, y: 20, 'font-weight': 'bold' })];
  for (const tick of yTicks) {
    parts.push(element('line', { class: 'grid', x1: MARGIN.left, x2: MARGIN.left + plotWidth, y1: y(tick), y2: y(tick), stroke: '#dddddd' }));
    parts.push(text(formatTick(tick), { class: 'tick-label', x: MARGIN.left - 6, y: y(tick) + 4, 'text-anchor': 'end', 'font-size': 10 }));
  }
  for (const size of sizes) {
    parts.push(text(shortEntries(size), { class: 'tick-label', x: x(size), y: MARGIN.top + plotHeight + 16, 'text-anchor': 'middle', 'font-size': 10 }));
  }
  parts.push(element('line', { class: 'axis', x1: MARGIN.left, x2: MARGIN.left + plotWidth, y1: MARGIN.top + plotHeight, y2: MARGIN.top + plotHeight, stroke: '#333333' }));
  parts.push(element('line', { class: 'axis', x1: MARGIN.left, x2: MARGIN.left, y1: MARGIN.top, y2: MARGIN.top + plotHeight, stroke: '#333333' }));
  parts.push(text('module size (literal entries, log)', { class: 'axis-label', x: MARGIN.left + plotWidth / 2, y: HEIGHT - 10, 'text-anchor': 'middle', 'font-size': 11 }));
  parts.push(text(spec.yLabel, { class: 'axis-label', transform: `translate(16 ${MARGIN.top + plotHeight / 2}) rotate(-90)`, 'text-anchor': 'middle', 'font-size': 11 }));

  ran.forEach((row, index) => {
    const colour = rowColour(row.id);
    const points = row.analysis!.sizes
      .map((size) => ({ size: size.size, value: spec.metric(size) }))
      .filter((point): point is { size: number; value: number } => point.value !== null);
    const series: string[] = [];
    series.push(element('polyline', {
      class: 'size-series',
      points: points.map((point) => `${x(point.size).toFixed(1)},${y(point.value / 1000).toFixed(1)}`).join(' '),
      fill: 'none',
      stroke: colour,
      'stroke-width': 2,
    }));
    for (const point of points) {
      series.push(element('circle', { class: 'size-point', cx: x(point.size), cy: y(point.value / 1000), r: 3.5, fill: colour }));
    }
    const reference = spec.reference?.(row) ?? null;
    if (reference !== null) {
      series.push(element('line', {
        class: 'reference-line',
        x1: MARGIN.left, x2: MARGIN.left + plotWidth, y1: y(reference / 1000), y2: y(reference / 1000),
        stroke: colour, 'stroke-dasharray': '4 3', 'stroke-width': 1,
      }));
    }
    const legendY = MARGIN.top + 14 + index * 34;
    series.push(element('line', { x1: MARGIN.left + plotWidth + 12, x2: MARGIN.left + plotWidth + 32, y1: legendY - 4, y2: legendY - 4, stroke: colour, 'stroke-width': 2 }));
    series.push(text(row.label, { class: 'legend-label', x: MARGIN.left + plotWidth + 36, y: legendY, 'font-size': 10 }));
    if (reference !== null && spec.referenceLabel) {
      series.push(text(spec.referenceLabel, { class: 'legend-label', x: MARGIN.left + plotWidth + 36, y: legendY + 12, 'font-size': 9, fill: '#777777' }));
    }
    parts.push(element('g', { class: 'size-row', 'data-row': row.id }, series));
  });
  if (ran.length === 0) {
    parts.push(text('no engine ran', { x: MARGIN.left + plotWidth / 2, y: MARGIN.top + plotHeight / 2, 'text-anchor': 'middle', fill: '#7f8c8d' }));
  }
  return element('svg', { id: spec.id, class: 'size-chart', xmlns: 'http://www.w3.org/2000/svg', width: WIDTH, height: HEIGHT, viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': spec.title }, parts);
}
