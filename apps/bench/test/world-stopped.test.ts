import { describe, expect, it } from 'vitest';
import { fillWorldStopped } from '../src/engines/world-stopped.js';
import type { RawLoad, RawScenarioResult } from '../src/results-schema.js';

function load(prepareStart: number, finishEnd: number): RawLoad {
  return {
    size: 10, version: 1, purge_start: prepareStart - 10, prepare_start: prepareStart,
    prepare_end: prepareStart + 1, finish_end: finishEnd, outcome: 'ok', seen: [],
  };
}

function raw(loads: RawLoad[]): RawScenarioResult {
  return { start: 0, end: 10_000, schedulers: 2, baseline: { start: 0, end: 100 }, loads, workers: [] } as unknown as RawScenarioResult;
}

describe('world stopped per load, from the block log', () => {
  it('counts parked-to-release time inside each load window only', () => {
    const result = raw([load(1000, 2000), load(5000, 6000)]);
    fillWorldStopped(result, [
      { allParkedUs: 900, releasedUs: 1100 }, // starts before the first window: 100 inside
      { allParkedUs: 1500, releasedUs: 1700 }, // inside: 200
      { allParkedUs: 3000, releasedUs: 4000 }, // between the loads: nowhere
      { allParkedUs: 5900, releasedUs: 6300 }, // ends after the second window: 100 inside
    ]);
    expect(result.loads.map((entry) => entry.world_stopped_us)).toEqual([300, 100]);
  });

  it('a load with no block during it stopped the world for 0 µs', () => {
    const result = raw([load(1000, 2000)]);
    fillWorldStopped(result, []);
    expect(result.loads[0]!.world_stopped_us).toBe(0);
  });
});
