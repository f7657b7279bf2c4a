/**
 * Thread progress: every scheduler bumps its counter at each safe point; a sleeping or
 * parked scheduler counts as having passed (it holds no reference into code tables
 * while it sleeps). A stamp is the vector of counters at one moment, kept by whoever
 * waits; `threadProgressReached` says whether every scheduler has moved past it.
 */

import {
  SCHEDULER_PROGRESS,
  SCHEDULER_STATE,
  SCHEDULER_STATE_EXITED,
  SCHEDULER_STATE_PARKED,
  SCHEDULER_STATE_SLEEPING,
  schedulerBlock,
} from '../shared/runtime-memory.js';
import type { RuntimeMemoryView } from './runtime-memory-view.js';

export type ProgressStamp = Int32Array;

export function takeProgressStamp(view: RuntimeMemoryView): ProgressStamp {
  const stamp = new Int32Array(view.schedulerCount);
  for (let scheduler = 0; scheduler < stamp.length; scheduler++) {
    stamp[scheduler] = Atomics.load(view.memory, schedulerBlock(view.layout, scheduler) + SCHEDULER_PROGRESS);
  }
  return stamp;
}

/** `self` (the waiter's own scheduler, or -1 for the host) passes by returning to its loop. */
export function threadProgressReached(view: RuntimeMemoryView, stamp: ProgressStamp, self: number): boolean {
  for (let scheduler = 0; scheduler < stamp.length; scheduler++) {
    const block = schedulerBlock(view.layout, scheduler);
    const progress = Atomics.load(view.memory, block + SCHEDULER_PROGRESS);
    if (progress !== stamp[scheduler]) continue;
    if (scheduler === self) continue;
    const state = Atomics.load(view.memory, block + SCHEDULER_STATE);
    if (state === SCHEDULER_STATE_SLEEPING || state === SCHEDULER_STATE_PARKED || state === SCHEDULER_STATE_EXITED) continue;
    return false;
  }
  return true;
}

export function passSafePoint(view: RuntimeMemoryView, scheduler: number): void {
  Atomics.add(view.memory, schedulerBlock(view.layout, scheduler) + SCHEDULER_PROGRESS, 1);
}
