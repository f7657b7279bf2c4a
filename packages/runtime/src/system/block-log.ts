/**
 * The system block log: for every block, when it was requested, when every other
 * scheduler was parked (the world stopped) and when it was released. The bench's
 * "world stopped" figure is (released - allParked) summed over the blocks of a load;
 * (allParked - requested) is the wait for the slowest scheduler to reach a safe point.
 *
 * Only the blocker writes the entry in progress (blocks are serialised by the block
 * lock); the release publishes it by bumping CONTROL_BLOCK_LOG_COUNT (an atomic, so a
 * reader that loads the count sees the entry's plain Float64 writes).
 */

import {
  BLOCK_LOG_ALL_PARKED,
  BLOCK_LOG_BLOCKER,
  BLOCK_LOG_CAPACITY,
  BLOCK_LOG_ENTRY_FLOATS,
  BLOCK_LOG_RELEASED,
  BLOCK_LOG_REQUESTED,
  CONTROL_BLOCK_LOG_COUNT,
} from '../shared/runtime-memory.js';
import type { RuntimeMemoryView } from './runtime-memory-view.js';

/**
 * One system block. Times are µs of the process-wide monotonic clock (process.hrtime,
 * the same for every thread and the clock erlang:monotonic_time(microsecond) reads).
 */
export interface SystemBlockInterval {
  /** Sequence number (0 = the first block since start). */
  index: number;
  /** Scheduler id of the blocker, or 0x7fff for the host thread. */
  blocker: number;
  requestedUs: number;
  allParkedUs: number;
  releasedUs: number;
}

/** Monotonic µs, one clock for every thread (unlike performance.now, whose origin is per thread). */
export function monotonicMicroseconds(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e6 + nanoseconds / 1e3;
}

function entryBase(view: RuntimeMemoryView): number {
  return (Atomics.load(view.memory, CONTROL_BLOCK_LOG_COUNT) % BLOCK_LOG_CAPACITY) * BLOCK_LOG_ENTRY_FLOATS;
}

export function logBlockRequested(view: RuntimeMemoryView, blocker: number): void {
  const base = entryBase(view);
  const now = monotonicMicroseconds();
  view.blockLog[base + BLOCK_LOG_REQUESTED] = now;
  view.blockLog[base + BLOCK_LOG_ALL_PARKED] = now;
  view.blockLog[base + BLOCK_LOG_BLOCKER] = blocker;
}

export function logBlockAllParked(view: RuntimeMemoryView): void {
  view.blockLog[entryBase(view) + BLOCK_LOG_ALL_PARKED] = monotonicMicroseconds();
}

export function logBlockReleased(view: RuntimeMemoryView): void {
  view.blockLog[entryBase(view) + BLOCK_LOG_RELEASED] = monotonicMicroseconds();
  Atomics.add(view.memory, CONTROL_BLOCK_LOG_COUNT, 1);
}

/** Blocks completed so far (a cursor for `systemBlocksSince`). */
export function systemBlockCount(view: RuntimeMemoryView): number {
  return Atomics.load(view.memory, CONTROL_BLOCK_LOG_COUNT);
}

/**
 * Completed blocks with index >= `from` (the ring keeps the last BLOCK_LOG_CAPACITY;
 * older ones are gone and not returned).
 */
export function systemBlocksSince(view: RuntimeMemoryView, from = 0): SystemBlockInterval[] {
  const count = systemBlockCount(view);
  const first = Math.max(from, count - BLOCK_LOG_CAPACITY, 0);
  const intervals: SystemBlockInterval[] = [];
  for (let index = first; index < count; index++) {
    const base = (index % BLOCK_LOG_CAPACITY) * BLOCK_LOG_ENTRY_FLOATS;
    intervals.push({
      index,
      blocker: view.blockLog[base + BLOCK_LOG_BLOCKER]!,
      requestedUs: view.blockLog[base + BLOCK_LOG_REQUESTED]!,
      allParkedUs: view.blockLog[base + BLOCK_LOG_ALL_PARKED]!,
      releasedUs: view.blockLog[base + BLOCK_LOG_RELEASED]!,
    });
  }
  return intervals;
}
