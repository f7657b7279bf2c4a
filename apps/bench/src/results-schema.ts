// The shapes the bench produces. Times are microseconds unless a name says otherwise;
// timestamps are monotonic microseconds relative to the start of the engine's run.

/** What the Erlang scenario (bench_scenario:run/1) returns, as plain data, on any engine. */
export interface RawScenarioResult {
  start: number;
  end: number;
  schedulers: number;
  /** Compute steps per worker iteration (calibrated on the engine unless fixed). */
  work?: number;
  /** lists:reverse/2 calls the long-BIF process completed (0 without one). */
  long_bif_rounds?: number;
  baseline: { start: number; end: number };
  loads: RawLoad[];
  workers: RawWorker[];
  /** Engine facts the scenario's driver adds (OTP release on ERTS). */
  erts?: Record<string, string | number>;
}

export interface RawLoad {
  size: number;
  version: number;
  purge_start: number;
  prepare_start: number;
  prepare_end: number;
  finish_end: number;
  /** `ok`, or the reason finish_loading gave. */
  outcome: string;
  /** false when prepare_loading returned no reference (the engine defers the work to finish_loading). */
  prepared_is_reference?: string | boolean;
  /** [worker id, monotonic time] when each worker first ran this version. */
  seen: [number, number][];
  /** Time the world stood still, when the engine can observe it (our runtime can; ERTS's
   * epoch loader never stops the world and exposes nothing to measure). */
  world_stopped_us?: number;
}

export interface RawWorker {
  id: number;
  /** Monotonic time at the end of every iteration. */
  ends: number[];
  /** [version, time] when the worker first ran each version. */
  seen: [number, number][];
}

/** One hot load, measured. */
export interface LoadSample {
  size: number;
  version: number;
  outcome: string;
  /** The load's window (prepare start to visible everywhere), relative to the run's start. */
  startMs: number;
  endMs: number;
  /** null when the engine's prepare_loading does not do the work (see RawLoad.prepared_is_reference). */
  prepareUs: number | null;
  /** The loading process's own latency: prepare_loading + finish_loading. */
  loadLatencyUs: number;
  worldStoppedUs: number | null;
  /** From the start of finish_loading until the last worker ran the new version; null if
   * some worker did not see it within the timeout. */
  visibleUs: number | null;
  /** The window over which the gaps below are taken: load start to visible everywhere. */
  windowUs: number;
  maxGapUs: number | null;
  p99GapUs: number | null;
  /** Worker iterations per second in the window over the idle baseline's rate. */
  throughputVsIdle: number | null;
}

export interface BaselineSample {
  /** The idle window, relative to the run's start. */
  startMs: number;
  endMs: number;
  durationUs: number;
  iterations: number;
  iterationsPerSecond: number;
  maxGapUs: number | null;
  p99GapUs: number | null;
  medianGapUs: number | null;
}

/** Medians over the loads of one module size. */
export interface SizeSummary {
  size: number;
  loads: number;
  failedLoads: number;
  prepareUs: number | null;
  loadLatencyUs: number | null;
  worldStoppedUs: number | null;
  visibleUs: number | null;
  maxGapUs: number | null;
  p99GapUs: number | null;
  throughputVsIdle: number | null;
  /**
   * The idle reference for maxGapUs: the baseline cut into windows as long as this size's
   * median load window, the median of their max gaps. (A max over the whole baseline would
   * grow with its length and not compare with a few-millisecond load window.)
   */
  idleMaxGapSameWindowUs: number | null;
  /** maxGapUs over idleMaxGapSameWindowUs. */
  maxGapVsIdle: number | null;
}

/** Worker gaps over time for the chart: the largest gap ending in each bucket. */
export interface GapSeries {
  bucketMs: number;
  /** [bucket start in ms from run start, largest gap in µs]; empty buckets are left out. */
  points: [number, number][];
}

export interface EngineAnalysis {
  baseline: BaselineSample;
  loads: LoadSample[];
  sizes: SizeSummary[];
  series: GapSeries;
  durationMs: number;
}

export type EngineKind = 'erts' | 'beamload';

export interface EngineRow {
  /** A stable id: `erts`, `block`, `split`, `epoch`. */
  id: string;
  engine: EngineKind;
  /** What a reader sees in the tables and charts. */
  label: string;
  status: 'ran' | 'not-run';
  /** Why the row was not run (never a number in its place). */
  reason?: string;
  schedulers?: number;
  analysis?: EngineAnalysis;
  /** The raw worker gaps, delta-encoded per worker: gaps[i] = ends[i+1] - ends[i]. */
  rawWorkers?: { id: number; firstEnd: number; gapsUs: number[]; seen: [number, number][] }[];
  engineFacts?: Record<string, string | number>;
}

export interface BenchContext {
  date: string;
  cpuModel: string;
  cpuCount: number;
  nodeVersion: string;
  gitCommit: string | null;
  platform: string;
  /** 1, 5 and 15 minute load averages when the run ended. */
  loadAverage: [number, number, number];
}

export interface BenchSettings {
  sizes: number[];
  loadsPerSize: number;
  schedulers: number;
  workers: number;
  /** Fixed compute steps per iteration, or null when each engine calibrated to iterationUs. */
  work: number | null;
  iterationUs: number;
  /** 0, or the list length of the long-BIF process. */
  longBif: number;
  baselineMs: number;
  settleMs: number;
  visibilityTimeoutMs: number;
  moduleGenerator: string;
}

/**
 * loader-core's prepare alone (no runtime), on the scenario's own module files, next to
 * ERTS's prepare_loading for the same size from the same run.
 */
export interface PrepareComparison {
  status: 'ran' | 'not-run';
  reason?: string;
  sizes: {
    size: number;
    /** Every timed prepare (one per load of this size). */
    loaderCorePrepareUs: number[];
    loaderCoreMedianUs: number | null;
    ertsMedianUs: number | null;
    /** loader-core's median over ERTS's. */
    ratioToErts: number | null;
  }[];
}

export interface BenchResults {
  schema: 'beamload-bench/1';
  context: BenchContext;
  settings: BenchSettings;
  rows: EngineRow[];
  prepareComparison: PrepareComparison;
}
