/**
 * What a scheduler thread is started with (structured-cloneable: shared buffers and
 * plain data) and what the slice executor module receives to build itself.
 */

import type { Arena, AtomTable } from '@beamload/terms';
import type { ProcessServices } from '../process/process-services.js';
import type { RuntimeMemoryView } from '../system/runtime-memory-view.js';
import type { Scheduler, SliceExecutor } from './scheduler.js';
import type { Loader, SystemControl } from '@beamload/loader-core';
import type { LoadStrategyChoice } from '../host/load-strategy-choice.js';

export interface SchedulerWorkerData {
  schedulerId: number;
  runtimeBuffer: SharedArrayBuffer;
  arenaBuffer: SharedArrayBuffer;
  maxProcesses: number;
  /** Word index of the atom table descriptor in the arena. */
  atomTableRoot: number;
  /** Word index of loader-core's root block (Loader.attach), 0 when there is no loader. */
  loaderRoot: number;
  /** URL of the module exporting `createSliceExecutor(environment)`. */
  executorModule: string;
  /** Executor-specific options (plain data). */
  executorOptions: unknown;
  /** The loading strategy code-loading BIFs run (by name, or a module every thread imports). */
  loadStrategy: LoadStrategyChoice;
  /** Word index of the code server block (system/code-server.ts), 0 = none. */
  codeServerBlock: number;
  /** Directories code:ensure_loaded/1 (and so the error_handler) searches. */
  codePath: string[];
  /** This scheduler's trace ring (scheduler/slice-trace.ts), null when the runtime does not trace. */
  traceBuffer: SharedArrayBuffer | null;
}

export interface SchedulerEnvironment {
  readonly schedulerId: number;
  readonly view: RuntimeMemoryView;
  readonly arena: Arena;
  readonly atoms: AtomTable;
  readonly loaderRoot: number;
  readonly services: ProcessServices;
  /** The system-control contract for strategies run by processes of this scheduler. */
  readonly system: SystemControl;
  readonly options: unknown;
  /** The scheduler itself (its context, timers, services). */
  readonly scheduler: Scheduler;
  /** Sends program output to the host thread (written in arrival order). */
  output(text: string): void;
  /** The executor tells the scheduler which loader its code-loading BIFs use. */
  attachLoader(loader: Loader, system: unknown): void;
}

/** The shape of an executor module. */
export interface SliceExecutorModule {
  createSliceExecutor(environment: SchedulerEnvironment): SliceExecutor | Promise<SliceExecutor>;
}

/** Messages a scheduler thread posts to the host. */
export type SchedulerMessage =
  | { kind: 'ready'; schedulerId: number }
  | { kind: 'exit'; hostCall: number; pid: number; normal: boolean; block: number; term: number }
  | { kind: 'output'; text: string }
  | { kind: 'failed'; schedulerId: number; message: string };
