/**
 * The runtime's code server state, shared by every scheduler thread: one arena block,
 * created by the host, whose word index every thread receives. It holds what ERTS keeps
 * in magic binaries and in the code_server process:
 *
 * - the **prepared-code table**: each `erlang:prepare_loading/2` result is a ref whose
 *   numbers name one entry, and the entry owns the PreparedModule (its instance header).
 *   A finish claims its entries, so the same prepared code cannot be finished twice;
 *   whatever a process still owns when it exits (and everything at runtime stop) is
 *   discarded, so prepared code nobody finishes does not leak.
 * - the **on-demand load locks**: one per module being loaded by `code:ensure_loaded/1`
 *   (the error_handler's path), so that two processes calling the same missing module at
 *   once load it once: the second waits and then finds it loaded.
 * - the **on_load runs**: the process running a module's on_load function, and what it
 *   returned (written by `beamload_code:on_load_returned/1`, or nothing when it raised).
 *
 * Every table is guarded by one spin mutex held only for a few plain reads and writes,
 * never across a yield.
 *
 * Layout (word offsets from the block's word index):
 *   [0]                  mutex (0 free, 1 held)
 *   [PREPARED_FIRST..]   PREPARED_SLOTS entries of PREPARED_STRIDE words:
 *                          instance header (0 = free entry), ref number 0, ref number 1,
 *                          owner pid, state (PREPARED_IDLE / PREPARED_FINISHING)
 *   [LOCKS_FIRST..]      LOCK_SLOTS entries of LOCK_STRIDE words: module atom (0 = free), holder pid
 *   [ON_LOAD_FIRST..]    ON_LOAD_SLOTS entries of ON_LOAD_STRIDE words:
 *                          runner pid (0 = free), module atom, outcome (ON_LOAD_RUNNING / _OK / _FAILED),
 *                          pid of the loading process that waits for it (it frees the entry)
 */

import type { Loader, PreparedModule } from '@beamload/loader-core';
import { InstanceState } from '@beamload/loader-core';
import type { Arena } from '@beamload/terms';

const MUTEX = 0;
export const PREPARED_SLOTS = 1024;
const PREPARED_FIRST = 8;
const PREPARED_STRIDE = 5;
const P_INSTANCE = 0;
const P_REF0 = 1;
const P_REF1 = 2;
const P_OWNER = 3;
const P_STATE = 4;
const PREPARED_IDLE = 1;
const PREPARED_FINISHING = 2;

const LOCK_SLOTS = 256;
const LOCKS_FIRST = PREPARED_FIRST + PREPARED_SLOTS * PREPARED_STRIDE;
const LOCK_STRIDE = 2;
const L_MODULE = 0;
const L_HOLDER = 1;

const ON_LOAD_SLOTS = 256;
const ON_LOAD_FIRST = LOCKS_FIRST + LOCK_SLOTS * LOCK_STRIDE;
const ON_LOAD_STRIDE = 4;
const O_RUNNER = 0;
const O_MODULE = 1;
const O_OUTCOME = 2;
const O_LOADER = 3;
export const ON_LOAD_RUNNING = 0;
export const ON_LOAD_OK = 1;
export const ON_LOAD_FAILED = 2;

export const CODE_SERVER_WORDS = ON_LOAD_FIRST + ON_LOAD_SLOTS * ON_LOAD_STRIDE;

export type LockAttempt = 'taken' | 'busy' | 'full';

/** One thread's view of the code server block. */
export class CodeServer {
  constructor(
    private readonly arena: Arena,
    /** Word index of the block. */
    readonly base: number,
    /** Directories searched for Module.beam (code:ensure_loaded/1, the error_handler). */
    readonly codePath: readonly string[],
  ) {}

  /** Allocates and zeroes the block (the host, once). */
  static allocate(arena: Arena): number {
    const base = arena.alloc(CODE_SERVER_WORDS, 'other');
    arena.i32.fill(0, base, base + CODE_SERVER_WORDS);
    return base;
  }

  private get words(): Int32Array {
    return this.arena.i32;
  }

  private locked<T>(body: (words: Int32Array) => T): T {
    const words = this.words;
    while (Atomics.compareExchange(words, this.base + MUTEX, 0, 1) !== 0) {
      // Held for a handful of plain accesses by another thread.
    }
    try {
      return body(words);
    } finally {
      Atomics.store(words, this.base + MUTEX, 0);
    }
  }

  // ---- prepared code ----

  /** Enters a prepared module owned by `owner` under the ref numbers; false when the table is full. */
  registerPrepared(instance: number, ref: readonly [number, number], owner: number, finishing = false): boolean {
    return this.locked((words) => {
      for (let slot = 0; slot < PREPARED_SLOTS; slot++) {
        const at = this.base + PREPARED_FIRST + slot * PREPARED_STRIDE;
        if (words[at + P_INSTANCE] !== 0) continue;
        words[at + P_INSTANCE] = instance;
        words[at + P_REF0] = ref[0];
        words[at + P_REF1] = ref[1];
        words[at + P_OWNER] = owner;
        words[at + P_STATE] = finishing ? PREPARED_FINISHING : PREPARED_IDLE;
        return true;
      }
      return false;
    });
  }

  /**
   * Claims the entries named by every ref for a finish by `finisher`, all or none, and
   * returns their instances: null when a ref names no entry, or one a finish has claimed
   * already (finishing the same prepared code twice is badarg, as in ERTS). A ref named
   * twice in one list is returned twice (the finish then says `duplicated`).
   */
  claimPrepared(refs: ReadonlyArray<readonly number[]>, finisher: number): number[] | null {
    return this.locked((words) => {
      const entries: number[] = [];
      for (const ref of refs) {
        const at = this.findPrepared(words, ref);
        if (at < 0) return null;
        if (words[at + P_STATE] === PREPARED_FINISHING && !entries.includes(at)) return null;
        entries.push(at);
      }
      for (const at of entries) {
        words[at + P_STATE] = PREPARED_FINISHING;
        words[at + P_OWNER] = finisher;
      }
      return entries.map((at) => words[at + P_INSTANCE]);
    });
  }

  /**
   * After a finish: when it refused before installing (`stillPrepared`, loader-core's
   * `finishLeftPrepared`), the entries become finishable again (ERTS keeps the magic ref
   * usable after not_purged or duplicated), owned by the finisher; otherwise the modules
   * belong to the tables (or were freed by a failed on_load) and the entries go.
   */
  settlePrepared(instances: readonly number[], stillPrepared: boolean): void {
    this.locked((words) => {
      for (const instance of instances) {
        const at = this.findByInstance(words, instance);
        if (at < 0) continue;
        if (stillPrepared) words[at + P_STATE] = PREPARED_IDLE;
        else words[at + P_INSTANCE] = 0;
      }
    });
  }

  /** Removes an entry without touching its module (the caller discards or installs it). */
  forgetPrepared(instance: number): void {
    this.locked((words) => {
      const at = this.findByInstance(words, instance);
      if (at >= 0) words[at + P_INSTANCE] = 0;
    });
  }

  /**
   * Every entry owned by `pid` (or every entry, when pid is 0) leaves the table; prepared
   * modules are discarded. An entry's header is live: a finish that frees a module
   * (failed on_load) settles its entry before it returns.
   */
  releaseOwnedBy(loader: Loader, pid: number): number {
    const owned = this.locked((words) => {
      const found: number[] = [];
      for (let slot = 0; slot < PREPARED_SLOTS; slot++) {
        const at = this.base + PREPARED_FIRST + slot * PREPARED_STRIDE;
        const instance = words[at + P_INSTANCE];
        if (instance === 0 || (pid !== 0 && words[at + P_OWNER] !== pid)) continue;
        found.push(instance);
        words[at + P_INSTANCE] = 0;
      }
      return found;
    });
    let discarded = 0;
    for (const instance of owned) {
      if (loader.instance(instance).state !== InstanceState.Prepared) continue;
      loader.discard(loader.preparedModule(instance));
      discarded++;
    }
    return discarded;
  }

  /** The instance a ref names while it is prepared and not being finished, else 0. */
  preparedInstance(ref: readonly number[]): number {
    return this.locked((words) => {
      const at = this.findPrepared(words, ref);
      return at < 0 || words[at + P_STATE] !== PREPARED_IDLE ? 0 : words[at + P_INSTANCE];
    });
  }

  /** Entries in the table (tests). */
  preparedCount(): number {
    return this.locked((words) => {
      let count = 0;
      for (let slot = 0; slot < PREPARED_SLOTS; slot++) if (words[this.base + PREPARED_FIRST + slot * PREPARED_STRIDE + P_INSTANCE] !== 0) count++;
      return count;
    });
  }

  private findPrepared(words: Int32Array, ref: readonly number[]): number {
    if (ref.length < 2) return -1;
    for (let slot = 0; slot < PREPARED_SLOTS; slot++) {
      const at = this.base + PREPARED_FIRST + slot * PREPARED_STRIDE;
      if (words[at + P_INSTANCE] !== 0 && words[at + P_REF0] === ref[0] && words[at + P_REF1] === ref[1]) return at;
    }
    return -1;
  }

  private findByInstance(words: Int32Array, instance: number): number {
    for (let slot = 0; slot < PREPARED_SLOTS; slot++) {
      const at = this.base + PREPARED_FIRST + slot * PREPARED_STRIDE;
      if (words[at + P_INSTANCE] === instance) return at;
    }
    return -1;
  }

  // ---- on-demand load locks ----

  /** Takes the load lock of a module for `pid`: `busy` when another process holds it. */
  tryLock(moduleAtom: number, pid: number): LockAttempt {
    return this.locked((words) => {
      let free = -1;
      for (let slot = 0; slot < LOCK_SLOTS; slot++) {
        const at = this.base + LOCKS_FIRST + slot * LOCK_STRIDE;
        if (words[at + L_MODULE] === moduleAtom) return words[at + L_HOLDER] === pid ? 'taken' : 'busy';
        if (free < 0 && words[at + L_MODULE] === 0) free = at;
      }
      if (free < 0) return 'full';
      words[free + L_MODULE] = moduleAtom;
      words[free + L_HOLDER] = pid;
      return 'taken';
    });
  }

  /** Releases every load lock `pid` holds (of one module, or all when moduleAtom is 0). */
  unlock(pid: number, moduleAtom = 0): void {
    this.locked((words) => {
      for (let slot = 0; slot < LOCK_SLOTS; slot++) {
        const at = this.base + LOCKS_FIRST + slot * LOCK_STRIDE;
        if (words[at + L_MODULE] !== 0 && words[at + L_HOLDER] === pid && (moduleAtom === 0 || words[at + L_MODULE] === moduleAtom)) {
          words[at + L_MODULE] = 0;
          words[at + L_HOLDER] = 0;
        }
      }
    });
  }

  // ---- on_load runs ----

  /** Records that `runner` runs the on_load function of `moduleAtom` for `loader`; false when the table is full. */
  startOnLoad(runner: number, moduleAtom: number, loader: number): boolean {
    return this.locked((words) => {
      for (let slot = 0; slot < ON_LOAD_SLOTS; slot++) {
        const at = this.base + ON_LOAD_FIRST + slot * ON_LOAD_STRIDE;
        if (words[at + O_RUNNER] !== 0) continue;
        words[at + O_RUNNER] = runner;
        words[at + O_MODULE] = moduleAtom;
        words[at + O_OUTCOME] = ON_LOAD_RUNNING;
        words[at + O_LOADER] = loader;
        return true;
      }
      return false;
    });
  }

  /** The runner reports what its on_load function returned; false when `runner` runs none. */
  reportOnLoad(runner: number, ok: boolean): boolean {
    return this.locked((words) => {
      const at = this.findRunner(words, runner);
      if (at < 0) return false;
      words[at + O_OUTCOME] = ok ? ON_LOAD_OK : ON_LOAD_FAILED;
      return true;
    });
  }

  /** The outcome so far of the run by `runner`. */
  onLoadOutcome(runner: number): number {
    return this.locked((words) => {
      const at = this.findRunner(words, runner);
      return at < 0 ? ON_LOAD_FAILED : words[at + O_OUTCOME];
    });
  }

  /** The loading process is done with the run (it read the outcome). */
  endOnLoad(runner: number): void {
    this.locked((words) => {
      const at = this.findRunner(words, runner);
      if (at >= 0) words[at + O_RUNNER] = 0;
    });
  }

  /** Frees the runs a loading process waited for (it exited while waiting). */
  endOnLoadsOf(loader: number): void {
    this.locked((words) => {
      for (let slot = 0; slot < ON_LOAD_SLOTS; slot++) {
        const at = this.base + ON_LOAD_FIRST + slot * ON_LOAD_STRIDE;
        if (words[at + O_RUNNER] !== 0 && words[at + O_LOADER] === loader) words[at + O_RUNNER] = 0;
      }
    });
  }

  /** True when `pid` is running the on_load function of `moduleAtom` (its own module is not callable yet). */
  runsOnLoadOf(pid: number, moduleAtom: number): boolean {
    return this.locked((words) => {
      const at = this.findRunner(words, pid);
      return at >= 0 && words[at + O_MODULE] === moduleAtom;
    });
  }

  private findRunner(words: Int32Array, runner: number): number {
    for (let slot = 0; slot < ON_LOAD_SLOTS; slot++) {
      const at = this.base + ON_LOAD_FIRST + slot * ON_LOAD_STRIDE;
      if (words[at + O_RUNNER] === runner) return at;
    }
    return -1;
  }
}

/** A PreparedModule from the table's instance header. */
export function preparedFrom(loader: Loader, instance: number): PreparedModule {
  return loader.preparedModule(instance);
}

/** What a process leaves behind in the code server when it exits. */
export function releaseCodeServerState(codeServer: CodeServer, loader: Loader, pid: number): void {
  codeServer.releaseOwnedBy(loader, pid);
  codeServer.unlock(pid);
  codeServer.endOnLoadsOf(pid);
}
