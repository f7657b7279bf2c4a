/**
 * Run queues: one ring per scheduler and priority in shared memory, each guarded by its
 * scheduler's queue lock. A process is in at most one ring at a time (its state says
 * RUNNABLE), so a ring of maxProcesses slots never overflows. Head and tail are
 * monotonic counters; the slot index is counter & (maxProcesses - 1).
 */

import { lock, unlock } from '../shared/spin-lock.js';
import {
  CONTROL_SLEEPERS,
  PRIORITY_HIGH,
  PRIORITY_LEVELS,
  SCHEDULER_CURRENT_PID,
  SCHEDULER_QUEUE_HEAD,
  SCHEDULER_QUEUE_LOCK,
  SCHEDULER_QUEUE_TAIL,
  SCHEDULER_SLEEP,
  SCHEDULER_STEALS,
  runQueueRing,
  schedulerBlock,
} from '../shared/runtime-memory.js';
import type { RuntimeMemoryView } from './runtime-memory-view.js';

export const NO_PROCESS = -1;

export function pushRunnable(view: RuntimeMemoryView, scheduler: number, priority: number, slot: number): void {
  const memory = view.memory;
  const block = schedulerBlock(view.layout, scheduler);
  const ring = runQueueRing(view.layout, scheduler, priority);
  const mask = view.layout.maxProcesses - 1;
  lock(memory, block + SCHEDULER_QUEUE_LOCK);
  const tail = memory[block + SCHEDULER_QUEUE_TAIL + priority * 2];
  memory[ring + (tail & mask)] = slot;
  memory[block + SCHEDULER_QUEUE_TAIL + priority * 2] = (tail + 1) | 0;
  unlock(memory, block + SCHEDULER_QUEUE_LOCK);
  wakeScheduler(view, scheduler);
  // Somebody is idle while this scheduler has more than it can run right now: let a
  // sleeper come and steal. Not for a lone process requeued between its own slices:
  // waking a thief for it would only bounce it from thread to thread.
  if (Atomics.load(memory, CONTROL_SLEEPERS) > 0) {
    const busy = Atomics.load(memory, block + SCHEDULER_CURRENT_PID) !== 0;
    if (busy || queuedCount(view, scheduler) >= 2) wakeOneSleeper(view, scheduler);
  }
}

/** Takes the next process from a scheduler's rings, high priority first. */
export function popRunnable(view: RuntimeMemoryView, scheduler: number): number {
  const memory = view.memory;
  const block = schedulerBlock(view.layout, scheduler);
  const mask = view.layout.maxProcesses - 1;
  lock(memory, block + SCHEDULER_QUEUE_LOCK);
  for (let priority = PRIORITY_HIGH; priority < PRIORITY_LEVELS; priority++) {
    const head = memory[block + SCHEDULER_QUEUE_HEAD + priority * 2];
    if (head !== memory[block + SCHEDULER_QUEUE_TAIL + priority * 2]) {
      const slot = memory[runQueueRing(view.layout, scheduler, priority) + (head & mask)];
      memory[block + SCHEDULER_QUEUE_HEAD + priority * 2] = (head + 1) | 0;
      unlock(memory, block + SCHEDULER_QUEUE_LOCK);
      return slot;
    }
  }
  unlock(memory, block + SCHEDULER_QUEUE_LOCK);
  return NO_PROCESS;
}

export function queuedCount(view: RuntimeMemoryView, scheduler: number): number {
  const memory = view.memory;
  const block = schedulerBlock(view.layout, scheduler);
  let count = 0;
  for (let priority = 0; priority < PRIORITY_LEVELS; priority++) {
    count += (Atomics.load(memory, block + SCHEDULER_QUEUE_TAIL + priority * 2) - Atomics.load(memory, block + SCHEDULER_QUEUE_HEAD + priority * 2)) | 0;
  }
  return count;
}

/** An idle scheduler takes work from the most loaded other scheduler. */
export function stealRunnable(view: RuntimeMemoryView, thief: number): number {
  const count = view.schedulerCount;
  let victim = -1;
  let most = 0;
  for (let offset = 1; offset < count; offset++) {
    const candidate = (thief + offset) % count;
    const queued = queuedCount(view, candidate);
    if (queued > most) {
      most = queued;
      victim = candidate;
    }
  }
  if (victim < 0) return NO_PROCESS;
  const slot = popRunnable(view, victim);
  if (slot !== NO_PROCESS) Atomics.add(view.memory, schedulerBlock(view.layout, thief) + SCHEDULER_STEALS, 1);
  return slot;
}

export function wakeScheduler(view: RuntimeMemoryView, scheduler: number): void {
  const index = schedulerBlock(view.layout, scheduler) + SCHEDULER_SLEEP;
  if (Atomics.compareExchange(view.memory, index, 1, 0) === 1) Atomics.notify(view.memory, index, 1);
}

function wakeOneSleeper(view: RuntimeMemoryView, except: number): void {
  const count = view.schedulerCount;
  for (let scheduler = 0; scheduler < count; scheduler++) {
    if (scheduler === except) continue;
    const index = schedulerBlock(view.layout, scheduler) + SCHEDULER_SLEEP;
    if (Atomics.compareExchange(view.memory, index, 1, 0) === 1) {
      Atomics.notify(view.memory, index, 1);
      return;
    }
  }
}

export function wakeAllSchedulers(view: RuntimeMemoryView): void {
  for (let scheduler = 0; scheduler < view.schedulerCount; scheduler++) wakeScheduler(view, scheduler);
}
