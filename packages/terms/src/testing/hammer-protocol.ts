/**
 * What the concurrency tests and the benchmark send to and get back from
 * hammer-worker.ts, which runs in its own worker thread on a shared arena.
 */
export type HammerMode =
  | 'memory'
  | 'atoms'
  | 'mixed'
  | 'bench-alloc'
  | 'bench-lookup'
  | 'bench-lookup-uncached'
  | 'bench-lock'
  | 'bench-map'
  | 'lock-counter';

export interface HammerRequest {
  mode: HammerMode;
  buffer: SharedArrayBuffer;
  /** Word index of the atom table descriptor (atoms, mixed, bench-lookup). */
  atomDescriptor: number;
  /** lock-counter: word index of [lock word, counter word] in the arena. */
  counterBlock?: number;
  /** Int32Array over this buffer: see START_GATE_* (arrived workers, start signal, a lock word for bench-lock). */
  startGate: SharedArrayBuffer;
  workerCount: number;
  workerNumber: number;
  operations: number;
  seed: number;
  /** Names 0..sharedNames-1 are interned by every worker; each worker adds its own too. */
  sharedNames: number;
  /** Largest block a memory operation asks for, in words. */
  maxBlockWords: number;
  /** Blocks a worker keeps alive at most before it frees one. */
  maxLiveBlocks: number;
}

export interface HammerResult {
  workerNumber: number;
  allocations: number;
  frees: number;
  /** Blocks whose canary words had changed when checked before free: must be 0. */
  corruptedBlocks: number;
  /** Allocations that raised an error other than arena_full: must be 0. */
  allocationErrors: string[];
  arenaFullCount: number;
  /** [name, index] for every distinct name this worker interned or found. */
  atoms: Array<[string, number]>;
  /** Names nameOf() gave back differently from what was interned: must be empty. */
  atomNameMismatches: string[];
  elapsedNanoseconds: number;
}

export const START_GATE_ARRIVED = 0;
export const START_GATE_OPEN = 1;
export const START_GATE_LOCK = 2;
export const START_GATE_WORDS = 3;
