// Host API.
export { Runtime, ErlangError, type RuntimeOptions, type CallOutcome, type RuntimeStatistics } from './host/runtime.js';
export { RuntimeError, type RuntimeErrorCode } from './host/runtime-error.js';
export { standardIoBytes } from './host/standard-io-encoding.js';

// Processes: the PCB layout and the interpreter contract (process.ts), fragments, GC.
export * from './process/process.js';
export * from './process/fragment.js';
export { ProcessContext, type ContextHost, type Trap } from './process/process-context.js';
export { ProcessServices, type SpawnOptions } from './process/process-services.js';
export { Signals } from './process/signals.js';
export { collect, nextHeapSize, MIN_HEAP_WORDS } from './process/gc.js';

// Schedulers and the system-wide protocols.
export { Scheduler, type SliceExecutor, type SystemTaskTrap, type SchedulerHooks } from './scheduler/scheduler.js';
export type { SchedulerEnvironment, SliceExecutorModule, SchedulerWorkerData } from './scheduler/scheduler-environment.js';
export { RuntimeMemoryView } from './system/runtime-memory-view.js';
export { monotonicMicroseconds, type SystemBlockInterval } from './system/block-log.js';
export { readTraceBuffer, type SchedulerTrace, type SliceTraceEvent, type SliceTraceKind } from './scheduler/slice-trace.js';
export * from './shared/runtime-memory.js';
export { PC_START, spawnProcess, type SpawnRequest } from './system/spawn.js';
export { lookupProcess } from './system/process-table.js';
