/**
 * Worker-thread entry for the concurrency tests and the benchmark: attaches to a shared
 * arena and hammers the allocator and/or the atom table with random operations,
 * checking canary words in every block it owns. Built by tsup to dist/testing/.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Arena } from '../arena/arena.js';
import { ArenaError } from '../arena/arena-error.js';
import { AtomTable } from '../atoms/atom-table.js';
import { acquireLock, releaseLock } from '../shared-lock.js';
import {
  START_GATE_ARRIVED,
  START_GATE_LOCK,
  START_GATE_OPEN,
  type HammerRequest,
  type HammerResult,
} from './hammer-protocol.js';

class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0 || 0x9e3779b9;
  }
  /** xorshift32 */
  next(): number {
    let x = this.#state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#state = x >>> 0;
    return this.#state;
  }
  below(limit: number): number {
    return this.next() % limit;
  }
}

/** The canary of word `offset` of a block: depends on the owner, the allocation and the word. */
function canary(workerNumber: number, serial: number, offset: number): number {
  return (Math.imul(workerNumber * 0x01000193 + serial, 0x9e3779b1) ^ Math.imul(offset + 1, 0x85ebca6b)) >>> 0;
}

interface LiveBlock {
  index: number;
  words: number;
  serial: number;
}

function waitAtStartGate(request: HammerRequest): void {
  const gate = new Int32Array(request.startGate);
  if (Atomics.add(gate, START_GATE_ARRIVED, 1) + 1 === request.workerCount) {
    Atomics.store(gate, START_GATE_OPEN, 1);
    Atomics.notify(gate, START_GATE_OPEN);
  }
  while (Atomics.load(gate, START_GATE_OPEN) === 0) Atomics.wait(gate, START_GATE_OPEN, 0);
}

function run(request: HammerRequest): HammerResult {
  const arena = Arena.attach(request.buffer);
  const useMemory = request.mode === 'memory' || request.mode === 'mixed';
  const useAtoms = request.mode === 'atoms' || request.mode === 'mixed';
  const atoms = useAtoms || request.mode.startsWith('bench-lookup') ? AtomTable.attach(arena, request.atomDescriptor) : undefined;
  const random = new Random(request.seed);
  const result: HammerResult = {
    workerNumber: request.workerNumber,
    allocations: 0,
    frees: 0,
    corruptedBlocks: 0,
    allocationErrors: [],
    arenaFullCount: 0,
    atoms: [],
    atomNameMismatches: [],
    elapsedNanoseconds: 0,
  };
  const live: LiveBlock[] = [];
  const seen = new Map<string, number>();
  let serial = 0;

  const allocate = (): void => {
    // Mostly small blocks (terms, messages), sometimes big ones (heaps, literal areas).
    const roll = random.below(100);
    const words =
      roll < 80 ? random.below(32) : roll < 98 ? random.below(512) : random.below(request.maxBlockWords + 1);
    let index: number;
    try {
      index = arena.alloc(words, random.below(2) === 0 ? 'heap' : 'message');
    } catch (error) {
      if (error instanceof ArenaError && error.code === 'arena_full') {
        result.arenaFullCount++;
        return;
      }
      result.allocationErrors.push(String(error));
      return;
    }
    serial++;
    // Fetched after the alloc, which may have grown the buffer (the fast views' rule).
    const u32 = arena.fixedU32;
    for (let offset = 0; offset < words; offset++) u32[index + offset] = canary(request.workerNumber, serial, offset);
    live.push({ index, words, serial });
    result.allocations++;
  };

  const release = (): void => {
    const slot = random.below(live.length);
    const block = live[slot];
    live[slot] = live[live.length - 1];
    live.pop();
    const u32 = arena.fixedU32;
    for (let offset = 0; offset < block.words; offset++) {
      if (u32[block.index + offset] !== canary(request.workerNumber, block.serial, offset)) {
        result.corruptedBlocks++;
        break;
      }
    }
    arena.free(block.index);
    result.frees++;
  };

  const touchAtom = (): void => {
    const shared = random.below(4) !== 0;
    const name = shared
      ? `shared_${random.below(request.sharedNames)}`
      : `own_${request.workerNumber}_${random.below(request.sharedNames)}`;
    let index: number | undefined;
    if (random.below(2) === 0) {
      index = atoms!.intern(name);
    } else {
      index = atoms!.lookup(name);
      if (index === undefined) return;
    }
    const known = seen.get(name);
    if (known === undefined) {
      seen.set(name, index);
      if (atoms!.nameOf(index) !== name) result.atomNameMismatches.push(`${index}: ${name} read back as ${atoms!.nameOf(index)}`);
    } else if (known !== index) {
      result.atomNameMismatches.push(`${name} was ${known}, now ${index}`);
    }
  };

  const benchmarkBody = benchmark(request, arena, atoms, random);
  // Benchmarks time optimized code: warm the JIT up before the gate, outside the timing.
  benchmarkBody?.(Math.min(100_000, request.operations));

  waitAtStartGate(request);
  const started = process.hrtime.bigint();
  if (benchmarkBody) {
    benchmarkBody(request.operations);
  } else {
    for (let operation = 0; operation < request.operations; operation++) {
      const memoryTurn = useMemory && (!useAtoms || (operation & 1) === 0);
      if (memoryTurn) {
        if (live.length > 0 && (live.length >= request.maxLiveBlocks || random.below(2) === 0)) release();
        else allocate();
      } else {
        touchAtom();
      }
    }
    while (live.length > 0) release();
  }
  result.elapsedNanoseconds = Number(process.hrtime.bigint() - started);
  result.atoms = [...seen];
  return result;
}

/** The timed loop of a bench-* mode, or undefined for the checking modes. */
function benchmark(
  request: HammerRequest,
  arena: Arena,
  atoms: AtomTable | undefined,
  random: Random,
): ((operations: number) => void) | undefined {
  switch (request.mode) {
    case 'bench-alloc':
      // Steady state: a fixed population of blocks, one free and one alloc per two operations.
      return (operations) => {
        const blocks: number[] = [];
        for (let i = 0; i < 64; i++) blocks.push(arena.alloc(random.below(32), 'heap'));
        for (let operation = 0; operation < operations; operation += 2) {
          const slot = operation & 63;
          arena.free(blocks[slot]);
          blocks[slot] = arena.alloc((operation >>> 6) & 31, 'heap');
        }
        for (const block of blocks) arena.free(block);
      };
    case 'bench-lookup': {
      const names = Array.from({ length: request.sharedNames }, (_, i) => `shared_${i}`);
      return (operations) => {
        let checksum = 0;
        for (let operation = 0; operation < operations; operation++) checksum += atoms!.lookup(names[operation % names.length]) ?? 0;
        if (checksum < 0) throw new Error('impossible checksum');
      };
    }
    case 'bench-lookup-uncached': {
      // The shared table itself, without this thread's cache: UTF-8 bytes in, as the ETF decoder does.
      const encoder = new TextEncoder();
      const names = Array.from({ length: request.sharedNames }, (_, i) => encoder.encode(`shared_${i}`));
      return (operations) => {
        let checksum = 0;
        for (let operation = 0; operation < operations; operation++) checksum += atoms!.lookupUtf8(names[operation % names.length]) ?? 0;
        if (checksum < 0) throw new Error('impossible checksum');
      };
    }
    case 'bench-map': {
      // Reference for the lookups: a JS Map from the same names, in the same kind of thread.
      const names = Array.from({ length: request.sharedNames }, (_, i) => `shared_${i}`);
      const map = new Map(names.map((name, i) => [name, i]));
      return (operations) => {
        let checksum = 0;
        for (let operation = 0; operation < operations; operation++) checksum += map.get(names[operation % names.length]) ?? 0;
        if (checksum < 0) throw new Error('impossible checksum');
      };
    }
    case 'lock-counter': {
      // Mutual exclusion, tested directly: a plain (non-atomic) read-modify-write of a shared
      // counter under the lock loses increments as soon as two threads get in at once.
      const lockWord = request.counterBlock!;
      const counterWord = lockWord + 1;
      return (operations) => {
        const i32 = arena.i32;
        for (let operation = 0; operation < operations; operation++) {
          acquireLock(i32, lockWord);
          const value = i32[counterWord];
          for (let spin = 0; spin < (operation & 7); spin++) i32[counterWord + 1] = spin; // widen the window
          i32[counterWord] = value + 1;
          releaseLock(i32, lockWord);
        }
      };
    }
    case 'bench-lock': {
      const gate = new Int32Array(request.startGate);
      return (operations) => {
        for (let operation = 0; operation < operations; operation++) {
          acquireLock(gate, START_GATE_LOCK);
          releaseLock(gate, START_GATE_LOCK);
        }
      };
    }
    default:
      return undefined;
  }
}

const request = workerData as HammerRequest;
try {
  parentPort!.postMessage({ ok: true, result: run(request) });
} catch (error) {
  parentPort!.postMessage({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error) });
}
