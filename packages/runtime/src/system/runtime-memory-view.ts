/**
 * One thread's handle on the runtime's shared memory: the word view, the layout, and the
 * arena. Every system operation (run queues, process table, block, thread progress,
 * permission, registry, timers) is a function of this view, so the host thread and every
 * scheduler thread run the same code against the same words.
 */

import type { Arena, TermStore } from '@beamload/terms';
import { Process } from '../process/process.js';
import {
  BLOCK_LOG_CAPACITY,
  BLOCK_LOG_ENTRY_FLOATS,
  CONTROL_SCHEDULER_COUNT,
  type RuntimeMemoryLayout,
  runtimeMemoryLayout,
} from '../shared/runtime-memory.js';
import { PCB_WORDS } from '../process/process.js';

export class RuntimeMemoryView {
  readonly memory: Int32Array;
  readonly layout: RuntimeMemoryLayout;
  /** The system block log ring as Float64 (see shared/runtime-memory.ts). */
  readonly blockLog: Float64Array;
  private readonly processes: Process[];

  readonly arena: Arena;

  constructor(
    readonly buffer: SharedArrayBuffer,
    maxProcesses: number,
    /** The arena and atom table terms live in. */
    readonly store: TermStore,
  ) {
    this.arena = store.arena;
    this.memory = new Int32Array(buffer);
    this.layout = runtimeMemoryLayout(maxProcesses);
    this.blockLog = new Float64Array(buffer, this.layout.blockLog * 4, BLOCK_LOG_CAPACITY * BLOCK_LOG_ENTRY_FLOATS);
    this.processes = new Array<Process>(maxProcesses);
  }

  static allocate(maxProcesses: number, schedulerCount: number, store: TermStore): RuntimeMemoryView {
    const layout = runtimeMemoryLayout(maxProcesses);
    const buffer = new SharedArrayBuffer(layout.totalWords * 4);
    const view = new RuntimeMemoryView(buffer, maxProcesses, store);
    view.memory[CONTROL_SCHEDULER_COUNT] = schedulerCount;
    return view;
  }

  get schedulerCount(): number {
    return this.memory[CONTROL_SCHEDULER_COUNT];
  }

  /** The PCB accessor for a slot (cached: accessors hold no state of their own). */
  processAt(slot: number): Process {
    let process = this.processes[slot];
    if (process === undefined) {
      process = new Process(this.memory, this.layout.processes + slot * PCB_WORDS, slot);
      this.processes[slot] = process;
    }
    return process;
  }
}
