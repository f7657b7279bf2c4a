/**
 * The opt-in scheduler trace (`Runtime.start({ trace: true })`): what each scheduler
 * thread did and when, to explain a stall causally instead of guessing from its length.
 * Each scheduler writes its own ring (one writer, no lock); the host reads every ring at
 * any time, stop included (`runtime.sliceTrace()`).
 *
 * Events (times in µs of the process-wide monotonic clock, the one
 * erlang:monotonic_time(microsecond) reads; `a`, `b`, `c` per kind):
 *
 *   slice-start    pid; a = 1 when the process was stolen from another scheduler's queue
 *   slice-end      pid; a = outcome (0 yielded, 1 waiting, 2 exited, 3 trapped), b = reductions
 *   gc-start       pid; a = heap words in use, b = attached fragment words
 *   gc-end         pid; a = live words copied, b = words of the new heap block
 *   task-start     pid (a system task step: a code-loading strategy's generator resumed)
 *   task-end       pid; a = what it yielded (0 done, 1 prepare-slice, 2 another wait, 3 threw)
 *   sleep          a = timeout ms (-1: none)      wake
 *   park           (for a system block)           unpark
 *   thread-clock   a = this thread's CPU µs, b = µs it waited runnable for a CPU (both
 *                  cumulative, from /proc/thread-self/schedstat; -1 where unreadable),
 *                  c = V8 heap used (KiB; a drop since the last sample is a V8 GC)
 *
 * thread-clock is sampled at most every THREAD_CLOCK_INTERVAL_US at safe points and on
 * both sides of a sleep, so that the OS's share of a stall (the thread waiting for a
 * core) can be told from work the thread did.
 *
 * Layout of one scheduler's ring (a SharedArrayBuffer):
 *
 *   Int32 word 0          TRACE_COUNT: events written so far (the ring keeps the last
 *                         `capacity`); stored with Atomics after the entry is written
 *   Int32 word 1          unused (the entries start 8-byte aligned)
 *   byte TRACE_HEADER_BYTES ...  capacity × TRACE_ENTRY_FLOATS Float64:
 *                         [timeUs, kind, pid, a, b, c]
 */

import { closeSync, openSync, readSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { monotonicMicroseconds } from '../system/block-log.js';

export const TRACE_COUNT = 0;
export const TRACE_HEADER_BYTES = 8;
export const TRACE_ENTRY_FLOATS = 6;
const ENTRY_TIME = 0;
const ENTRY_KIND = 1;
const ENTRY_PID = 2;
const ENTRY_A = 3;
const ENTRY_B = 4;
const ENTRY_C = 5;

/** Default ring capacity per scheduler (events): about 20 s of a busy bench row. */
export const DEFAULT_TRACE_CAPACITY = 1 << 20;

export const TRACE_SLICE_START = 1;
export const TRACE_SLICE_END = 2;
export const TRACE_GC_START = 3;
export const TRACE_GC_END = 4;
export const TRACE_TASK_START = 5;
export const TRACE_TASK_END = 6;
export const TRACE_SLEEP = 7;
export const TRACE_WAKE = 8;
export const TRACE_PARK = 9;
export const TRACE_UNPARK = 10;
export const TRACE_THREAD_CLOCK = 11;

/** task-end's `a`. */
export const TASK_STEP_DONE = 0;
export const TASK_STEP_PREPARE_SLICE = 1;
export const TASK_STEP_WAIT = 2;
export const TASK_STEP_THREW = 3;

export type SliceTraceKind =
  | 'slice-start'
  | 'slice-end'
  | 'gc-start'
  | 'gc-end'
  | 'task-start'
  | 'task-end'
  | 'sleep'
  | 'wake'
  | 'park'
  | 'unpark'
  | 'thread-clock';

const KIND_NAMES: readonly (SliceTraceKind | undefined)[] = [
  undefined,
  'slice-start',
  'slice-end',
  'gc-start',
  'gc-end',
  'task-start',
  'task-end',
  'sleep',
  'wake',
  'park',
  'unpark',
  'thread-clock',
];

export interface SliceTraceEvent {
  timeUs: number;
  kind: SliceTraceKind;
  pid: number;
  a: number;
  b: number;
  c: number;
}

/** One scheduler's events, oldest first; `dropped` older ones were overwritten by the ring. */
export interface SchedulerTrace {
  scheduler: number;
  events: SliceTraceEvent[];
  dropped: number;
}

/** Sampling period of thread-clock at safe points. */
const THREAD_CLOCK_INTERVAL_US = 1_000;

export function allocateTraceBuffer(capacity: number): SharedArrayBuffer {
  return new SharedArrayBuffer(TRACE_HEADER_BYTES + capacity * TRACE_ENTRY_FLOATS * 8);
}

/** The writer a scheduler thread owns. */
export class SliceTrace {
  private readonly count: Int32Array;
  private readonly entries: Float64Array;
  private readonly capacity: number;
  private written = 0;
  private lastClockUs = 0;
  private readonly schedstat: number;
  private readonly schedstatBytes = Buffer.alloc(96);

  constructor(buffer: SharedArrayBuffer) {
    this.count = new Int32Array(buffer, 0, 2);
    this.entries = new Float64Array(buffer, TRACE_HEADER_BYTES);
    this.capacity = this.entries.length / TRACE_ENTRY_FLOATS;
    // Opened on the scheduler's own thread: thread-self names this thread for as long as
    // the descriptor is open.
    let fd = -1;
    try {
      fd = openSync('/proc/thread-self/schedstat', 'r');
    } catch {
      fd = -1;
    }
    this.schedstat = fd;
  }

  record(kind: number, pid: number, a = 0, b = 0, c = 0): void {
    const base = (this.written % this.capacity) * TRACE_ENTRY_FLOATS;
    const entries = this.entries;
    entries[base + ENTRY_TIME] = monotonicMicroseconds();
    entries[base + ENTRY_KIND] = kind;
    entries[base + ENTRY_PID] = pid;
    entries[base + ENTRY_A] = a;
    entries[base + ENTRY_B] = b;
    entries[base + ENTRY_C] = c;
    this.written++;
    Atomics.store(this.count, TRACE_COUNT, this.written | 0);
  }

  /** A thread-clock sample when the last is older than the sampling period (or `force`). */
  sampleThreadClock(force = false): void {
    const now = monotonicMicroseconds();
    if (!force && now - this.lastClockUs < THREAD_CLOCK_INTERVAL_US) return;
    this.lastClockUs = now;
    let cpuUs = -1;
    let waitUs = -1;
    if (this.schedstat >= 0) {
      // "<ns on cpu> <ns waiting on a run queue> <timeslices>"
      const length = readSync(this.schedstat, this.schedstatBytes, 0, this.schedstatBytes.length, 0);
      const fields = this.schedstatBytes.toString('latin1', 0, length).split(' ');
      cpuUs = Number(fields[0]) / 1000;
      waitUs = Number(fields[1]) / 1000;
    }
    this.record(TRACE_THREAD_CLOCK, 0, cpuUs, waitUs, Math.round(getHeapStatistics().used_heap_size / 1024));
  }

  close(): void {
    if (this.schedstat >= 0) closeSync(this.schedstat);
  }
}

/** Decodes one scheduler's ring (any thread, any time: entries are published by the count). */
export function readTraceBuffer(scheduler: number, buffer: SharedArrayBuffer): SchedulerTrace {
  const count = Atomics.load(new Int32Array(buffer, 0, 2), TRACE_COUNT) >>> 0;
  const entries = new Float64Array(buffer, TRACE_HEADER_BYTES);
  const capacity = entries.length / TRACE_ENTRY_FLOATS;
  const first = Math.max(0, count - capacity);
  const events: SliceTraceEvent[] = [];
  for (let index = first; index < count; index++) {
    const base = (index % capacity) * TRACE_ENTRY_FLOATS;
    events.push({
      timeUs: entries[base + ENTRY_TIME]!,
      kind: KIND_NAMES[entries[base + ENTRY_KIND]!]!,
      pid: entries[base + ENTRY_PID]!,
      a: entries[base + ENTRY_A]!,
      b: entries[base + ENTRY_B]!,
      c: entries[base + ENTRY_C]!,
    });
  }
  return { scheduler, events, dropped: first };
}
