import { mkdtempSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseScenario } from '../src/analysis.js';
import { writeHtmlReport } from '../src/report/html-report.js';
import type { BenchResults, RawScenarioResult } from '../src/results-schema.js';

const CHROMIUM = '/usr/bin/chromium';
/** Flags for a quiet, offline, sandbox-free headless Chromium (tests may run as root). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.BEAMLOAD_REQUIRE_CHROMIUM === '1') {
    throw new Error(`BEAMLOAD_REQUIRE_CHROMIUM=1 but ${CHROMIUM} is missing (apt-get install -y chromium)`);
  }
  return false;
}

/** A small but complete scenario: steady 200 µs gaps, one stall per load. */
function rawScenario(stallUs: number): RawScenarioResult {
  const start = 0;
  const loads = [10_000, 10_000, 50_000, 50_000].map((size, index) => {
    const at = 600_000 + index * 200_000;
    return {
      size, version: index + 1, purge_start: at - 100, prepare_start: at, prepare_end: at + stallUs,
      finish_end: at + stallUs + 300, outcome: 'ok', seen: [[1, at + stallUs + 500], [2, at + stallUs + 600]] as [number, number][],
    };
  });
  const ends = (offset: number) => {
    const times: number[] = [];
    let time = offset;
    while (time < 1_500_000) {
      const stalled = loads.find((load) => time >= load.prepare_start && time < load.prepare_end);
      time = stalled ? stalled.prepare_end + 200 : time + 200;
      times.push(time);
    }
    return times;
  };
  return {
    start, end: 1_500_000, schedulers: 2, baseline: { start: 10_000, end: 510_000 }, loads,
    workers: [
      { id: 1, ends: ends(0), seen: [] },
      { id: 2, ends: ends(100), seen: [] },
    ],
  };
}

function results(): BenchResults {
  return {
    schema: 'beamload-bench/1',
    context: { date: '2026-01-01T00:00:00.000Z', cpuModel: 'test CPU', cpuCount: 2, nodeVersion: process.version, gitCommit: null, platform: 'test', loadAverage: [0, 0, 0] },
    settings: { sizes: [10_000, 50_000], loadsPerSize: 2, schedulers: 2, workers: 2, work: 1, iterationUs: 100, longBif: 0, baselineMs: 500, settleMs: 100, visibilityTimeoutMs: 1000, moduleGenerator: 'test' },
    rows: [
      { id: 'block', engine: 'beamload', label: 'beamload block', status: 'not-run', reason: 'the runtime <is> not ready & says so' },
      { id: 'split', engine: 'beamload', label: 'beamload split', status: 'ran', schedulers: 2, analysis: analyseScenario(rawScenario(1500)) },
      { id: 'erts', engine: 'erts', label: 'ERTS (OTP 25)', status: 'ran', schedulers: 2, analysis: analyseScenario(rawScenario(8000)) },
    ],
    prepareComparison: {
      status: 'ran',
      sizes: [{ size: 10_000, loaderCorePrepareUs: [30_000, 40_000], loaderCoreMedianUs: 30_000, ertsMedianUs: 12_000, ratioToErts: 2.5 }],
    },
  };
}

const scratch = mkdtempSync(join(tmpdir(), 'beamload-bench-html-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(!chromiumAvailable())('the HTML report in headless Chromium', () => {
  it('shows the gap lanes, the size charts and their axes', async () => {
    const { chromium } = await import('playwright-core');
    const page = writeHtmlReport(results(), join(scratch, 'report'));
    const context = await chromium.launchPersistentContext(join(scratch, 'user-data'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      const tab = await context.newPage();
      await tab.goto(pathToFileURL(page).href);

      // One lane per row, in order, the one that did not run saying why.
      const lanes = await tab.$$eval('svg#gap-lanes g.lane', (nodes) =>
        nodes.map((node) => ({ row: node.getAttribute('data-row'), notRun: node.classList.contains('not-run'), text: node.textContent ?? '' })),
      );
      expect(lanes.map((lane) => lane.row)).toEqual(['block', 'split', 'erts']);
      expect(lanes[0].notRun).toBe(true);
      expect(lanes[0].text).toContain('not run: the runtime <is> not ready & says so');

      // Each lane that ran draws its gap series, its idle baseline and its four loads.
      for (const row of ['split', 'erts']) {
        const lane = `svg#gap-lanes g.lane[data-row="${row}"]`;
        expect(await tab.locator(`${lane} polyline.gap-series`).count()).toBe(1);
        const points = await tab.locator(`${lane} polyline.gap-series`).getAttribute('points');
        expect(points!.split(' ').length).toBeGreaterThan(100);
        expect(await tab.locator(`${lane} rect.baseline-window`).count()).toBe(1);
        expect(await tab.locator(`${lane} rect.load-window`).count()).toBe(4);
        const axisLabels = await tab.locator(`${lane} text.axis-label`).allTextContents();
        expect(axisLabels).toEqual(['time since start (s)', 'gap (ms, log)']);
      }

      // The charts are laid out and visible, not just present in the markup.
      for (const id of ['gap-lanes', 'stall-vs-size', 'latency-vs-size']) {
        const box = await tab.locator(`svg#${id}`).boundingBox();
        expect(box?.width).toBeGreaterThan(300);
        expect(box?.height).toBeGreaterThan(200);
      }

      // Stall vs size: one line per row that ran, one point per size, axis labels, and the
      // larger stall drawn higher (smaller y) than the smaller one.
      const sizeRows = await tab.$$eval('svg#stall-vs-size g.size-row', (nodes) =>
        nodes.map((node) => ({
          row: node.getAttribute('data-row'),
          pointYs: [...node.querySelectorAll('circle.size-point')].map((circle) => Number(circle.getAttribute('cy'))),
        })),
      );
      expect(sizeRows.map((row) => row.row)).toEqual(['split', 'erts']);
      for (const row of sizeRows) expect(row.pointYs).toHaveLength(2);
      expect(sizeRows[1].pointYs[0]).toBeLessThan(sizeRows[0].pointYs[0]);
      // Every point lies inside the plot: the value axis reaches past the largest value.
      const gridYs = await tab.$$eval('svg#stall-vs-size line.grid', (lines) => lines.map((line) => Number(line.getAttribute('y1'))));
      const plotTop = Math.min(...gridYs);
      for (const row of sizeRows) for (const y of row.pointYs) expect(y).toBeGreaterThanOrEqual(plotTop);
      const sizeAxes = await tab.locator('svg#stall-vs-size text.axis-label').allTextContents();
      expect(sizeAxes).toEqual(['module size (literal entries, log)', 'median max gap (ms)']);
      const sizeTicks = await tab.locator('svg#stall-vs-size text.tick-label').allTextContents();
      expect(sizeTicks).toEqual(expect.arrayContaining(['10k', '50k']));

      // The prepare comparison is a table of its own.
      const prepareRows = await tab.$$eval('table#prepare tbody tr', (rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)));
      expect(prepareRows).toEqual([['10,000', '30.0', '12.0', '2.50x']]);

      // The summary table carries the same rows.
      const firstCells = await tab.$$eval('table#summary tbody tr td:first-child', (cells) => cells.map((cell) => cell.textContent));
      expect(firstCells).toEqual(expect.arrayContaining(['beamload block', 'beamload split', 'ERTS (OTP 25)']));
    } finally {
      await context.close();
    }
  });
});
