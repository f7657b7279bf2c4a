/**
 * The runtime's own shared memory: one fixed-size SharedArrayBuffer, separate from the
 * term arena, that every scheduler thread attaches. It holds what schedulers coordinate
 * through: the control words of the system-wide protocols, one block per scheduler, the
 * run queues, the process table and its free list, the name registry and the timers.
 * Terms never live here (they live in the arena), only words about processes.
 *
 * Layout (Int32 word indexes; every region starts at a word offset computed by
 * `runtimeMemoryLayout`):
 *
 *   ┌──────────────────────────┐ 0
 *   │ control block            │ CONTROL_WORDS words, CONTROL_* below
 *   ├──────────────────────────┤ schedulers
 *   │ scheduler blocks         │ MAX_SCHEDULERS × SCHEDULER_WORDS, SCHEDULER_* below
 *   ├──────────────────────────┤ runQueues
 *   │ run queue rings          │ schedulerCount × PRIORITY_LEVELS × maxProcesses
 *   ├──────────────────────────┤ freeSlots
 *   │ free process slot queue  │ maxProcesses
 *   ├──────────────────────────┤ permissionQueue
 *   │ code-write waiters ring  │ maxProcesses
 *   ├──────────────────────────┤ registry
 *   │ name registry            │ REGISTRY_CAPACITY × 2 (atom word, pid word)
 *   ├──────────────────────────┤ aliases
 *   │ process aliases          │ ALIAS_CAPACITY × ALIAS_WORDS (ref numbers, owner, mode)
 *   ├──────────────────────────┤ persistentTerms
 *   │ persistent_term table    │ PERSISTENT_CAPACITY × PERSISTENT_WORDS (key hash, block)
 *   ├──────────────────────────┤ timers
 *   │ timer slots              │ TIMER_CAPACITY × TIMER_WORDS
 *   ├──────────────────────────┤ processes
 *   │ process table (PCBs)     │ maxProcesses × PCB_WORDS (see process/process.ts)
 *   ├──────────────────────────┤ blockLog (8-byte aligned: read as Float64)
 *   │ system block log ring    │ BLOCK_LOG_CAPACITY × BLOCK_LOG_ENTRY_WORDS, BLOCK_LOG_* below
 *   └──────────────────────────┘ totalWords
 */

import { MAX_PROCESSES, PCB_WORDS } from '../process/process.js';

// Control block.
export const CONTROL_WORDS = 64;
/** Number of scheduler threads (fixed at start). */
export const CONTROL_SCHEDULER_COUNT = 0;
/** Non-zero: every scheduler leaves its loop and its thread ends. */
export const CONTROL_STOP = 1;
/** Non-zero while a blocker wants the system blocked; holds the blocker's scheduler id + 1 (0x7fff for the host thread). */
export const CONTROL_BLOCK_REQUEST = 2;
/** Schedulers currently parked for a block request. */
export const CONTROL_PARKED_COUNT = 3;
/** Bumped when a block is released; parked schedulers Atomics.wait on it. */
export const CONTROL_RELEASE_EPOCH = 4;
/** Serialises blockers (only one block at a time). */
export const CONTROL_BLOCK_LOCK = 5;
/** Guards the free process slot queue. */
export const CONTROL_PROCESS_LOCK = 6;
/** Free slot queue (FIFO, so a slot is reused as late as possible): head and tail counters. */
export const CONTROL_FREE_HEAD = 7;
export const CONTROL_FREE_TAIL = 28;
/** Live processes. */
export const CONTROL_PROCESS_COUNT = 8;
/** Reference counter (two words, low first) for make_ref and timer references. */
export const CONTROL_REF_LOW = 9;
export const CONTROL_REF_HIGH = 10;
/** Pid word of the code-write permission holder, 0 when free. */
export const CONTROL_PERMISSION_HOLDER = 11;
export const CONTROL_PERMISSION_LOCK = 12;
export const CONTROL_PERMISSION_QUEUE_HEAD = 13;
export const CONTROL_PERMISSION_QUEUE_TAIL = 14;
export const CONTROL_REGISTRY_LOCK = 15;
export const CONTROL_TIMER_LOCK = 16;
/** Number of timer slots handed out so far (slots are reused through a free chain). */
export const CONTROL_TIMER_USED = 17;
export const CONTROL_TIMER_FREE_HEAD = 18;
/** Wakes the host thread when a watched process exits (Atomics.notify on this word). */
export const CONTROL_EXIT_EPOCH = 19;
/** Processes spawned since start (statistics). */
export const CONTROL_SPAWN_COUNT = 20;
/** Total block requests served and the longest wait (µs) a blocker had for the others to park. */
export const CONTROL_BLOCK_COUNT = 21;
export const CONTROL_BLOCK_LONGEST_WAIT_US = 22;
/** Schedulers that have left their loop (for stop()). */
export const CONTROL_EXITED_SCHEDULERS = 23;
/** GC-torture mode: collect at every allocation point. */
export const CONTROL_GC_TORTURE = 24;
/** Schedulers currently sleeping (a hint for waking a thief). */
export const CONTROL_SLEEPERS = 25;
/** Reductions executed by all processes (statistics; two words, low first, approximate). */
export const CONTROL_REDUCTIONS_LOW = 26;
export const CONTROL_REDUCTIONS_HIGH = 27;
/** System blocks completed since start (each one's interval is in the block log ring). */
export const CONTROL_BLOCK_LOG_COUNT = 29;
/** Guards the alias table (system/aliases.ts). */
export const CONTROL_ALIAS_LOCK = 30;
/** Guards the persistent_term table (system/persistent-terms.ts). */
export const CONTROL_PERSISTENT_LOCK = 31;

// System block log: one entry per block, written by the blocker (so the three times come
// from one thread's clock), the entry at (completed count mod capacity) is the one in
// progress; the release bumps CONTROL_BLOCK_LOG_COUNT, which publishes it.
// An entry is four Float64 (eight Int32 words): times are monotonic µs (process.hrtime).
export const BLOCK_LOG_CAPACITY = 4096;
export const BLOCK_LOG_ENTRY_WORDS = 8;
/** Float64 indexes inside an entry. */
export const BLOCK_LOG_REQUESTED = 0;
export const BLOCK_LOG_ALL_PARKED = 1;
export const BLOCK_LOG_RELEASED = 2;
export const BLOCK_LOG_BLOCKER = 3;
export const BLOCK_LOG_ENTRY_FLOATS = 4;

// One block per scheduler.
export const MAX_SCHEDULERS = 64;
export const SCHEDULER_WORDS = 16;
/** 1 while the scheduler sleeps in Atomics.wait on this word; a waker stores 0 and notifies. */
export const SCHEDULER_SLEEP = 0;
/** Bumped at every safe point; a sleeping or parked scheduler counts as having passed. */
export const SCHEDULER_PROGRESS = 1;
/** SCHEDULER_STATE_* below. */
export const SCHEDULER_STATE = 2;
export const SCHEDULER_QUEUE_LOCK = 3;
/** Ring indexes per priority: head (next to take) and tail (next free), monotonic counters. */
export const SCHEDULER_QUEUE_HEAD = 4; // + priority * 2
export const SCHEDULER_QUEUE_TAIL = 5; // + priority * 2
/** Pid word of the process being run, 0 when none. */
export const SCHEDULER_CURRENT_PID = 8;
/** Slices run (statistics). */
export const SCHEDULER_SLICES = 9;
/** Processes stolen from other schedulers (statistics). */
export const SCHEDULER_STEALS = 10;

export const SCHEDULER_STATE_STARTING = 0;
export const SCHEDULER_STATE_RUNNING = 1;
export const SCHEDULER_STATE_SLEEPING = 2;
export const SCHEDULER_STATE_PARKED = 3;
export const SCHEDULER_STATE_EXITED = 4;

// Priorities with their own run queue ring. 'max' runs as high, 'low' as normal.
export const PRIORITY_HIGH = 0;
export const PRIORITY_NORMAL = 1;
export const PRIORITY_LEVELS = 2;

// Name registry: open addressing, key = atom word (0 = empty, 1 = deleted).
export const REGISTRY_CAPACITY = 4096;
export const REGISTRY_EMPTY = 0;
export const REGISTRY_DELETED = 1;

// Process aliases (system/aliases.ts): open addressing keyed by a ref's two numbers; the
// owner word is ALIAS_EMPTY (never used) or ALIAS_DELETED in a free slot (pid words are
// neither: a pid is an immediate with a non-zero tag).
export const ALIAS_CAPACITY = 4096;
export const ALIAS_WORDS = 4;
export const ALIAS_REF_LOW = 0;
export const ALIAS_REF_HIGH = 1;
export const ALIAS_OWNER = 2;
/** One of ALIAS_MODE_* (system/aliases.ts). */
export const ALIAS_MODE = 3;
export const ALIAS_EMPTY = 0;
export const ALIAS_DELETED = 1;

// persistent_term (system/persistent-terms.ts): open addressing by the key's phash2; the
// block word is PERSISTENT_EMPTY or PERSISTENT_DELETED in a free slot (an arena block's
// word index is never 0 or 1).
export const PERSISTENT_CAPACITY = 4096;
export const PERSISTENT_WORDS = 2;
export const PERSISTENT_HASH = 0;
export const PERSISTENT_BLOCK = 1;
export const PERSISTENT_EMPTY = 0;
export const PERSISTENT_DELETED = 1;

// Timers: see system/timers.ts.
export const TIMER_CAPACITY = 65536;
export const TIMER_WORDS = 8;

export interface RuntimeMemoryLayout {
  maxProcesses: number;
  /** log2(maxProcesses): the low bits of a pid's number are its slot. */
  slotBits: number;
  schedulers: number;
  runQueues: number;
  freeSlots: number;
  permissionQueue: number;
  registry: number;
  aliases: number;
  persistentTerms: number;
  timers: number;
  processes: number;
  blockLog: number;
  totalWords: number;
}

export function runtimeMemoryLayout(maxProcesses: number): RuntimeMemoryLayout {
  if (!Number.isInteger(Math.log2(maxProcesses)) || maxProcesses < 16 || maxProcesses > MAX_PROCESSES) {
    throw new RangeError(`maxProcesses must be a power of two in 16..${MAX_PROCESSES} (a pid number has 15 bits), got ${maxProcesses}`);
  }
  const schedulers = CONTROL_WORDS;
  const runQueues = schedulers + MAX_SCHEDULERS * SCHEDULER_WORDS;
  // Rings are sized for the worst case (every process on one queue) so a push never fails.
  const freeSlots = runQueues + MAX_SCHEDULERS_WITH_RINGS * PRIORITY_LEVELS * maxProcesses;
  const permissionQueue = freeSlots + maxProcesses;
  const registry = permissionQueue + maxProcesses;
  const aliases = registry + REGISTRY_CAPACITY * 2;
  const persistentTerms = aliases + ALIAS_CAPACITY * ALIAS_WORDS;
  const timers = persistentTerms + PERSISTENT_CAPACITY * PERSISTENT_WORDS;
  const processes = timers + TIMER_CAPACITY * TIMER_WORDS;
  const afterProcesses = processes + maxProcesses * PCB_WORDS;
  const blockLog = afterProcesses + (afterProcesses & 1);
  const totalWords = blockLog + BLOCK_LOG_CAPACITY * BLOCK_LOG_ENTRY_WORDS;
  return {
    maxProcesses,
    slotBits: Math.log2(maxProcesses),
    schedulers,
    runQueues,
    freeSlots,
    permissionQueue,
    registry,
    aliases,
    persistentTerms,
    timers,
    processes,
    blockLog,
    totalWords,
  };
}

/**
 * Run queue rings exist for this many schedulers; more scheduler threads than this is
 * refused (a 2-core machine gains nothing beyond it, and each ring costs maxProcesses words).
 */
export const MAX_SCHEDULERS_WITH_RINGS = 16;

export function runQueueRing(layout: RuntimeMemoryLayout, scheduler: number, priority: number): number {
  return layout.runQueues + (scheduler * PRIORITY_LEVELS + priority) * layout.maxProcesses;
}

export function schedulerBlock(layout: RuntimeMemoryLayout, scheduler: number): number {
  return layout.schedulers + scheduler * SCHEDULER_WORDS;
}
