import type { PlannedLoad } from '../load-plan.js';

/** What every engine is given: the same workload settings and the same module files. */
export interface ScenarioInput {
  schedulers: number;
  workers: number;
  /** Fixed compute steps, or the per-iteration compute time to calibrate to. */
  work: number | { calibrateUs: number };
  longBif: number;
  baselineMs: number;
  settleMs: number;
  visibilityTimeoutMs: number;
  /** Our runtime only: how long the whole scenario may take. */
  timeoutMs: number;
  moduleName: string;
  initialModulePath: string;
  loads: (PlannedLoad & { path: string })[];
  /** Our runtime only: run with its scheduler trace and return it. */
  trace?: boolean;
}
