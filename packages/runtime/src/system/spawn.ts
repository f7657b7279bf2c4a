/**
 * Creating a process: a slot, a fresh heap+stack block, the initial call (module,
 * function, arguments) saved as x registers, and a place in a run queue. The
 * interpreter starts a process whose PCB_PC is PC_START by calling its current
 * function (PCB_CURRENT_MODULE/FUNCTION/ARITY) with x0..x(arity-1) through the export
 * table, and when that call returns the process exits `normal` with the value in x0.
 */

import { MIN_HEAP_WORDS } from '../process/gc.js';
import {
  PCB_ARITY,
  PCB_CURRENT_ARITY,
  PCB_CURRENT_FUNCTION,
  PCB_CURRENT_MODULE,
  PCB_FULLSWEEP_AFTER,
  PCB_YOUNG_REFC_BINARIES,
  PCB_HEAP_END,
  PCB_HEAP_START,
  PCB_HEAP_TOP,
  PCB_HOST_CALL,
  PCB_MIN_HEAP_SIZE,
  PCB_PC,
  PCB_SAVED_X,
  PCB_SAVED_X_CAPACITY,
  PCB_SCHEDULER,
  PCB_SPAWNED_AT,
  PCB_STACK_TOP,
  PCB_STATE,
  PROCESS_FLAG_TRAP_EXIT,
  STATE_RUNNABLE,
  type Process,
} from '../process/process.js';
import { NIL } from '@beamload/terms';
import { allocateProcess } from './process-table.js';
import { pushRunnable } from './run-queues.js';
import type { RuntimeMemoryView } from './runtime-memory-view.js';
import { PRIORITY_NORMAL } from '../shared/runtime-memory.js';

/** PCB_PC of a process that has not started: call the current function. */
export const PC_START = -1;

/**
 * Copies a term from anywhere into a heap block being filled: returns the new term and
 * advances `heap.top`. The runtime passes terms' copier; immediates need none.
 */
export interface ArgumentCopier {
  size(term: number): number;
  copy(term: number, heap: { top: number; end: number }): number;
}

export interface SpawnRequest {
  module: number; // atom word
  function: number; // atom word
  args: readonly number[];
  priority?: number;
  parent?: number;
  /** Scheduler whose queue gets the process first (it may be stolen). */
  scheduler: number;
  minHeapWords?: number;
  /** Minor collections between major ones (ERTS's default when absent). */
  fullsweepAfter?: number;
  trapExit?: boolean;
  /** Host call id (the host is told the result when the process exits). */
  hostCall?: number;
  copier?: ArgumentCopier;
  /** Runs before the process becomes runnable (links and monitors of spawn_link/spawn_monitor). */
  beforeStart?: (process: Process) => void;
}

/**
 * Returns the new pid. Read it from here, not from the PCB afterwards: once queued, the
 * process may run, exit and free its slot on another scheduler before the caller looks.
 */
export function spawnProcess(view: RuntimeMemoryView, request: SpawnRequest): number {
  const process = allocateProcess(view);
  const arena = view.arena;
  process.reset(process.pid, request.priority ?? PRIORITY_NORMAL, request.parent ?? NIL);
  const minHeap = Math.max(request.minHeapWords ?? MIN_HEAP_WORDS, MIN_HEAP_WORDS);
  let argumentWords = 0;
  if (request.copier) for (const arg of request.args) argumentWords += request.copier.size(arg);
  const size = Math.max(minHeap, argumentWords + 64);
  const heapStart = arena.alloc(size, 'heap');
  const heap = { top: heapStart, end: heapStart + size };
  const arity = request.args.length;
  const saved = arena.alloc(Math.max(arity, 8), 'other');
  for (let i = 0; i < arity; i++) {
    arena.i32[saved + i] = request.copier ? request.copier.copy(request.args[i], heap) : request.args[i];
  }
  process.set(PCB_HEAP_START, heapStart);
  process.set(PCB_HEAP_TOP, heap.top);
  process.set(PCB_STACK_TOP, heapStart + size);
  process.set(PCB_HEAP_END, heapStart + size);
  process.set(PCB_MIN_HEAP_SIZE, minHeap);
  // The copied arguments may hold refc binaries: the first collection walks and knows.
  process.set(PCB_YOUNG_REFC_BINARIES, 1);
  if (request.fullsweepAfter !== undefined) process.set(PCB_FULLSWEEP_AFTER, request.fullsweepAfter);
  process.set(PCB_SAVED_X, saved);
  process.set(PCB_SAVED_X_CAPACITY, Math.max(arity, 8));
  process.set(PCB_ARITY, arity);
  process.set(PCB_PC, PC_START);
  process.set(PCB_CURRENT_MODULE, request.module);
  process.set(PCB_CURRENT_FUNCTION, request.function);
  process.set(PCB_CURRENT_ARITY, arity);
  process.set(PCB_SCHEDULER, request.scheduler);
  process.set(PCB_HOST_CALL, request.hostCall ?? 0);
  process.set(PCB_SPAWNED_AT, Math.floor(performance.now()) & 0x7fffffff);
  if (request.trapExit) process.setFlag(PROCESS_FLAG_TRAP_EXIT, true);
  request.beforeStart?.(process);
  const pid = process.pid;
  const priority = process.priority;
  Atomics.store(view.memory, process.base + PCB_STATE, STATE_RUNNABLE);
  pushRunnable(view, request.scheduler % view.schedulerCount, priority, process.slot);
  return pid;
}
