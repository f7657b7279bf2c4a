import type { EngineRow } from '../results-schema.js';
import { shortEntries } from './format.js';
import { decadeTicks, element, escapeXml, formatTick, linearTicks, rowColour, text } from './svg.js';

const WIDTH = 960;
const LANE_HEIGHT = 170;
/** Room for the lane title above and the time axis below each lane's plot. */
const LANE_MARGIN = { top: 28, right: 20, bottom: 42, left: 72 } as const;
const NOT_RUN_LANE_HEIGHT = 56;
/** A load window a few microseconds long would be invisible; draw it at least this wide. */
const MIN_WINDOW_WIDTH_PX = 2;

/**
 * Worker gaps over time, one lane per engine/strategy, with the idle baseline and every
 * load's window marked. The gap axis is logarithmic and shared by all lanes, so that an
 * engine's idle gaps and its stalls are both readable and lanes compare directly.
 */
export function renderGapLanesChart(rows: readonly EngineRow[]): string {
  const ran = rows.filter((row) => row.status === 'ran' && row.analysis);
  const gapValuesMs = ran.flatMap((row) => row.analysis!.series.points.map(([, gap]) => gap / 1000)).filter((gap) => gap > 0);
  const lowMs = gapValuesMs.length > 0 ? Math.min(...gapValuesMs) : 0.01;
  const highMs = gapValuesMs.length > 0 ? Math.max(...gapValuesMs) : 1;
  const yTicks = decadeTicks(lowMs, highMs);
  const yLow = yTicks[0];
  const yHigh = yTicks[yTicks.length - 1] > yLow ? yTicks[yTicks.length - 1] : yLow * 10;
  const durationS = Math.max(0.001, ...ran.map((row) => row.analysis!.durationMs / 1000));

  const lanes: string[] = [];
  let offset = 0;
  for (const row of rows) {
    if (row.status === 'ran' && row.analysis) {
      lanes.push(renderLane(row, offset, { yLow, yHigh, yTicks, durationS }));
      offset += LANE_HEIGHT;
    } else {
      lanes.push(renderNotRunLane(row, offset));
      offset += NOT_RUN_LANE_HEIGHT;
    }
  }
  return element(
    'svg',
    {
      id: 'gap-lanes',
      xmlns: 'http://www.w3.org/2000/svg',
      width: WIDTH,
      height: offset,
      viewBox: `0 0 ${WIDTH} ${offset}`,
      role: 'img',
      'aria-label': 'Worker gaps over time, one lane per engine and strategy, loads marked',
    },
    lanes,
  );
}

interface LaneScale {
  yLow: number;
  yHigh: number;
  yTicks: number[];
  durationS: number;
}

function renderLane(row: EngineRow, offset: number, scale: LaneScale): string {
  const analysis = row.analysis!;
  const plotWidth = WIDTH - LANE_MARGIN.left - LANE_MARGIN.right;
  const plotHeight = LANE_HEIGHT - LANE_MARGIN.top - LANE_MARGIN.bottom;
  const x = (seconds: number) => LANE_MARGIN.left + (seconds / scale.durationS) * plotWidth;
  const logLow = Math.log10(scale.yLow);
  const logHigh = Math.log10(scale.yHigh);
  const y = (gapMs: number) => {
    const clamped = Math.min(Math.max(gapMs, scale.yLow), scale.yHigh);
    return LANE_MARGIN.top + plotHeight - ((Math.log10(clamped) - logLow) / (logHigh - logLow)) * plotHeight;
  };
  const parts: string[] = [];
  parts.push(text(row.label, { class: 'lane-title', x: LANE_MARGIN.left, y: 18, 'font-weight': 'bold' }));

  const baselineStartS = analysis.baseline.startMs / 1000;
  const baselineEndS = analysis.baseline.endMs / 1000;
  parts.push(
    element('rect', {
      class: 'baseline-window',
      x: x(baselineStartS),
      y: LANE_MARGIN.top,
      width: Math.max(MIN_WINDOW_WIDTH_PX, x(baselineEndS) - x(baselineStartS)),
      height: plotHeight,
      fill: '#eef2f7',
    }),
  );

  for (const load of analysis.loads) {
    const left = x(load.startMs / 1000);
    const width = Math.max(MIN_WINDOW_WIDTH_PX, x(load.endMs / 1000) - left);
    parts.push(
      element(
        'rect',
        {
          class: 'load-window',
          'data-size': load.size,
          x: left,
          y: LANE_MARGIN.top,
          width,
          height: plotHeight,
          fill: load.outcome === 'ok' ? '#f5b7b1' : '#7f8c8d',
          'fill-opacity': 0.7,
        },
        element('title', {}, escapeXml(`load of ${load.size} entries (version ${load.version}): ${load.outcome}`)),
      ),
    );
  }
  // Size labels once per run of equal sizes, so that they do not overprint.
  let previousSize = -1;
  for (const load of analysis.loads) {
    if (load.size === previousSize) continue;
    previousSize = load.size;
    parts.push(text(shortEntries(load.size), { class: 'load-label', x: x(load.startMs / 1000) + 2, y: LANE_MARGIN.top + 10, 'font-size': 10, fill: '#922b21' }));
  }

  // Axes: gap (log) on the left, time at the bottom.
  for (const tick of scale.yTicks) {
    parts.push(element('line', { class: 'grid', x1: LANE_MARGIN.left, x2: LANE_MARGIN.left + plotWidth, y1: y(tick), y2: y(tick), stroke: '#dddddd' }));
    parts.push(text(formatTick(tick), { class: 'tick-label', x: LANE_MARGIN.left - 6, y: y(tick) + 4, 'text-anchor': 'end', 'font-size': 10 }));
  }
  for (const tick of linearTicks(0, scale.durationS, 10)) {
    parts.push(text(formatTick(tick), { class: 'tick-label', x: x(tick), y: LANE_MARGIN.top + plotHeight + 14, 'text-anchor': 'middle', 'font-size': 10 }));
  }
  parts.push(element('line', { class: 'axis', x1: LANE_MARGIN.left, x2: LANE_MARGIN.left + plotWidth, y1: LANE_MARGIN.top + plotHeight, y2: LANE_MARGIN.top + plotHeight, stroke: '#333333' }));
  parts.push(element('line', { class: 'axis', x1: LANE_MARGIN.left, x2: LANE_MARGIN.left, y1: LANE_MARGIN.top, y2: LANE_MARGIN.top + plotHeight, stroke: '#333333' }));
  parts.push(text('time since start (s)', { class: 'axis-label', x: LANE_MARGIN.left + plotWidth / 2, y: LANE_HEIGHT - 8, 'text-anchor': 'middle', 'font-size': 11 }));
  parts.push(
    text('gap (ms, log)', {
      class: 'axis-label',
      transform: `translate(14 ${LANE_MARGIN.top + plotHeight / 2}) rotate(-90)`,
      'text-anchor': 'middle',
      'font-size': 11,
    }),
  );

  const points = analysis.series.points.map(([bucketMs, gapUs]) => `${x(bucketMs / 1000).toFixed(1)},${y(gapUs / 1000).toFixed(1)}`);
  parts.push(
    element('polyline', {
      class: 'gap-series',
      points: points.join(' '),
      fill: 'none',
      stroke: rowColour(row.id),
      'stroke-width': 1,
    }),
  );
  return element('g', { class: 'lane', 'data-row': row.id, transform: `translate(0 ${offset})` }, parts);
}

function renderNotRunLane(row: EngineRow, offset: number): string {
  return element('g', { class: 'lane not-run', 'data-row': row.id, transform: `translate(0 ${offset})` }, [
    text(row.label, { class: 'lane-title', x: LANE_MARGIN.left, y: 18, 'font-weight': 'bold' }),
    text(`not run: ${row.reason ?? 'unknown reason'}`, { class: 'not-run-reason', x: LANE_MARGIN.left, y: 38, 'font-size': 12, fill: '#7f8c8d' }),
  ]);
}
