/**
 * Waking a process from any thread. The state word is the only synchronisation: a waker
 * that finds the process WAITING moves it to RUNNABLE and queues it; one that finds it
 * RUNNING sets STATE_WAKE_PENDING so that the scheduler, when it tries to put the
 * process to sleep, requeues it instead. No wake-up is lost and no process is queued twice.
 */

import {
  PCB_PRIORITY,
  PCB_SCHEDULER,
  PCB_STATE,
  STATE_MASK,
  STATE_RUNNABLE,
  STATE_RUNNING,
  STATE_WAITING,
  STATE_WAKE_PENDING,
  type Process,
} from '../process/process.js';
import { pushRunnable } from './run-queues.js';
import type { RuntimeMemoryView } from './runtime-memory-view.js';

export function wakeProcess(view: RuntimeMemoryView, process: Process): void {
  const memory = view.memory;
  const index = process.base + PCB_STATE;
  for (;;) {
    const state = Atomics.load(memory, index);
    const base = state & STATE_MASK;
    if (base === STATE_WAITING) {
      if (Atomics.compareExchange(memory, index, state, STATE_RUNNABLE) === state) {
        pushRunnable(view, memory[process.base + PCB_SCHEDULER] % view.schedulerCount, memory[process.base + PCB_PRIORITY], process.slot);
        return;
      }
    } else if (base === STATE_RUNNING) {
      if ((state & STATE_WAKE_PENDING) !== 0) return;
      if (Atomics.compareExchange(memory, index, state, state | STATE_WAKE_PENDING) === state) return;
    } else {
      return; // already runnable, exited or free
    }
  }
}

/**
 * The scheduler's side: RUNNING -> WAITING, unless a wake-up came meanwhile. Returns
 * false when the process must run again (the caller requeues it).
 */
export function trySleep(view: RuntimeMemoryView, process: Process): boolean {
  const index = process.base + PCB_STATE;
  if (Atomics.compareExchange(view.memory, index, STATE_RUNNING, STATE_WAITING) === STATE_RUNNING) return true;
  Atomics.store(view.memory, index, STATE_RUNNABLE);
  return false;
}
