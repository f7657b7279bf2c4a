import { maximum, median, medianOfPresent, percentile } from './statistics.js';
import type {
  BaselineSample,
  EngineAnalysis,
  GapSeries,
  LoadSample,
  RawLoad,
  RawScenarioResult,
  SizeSummary,
} from './results-schema.js';

/** The chart needs no more points than a screen has pixels across. */
const MAX_SERIES_BUCKETS = 2000;

/** A gap between two consecutive iterations of one worker, ending at `end`. */
interface Gap {
  end: number;
  length: number;
}

export function analyseScenario(raw: RawScenarioResult): EngineAnalysis {
  const gaps = collectGaps(raw);
  const longest = maximum(gaps.map((gap) => gap.length)) ?? 0;
  const baseline = measureBaseline(raw, gaps);
  const loads = raw.loads.map((load) => measureLoad(raw, load, gaps, longest, baseline));
  return {
    baseline,
    loads,
    sizes: summariseBySize(loads, (windowUs) => idleMaxGapForWindow(raw, gaps, longest, windowUs)),
    series: bucketGaps(raw, gaps),
    durationMs: (raw.end - raw.start) / 1000,
  };
}

function collectGaps(raw: RawScenarioResult): Gap[] {
  const gaps: Gap[] = [];
  for (const worker of raw.workers) {
    for (let index = 1; index < worker.ends.length; index++) {
      gaps.push({ end: worker.ends[index], length: worker.ends[index] - worker.ends[index - 1] });
    }
  }
  gaps.sort((left, right) => left.end - right.end);
  return gaps;
}

/**
 * Gaps that overlap [from, to]: a worker that was stalled across `from` or `to` counts.
 * `gaps` is sorted by end; a gap that overlaps ends no later than `to + longest`.
 */
function gapsOverlapping(gaps: readonly Gap[], longest: number, from: number, to: number): Gap[] {
  const result: Gap[] = [];
  for (let index = firstEndingAfter(gaps, from); index < gaps.length; index++) {
    const gap = gaps[index];
    if (gap.end > to + longest) break;
    if (gap.end - gap.length < to) result.push(gap);
  }
  return result;
}

function firstEndingAfter(gaps: readonly Gap[], time: number): number {
  let low = 0;
  let high = gaps.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (gaps[middle].end <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}

function countEndingWithin(gaps: readonly Gap[], from: number, to: number): number {
  return firstEndingAfter(gaps, to) - firstEndingAfter(gaps, from);
}

function measureBaseline(raw: RawScenarioResult, gaps: readonly Gap[]): BaselineSample {
  const { start, end } = raw.baseline;
  const lengths = gaps.filter((gap) => gap.end > start && gap.end <= end).map((gap) => gap.length);
  const durationUs = end - start;
  return {
    startMs: (start - raw.start) / 1000,
    endMs: (end - raw.start) / 1000,
    durationUs,
    iterations: lengths.length,
    iterationsPerSecond: durationUs > 0 ? (lengths.length * 1e6) / durationUs : 0,
    maxGapUs: maximum(lengths),
    p99GapUs: percentile(lengths, 99),
    medianGapUs: median(lengths),
  };
}

function measureLoad(
  raw: RawScenarioResult,
  load: RawLoad,
  gaps: readonly Gap[],
  longest: number,
  baseline: BaselineSample,
): LoadSample {
  const workerCount = raw.workers.length;
  const allSeen = load.seen.length >= workerCount;
  const lastSeen = allSeen ? Math.max(...load.seen.map(([, time]) => time)) : null;
  const windowStart = load.prepare_start;
  const windowEnd = Math.max(load.finish_end, lastSeen ?? load.finish_end);
  const windowUs = windowEnd - windowStart;
  const lengths = gapsOverlapping(gaps, longest, windowStart, windowEnd).map((gap) => gap.length);
  const iterations = countEndingWithin(gaps, windowStart, windowEnd);
  const throughput =
    windowUs > 0 && baseline.iterationsPerSecond > 0
      ? (iterations * 1e6) / windowUs / baseline.iterationsPerSecond
      : null;
  return {
    size: load.size,
    version: load.version,
    outcome: load.outcome,
    startMs: (windowStart - raw.start) / 1000,
    endMs: (windowEnd - raw.start) / 1000,
    prepareUs: preparedByPrepareLoading(load) ? load.prepare_end - load.prepare_start : null,
    loadLatencyUs: load.finish_end - load.prepare_start,
    worldStoppedUs: load.world_stopped_us ?? null,
    visibleUs: lastSeen === null ? null : lastSeen - load.prepare_end,
    windowUs,
    maxGapUs: maximum(lengths),
    p99GapUs: percentile(lengths, 99),
    throughputVsIdle: throughput,
  };
}

/** The smallest window the idle reference is cut into: shorter ones hold about no iteration. */
const MIN_IDLE_WINDOW_US = 1000;

/** Median over equal windows of the idle baseline of the largest gap overlapping each. */
function idleMaxGapForWindow(raw: RawScenarioResult, gaps: readonly Gap[], longest: number, windowUs: number): number | null {
  const length = Math.max(MIN_IDLE_WINDOW_US, windowUs);
  const maxima: number[] = [];
  for (let from = raw.baseline.start; from + length <= raw.baseline.end; from += length) {
    const within = gapsOverlapping(gaps, longest, from, from + length).map((gap) => gap.length);
    const largest = maximum(within);
    if (largest !== null) maxima.push(largest);
  }
  return median(maxima);
}

/** JSON from ERTS carries booleans as atoms ('true'); the runtime's as strings too. */
function preparedByPrepareLoading(load: RawLoad): boolean {
  return load.prepared_is_reference === undefined || load.prepared_is_reference === true || load.prepared_is_reference === 'true';
}

function summariseBySize(
  loads: readonly LoadSample[],
  idleMaxGapForWindowUs: (windowUs: number) => number | null,
): SizeSummary[] {
  const sizes = [...new Set(loads.map((load) => load.size))].sort((left, right) => left - right);
  return sizes.map((size) => {
    const ofSize = loads.filter((load) => load.size === size);
    const succeeded = ofSize.filter((load) => load.outcome === 'ok');
    const pick = (metric: (load: LoadSample) => number | null) => medianOfPresent(succeeded.map(metric));
    const windowUs = pick((load) => load.windowUs);
    const maxGapUs = pick((load) => load.maxGapUs);
    const idleMaxGapSameWindowUs = windowUs === null ? null : idleMaxGapForWindowUs(windowUs);
    return {
      size,
      loads: ofSize.length,
      failedLoads: ofSize.length - succeeded.length,
      prepareUs: pick((load) => load.prepareUs),
      loadLatencyUs: pick((load) => load.loadLatencyUs),
      worldStoppedUs: pick((load) => load.worldStoppedUs),
      visibleUs: pick((load) => load.visibleUs),
      maxGapUs,
      p99GapUs: pick((load) => load.p99GapUs),
      throughputVsIdle: pick((load) => load.throughputVsIdle),
      idleMaxGapSameWindowUs,
      maxGapVsIdle:
        maxGapUs !== null && idleMaxGapSameWindowUs !== null && idleMaxGapSameWindowUs > 0
          ? maxGapUs / idleMaxGapSameWindowUs
          : null,
    };
  });
}

function bucketGaps(raw: RawScenarioResult, gaps: readonly Gap[]): GapSeries {
  const durationMs = (raw.end - raw.start) / 1000;
  const bucketMs = Math.max(1, Math.ceil(durationMs / MAX_SERIES_BUCKETS));
  const largest = new Map<number, number>();
  for (const gap of gaps) {
    const bucket = Math.floor((gap.end - raw.start) / 1000 / bucketMs) * bucketMs;
    if ((largest.get(bucket) ?? -1) < gap.length) largest.set(bucket, gap.length);
  }
  const points = [...largest.entries()].sort((left, right) => left[0] - right[0]);
  return { bucketMs, points };
}

/** The raw worker samples in a compact, lossless form for the JSON output. */
export function encodeRawWorkers(raw: RawScenarioResult) {
  return raw.workers.map((worker) => ({
    id: worker.id,
    firstEnd: (worker.ends[0] ?? raw.start) - raw.start,
    gapsUs: worker.ends.slice(1).map((end, index) => end - worker.ends[index]),
    seen: worker.seen.map(([version, time]) => [version, time - raw.start] as [number, number]),
  }));
}
