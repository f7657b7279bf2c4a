/**
 * Blocking the system: one request word; every scheduler other than the blocker parks at
 * its next safe point (Atomics.wait on the release epoch) and counts itself parked; the
 * blocker proceeds once all of them are parked and releases them after.
 *
 * The wait is real: a scheduler deep in a long slice, a GC or a long BIF parks only when
 * it reaches its next safe point, and the blocker waits for it. `blockSystem` measures
 * that wait and keeps the longest in the control block.
 */

import {
  CONTROL_BLOCK_COUNT,
  CONTROL_BLOCK_LOCK,
  CONTROL_BLOCK_LONGEST_WAIT_US,
  CONTROL_BLOCK_REQUEST,
  CONTROL_PARKED_COUNT,
  CONTROL_RELEASE_EPOCH,
  CONTROL_STOP,
  SCHEDULER_STATE,
  SCHEDULER_STATE_PARKED,
  SCHEDULER_STATE_RUNNING,
  schedulerBlock,
} from '../shared/runtime-memory.js';
import type { RuntimeMemoryView } from './runtime-memory-view.js';
import { wakeAllSchedulers } from './run-queues.js';
import { logBlockAllParked, logBlockReleased, logBlockRequested } from './block-log.js';

/** Blocker id of the host thread (scheduler ids are 0..63). */
export const HOST_BLOCKER = 0x7fff;

const BLOCK_FREE = 0;
const BLOCK_TAKEN = 1;

/**
 * Takes the block lock if it is free. A scheduler that finds it taken must not spin on it
 * (the holder waits for this very scheduler to park): it parks at its safe point instead
 * and tries again after the release.
 */
export function tryTakeBlock(view: RuntimeMemoryView, blocker: number): boolean {
  if (Atomics.compareExchange(view.memory, CONTROL_BLOCK_LOCK, BLOCK_FREE, BLOCK_TAKEN) !== BLOCK_FREE) return false;
  Atomics.store(view.memory, CONTROL_PARKED_COUNT, 0);
  logBlockRequested(view, blocker);
  Atomics.store(view.memory, CONTROL_BLOCK_REQUEST, blocker + 1);
  // Sleeping schedulers must come to their safe point and park like the others.
  wakeAllSchedulers(view);
  return true;
}

/** Schedulers that must park for a block taken by `blocker`. */
export function schedulersToPark(view: RuntimeMemoryView, blocker: number): number {
  return blocker === HOST_BLOCKER ? view.schedulerCount : view.schedulerCount - 1;
}

export function allParked(view: RuntimeMemoryView, blocker: number): boolean {
  return Atomics.load(view.memory, CONTROL_PARKED_COUNT) >= schedulersToPark(view, blocker);
}

/**
 * Waits (this thread, Atomics.wait) until every other scheduler is parked; returns the
 * microseconds waited. For the host thread and for a scheduler that blocks on behalf of
 * a process. Stops waiting if the runtime is stopping.
 */
export function waitForParked(view: RuntimeMemoryView, blocker: number): number {
  const started = performance.now();
  const memory = view.memory;
  const needed = schedulersToPark(view, blocker);
  for (;;) {
    const parked = Atomics.load(memory, CONTROL_PARKED_COUNT);
    if (parked >= needed || Atomics.load(memory, CONTROL_STOP) !== 0) break;
    Atomics.wait(memory, CONTROL_PARKED_COUNT, parked, 50);
  }
  logBlockAllParked(view);
  const waitedUs = Math.round((performance.now() - started) * 1000);
  recordBlockWait(view, waitedUs);
  return waitedUs;
}

export function recordBlockWait(view: RuntimeMemoryView, waitedUs: number): void {
  Atomics.add(view.memory, CONTROL_BLOCK_COUNT, 1);
  for (;;) {
    const longest = Atomics.load(view.memory, CONTROL_BLOCK_LONGEST_WAIT_US);
    if (waitedUs <= longest) break;
    if (Atomics.compareExchange(view.memory, CONTROL_BLOCK_LONGEST_WAIT_US, longest, waitedUs) === longest) break;
  }
}

/** Lets every parked scheduler go. Parkers re-check the request word when they wake. */
export function releaseSystem(view: RuntimeMemoryView): void {
  const memory = view.memory;
  if (Atomics.load(memory, CONTROL_BLOCK_LOCK) === BLOCK_TAKEN) logBlockReleased(view);
  Atomics.store(memory, CONTROL_BLOCK_REQUEST, 0);
  Atomics.store(memory, CONTROL_PARKED_COUNT, 0);
  Atomics.add(memory, CONTROL_RELEASE_EPOCH, 1);
  Atomics.notify(memory, CONTROL_RELEASE_EPOCH);
  Atomics.store(memory, CONTROL_BLOCK_LOCK, BLOCK_FREE);
}

export function blockRequested(view: RuntimeMemoryView): number {
  return Atomics.load(view.memory, CONTROL_BLOCK_REQUEST);
}

/**
 * Called by a scheduler at its safe point when a block is requested by someone else:
 * counts itself parked and sleeps until the release. Returns the ms spent parked.
 */
export function parkForBlock(view: RuntimeMemoryView, scheduler: number): number {
  const memory = view.memory;
  const started = performance.now();
  const stateIndex = schedulerBlock(view.layout, scheduler) + SCHEDULER_STATE;
  while (Atomics.load(memory, CONTROL_BLOCK_REQUEST) !== 0 && Atomics.load(memory, CONTROL_BLOCK_REQUEST) !== scheduler + 1) {
    if (Atomics.load(memory, CONTROL_STOP) !== 0) break;
    const epoch = Atomics.load(memory, CONTROL_RELEASE_EPOCH);
    Atomics.store(memory, stateIndex, SCHEDULER_STATE_PARKED);
    Atomics.add(memory, CONTROL_PARKED_COUNT, 1);
    Atomics.notify(memory, CONTROL_PARKED_COUNT);
    while (Atomics.load(memory, CONTROL_RELEASE_EPOCH) === epoch && Atomics.load(memory, CONTROL_STOP) === 0) {
      Atomics.wait(memory, CONTROL_RELEASE_EPOCH, epoch, 100);
    }
    Atomics.store(memory, stateIndex, SCHEDULER_STATE_RUNNING);
  }
  return performance.now() - started;
}

/**
 * The host thread blocks the system (tests, the bench's idle baseline). Synchronous:
 * the host thread waits with Atomics.wait. Returns the wait in microseconds.
 */
export function blockSystemFromHost(view: RuntimeMemoryView): number {
  while (!tryTakeBlock(view, HOST_BLOCKER)) Atomics.wait(view.memory, CONTROL_RELEASE_EPOCH, Atomics.load(view.memory, CONTROL_RELEASE_EPOCH), 5);
  return waitForParked(view, HOST_BLOCKER);
}
