import { describe, expect, it } from 'vitest';
import { analyseScenario, encodeRawWorkers } from '../src/analysis.js';
import type { RawScenarioResult } from '../src/results-schema.js';

/**
 * A hand-built scenario: two workers iterate every 100 µs, except that worker 1 stalls
 * across the load of version 1 (a 5.1 ms gap) and worker 2 across the load of version 2
 * (a 2.1 ms gap).
 */
function scenario(): RawScenarioResult {
  const start = 1_000_000;
  const ends = (stallAt: number, stallUs: number) => {
    const times: number[] = [];
    for (let time = start + 100; time <= start + 200_000; time += 100) {
      times.push(time >= stallAt && time < stallAt + stallUs ? stallAt + stallUs : time);
    }
    return [...new Set(times)];
  };
  const worker1 = ends(start + 120_000, 5000);
  const worker2 = ends(start + 160_000, 2000);
  return {
    start,
    end: start + 200_000,
    schedulers: 2,
    baseline: { start: start + 1000, end: start + 101_000 },
    loads: [
      {
        size: 10_000, version: 1, purge_start: start + 119_900, prepare_start: start + 120_000,
        prepare_end: start + 123_000, finish_end: start + 123_500, outcome: 'ok',
        seen: [[1, start + 125_000], [2, start + 123_600]],
      },
      {
        size: 10_000, version: 2, purge_start: start + 159_900, prepare_start: start + 160_000,
        prepare_end: start + 161_000, finish_end: start + 161_200, outcome: 'ok',
        seen: [[1, start + 161_300], [2, start + 162_000]],
        world_stopped_us: 700,
        prepared_is_reference: 'false',
      },
      {
        size: 50_000, version: 3, purge_start: start + 179_900, prepare_start: start + 180_000,
        prepare_end: start + 181_000, finish_end: start + 181_100, outcome: 'not_purged',
        seen: [],
      },
    ],
    workers: [
      { id: 1, ends: worker1, seen: [[0, start + 100], [1, start + 125_000], [2, start + 161_300]] },
      { id: 2, ends: worker2, seen: [[0, start + 100], [1, start + 123_600], [2, start + 162_000]] },
    ],
  };
}

describe('analyseScenario', () => {
  const analysis = analyseScenario(scenario());

  it('measures the idle baseline from the gaps inside its window', () => {
    expect(analysis.baseline.maxGapUs).toBe(100);
    expect(analysis.baseline.medianGapUs).toBe(100);
    expect(analysis.baseline.iterationsPerSecond).toBeCloseTo(20_000, -2);
    expect(analysis.baseline.startMs).toBe(1);
    expect(analysis.baseline.endMs).toBe(101);
  });

  it('times each load from the loader and the workers', () => {
    const [first, second, third] = analysis.loads;
    expect(first.prepareUs).toBe(3000);
    expect(first.loadLatencyUs).toBe(3500);
    expect(first.visibleUs).toBe(2000);
    expect(first.worldStoppedUs).toBeNull();
    expect(second.worldStoppedUs).toBe(700);
    // This engine's prepare_loading handed back no reference: no prepare time is claimed.
    expect(second.prepareUs).toBeNull();
    expect(second.visibleUs).toBe(1000);
    // The stall that overlaps each load window is its largest gap.
    expect(first.maxGapUs).toBe(5100);
    expect(second.maxGapUs).toBe(2100);
    // No worker saw the failed load: it has no visibility time.
    expect(third.outcome).toBe('not_purged');
    expect(third.visibleUs).toBeNull();
  });

  it('puts throughput in the window against the idle rate', () => {
    const [first] = analysis.loads;
    // Worker 1 ran no iteration for most of the 5 ms window: clearly below idle.
    expect(first.throughputVsIdle).not.toBeNull();
    expect(first.throughputVsIdle!).toBeLessThan(0.75);
    expect(first.throughputVsIdle!).toBeGreaterThan(0.3);
  });

  it('summarises each size with medians over its successful loads', () => {
    expect(analysis.sizes.map((size) => size.size)).toEqual([10_000, 50_000]);
    const [small, large] = analysis.sizes;
    expect(small.loads).toBe(2);
    expect(small.failedLoads).toBe(0);
    expect(small.maxGapUs).toBe(2100); // nearest-rank median of [5100, 2100]
    // Idle windows as long as the loads' hold only 100 µs gaps.
    expect(small.idleMaxGapSameWindowUs).toBe(100);
    expect(small.maxGapVsIdle).toBe(21);
    expect(large.failedLoads).toBe(1);
    expect(large.maxGapUs).toBeNull();
  });

  it('buckets gaps over time for the chart, keeping the largest per bucket', () => {
    const stall = analysis.series.points.find(([bucketMs]) => bucketMs === 125);
    expect(stall?.[1]).toBe(5100);
    expect(analysis.series.points.every(([, gap]) => gap >= 100)).toBe(true);
  });

  it('encodes the raw samples losslessly', () => {
    const raw = scenario();
    const [encoded] = encodeRawWorkers(raw);
    let time = raw.start + encoded.firstEnd;
    const decoded = [time, ...encoded.gapsUs.map((gap) => (time += gap))];
    expect(decoded).toEqual(raw.workers[0].ends);
  });
});
