import type { LoadContext, SystemTask } from '../load-strategy.js';
import type { Loader } from '../loader.js';
import type { CheckProcessCodeAnswer, OnLoadAnswer, SystemControl, Wait, WaitAnswer } from '../system-control.js';
import { CODE_POISON_WORD, InstanceState, MODULE_CURRENT } from '../index.js';
import { SeededRandom } from './seeded-random.js';

/**
 * A deterministic simulated system for strategies: N schedulers, each running simulated
 * processes in slices, with the safe point between slices where the scheduler reads the
 * active code index, parks when the system is blocked and reports thread progress. It
 * implements `SystemControl` and answers every `Wait` of a strategy generator as the
 * runtime would, but step by step from a seeded random schedule, so a failing run can be
 * replayed exactly.
 *
 * Concurrency is modelled where it matters: every write a loader makes to the shared
 * tables (and every prepare) gives the other, non-parked schedulers steps, just as real
 * threads would keep running meanwhile. A strategy that writes the active index without
 * blocking the system, or reuses an index before thread progress, is therefore seen
 * half-done by some process.
 */
export interface SimulatedSystemOptions {
  readonly schedulers?: number;
  readonly processesPerScheduler?: number;
  /** Modules the processes call `version/0` of. */
  readonly watched: readonly string[];
  /** Pairs that are always loaded together: a process must never see two different versions within one slice. */
  readonly atomicGroups?: ReadonlyArray<readonly string[]>;
  /** Version of an instance, by its MD5 in hex: how the simulation "runs" `M:version()` (it cannot execute code). */
  readonly versionOfMd5: (md5Hex: string) => number | undefined;
  readonly seed?: number;
  /** Most calls per slice (each slice takes 1..this many); a few slices are 20x longer. */
  readonly maxSliceCalls?: number;
  /** Other schedulers' steps per loader table write or prepare (upper bound; random from 0). */
  readonly interleaveSteps?: number;
  /** Outcome of on_load functions by module (default: ok). */
  readonly onLoadOk?: (module: string) => boolean;
}

export type SchedulerState = 'running' | 'safe-point' | 'parked' | 'asleep';

interface SimProcess {
  readonly pid: number;
  alive: boolean;
  /** Last version seen per module. */
  readonly versions: Map<string, number>;
  /** Instance whose code the process is executing right now (it stays in it across calls for a while), 0 = none. */
  insideInstance: number;
  insideUntil: number;
  /** Instances whose literals the process's heap points into. */
  readonly literalRefs: Set<number>;
}

interface SimScheduler {
  readonly id: number;
  state: SchedulerState;
  /** Code index read at the last safe point. */
  codeIndex: number;
  /** Clock value of the last safe point passed (thread progress). */
  lastSafePoint: number;
  callsLeft: number;
  sleepUntil: number;
  readonly runQueue: SimProcess[];
  current: SimProcess | undefined;
  /** Loader tasks that have this scheduler, in order. */
  readonly tasks: LoaderTask[];
}

interface LoaderTask {
  readonly id: number;
  readonly scheduler: number;
  readonly generator: SystemTask<unknown>;
  wait: Wait | undefined;
  answer: WaitAnswer;
  done: boolean;
  result: unknown;
  error: unknown;
  holdsPermission: boolean;
  holdsBlock: boolean;
  /** For 'prepare-slice': the scheduler must run something else first. */
  sliceTurnSeen: boolean;
}

export interface Violation {
  readonly kind: 'half-done' | 'version-regressed' | 'atomic-split' | 'freed-code-reached' | 'freed-while-referenced' | 'protocol';
  readonly detail: string;
}

export class SimulatedSystem {
  readonly random: SeededRandom;
  readonly violations: Violation[] = [];
  readonly schedulers: SimScheduler[] = [];
  readonly processes: SimProcess[] = [];
  readonly #options: Required<Omit<SimulatedSystemOptions, 'atomicGroups' | 'onLoadOk'>> & SimulatedSystemOptions;
  #clock = 0;
  #step = 0;
  #nextPid = 1;
  #nextTask = 1;
  #permissionHolder: LoaderTask | undefined;
  readonly #permissionQueue: LoaderTask[] = [];
  #blocker: LoaderTask | undefined;
  /** Task whose generator is running right now (the "calling process" of SystemControl). */
  #running: LoaderTask | undefined;
  #interleaving = false;
  /** Schedulers whose loader task is executing right now (not steppable). */
  readonly #busySchedulers = new Set<number>();
  #onLoadOk: (module: string) => boolean;
  /**
   * Every instance the loader freed: header word index -> its serial then. A header block
   * may be reused by a later instance (another serial), which is not a violation.
   */
  readonly freed = new Map<number, { serial: number; module: string }>();
  /** Calls made, for reports. */
  calls = 0;
  commitsSeen = 0;

  constructor(
    readonly loader: Loader,
    options: SimulatedSystemOptions,
  ) {
    this.#options = {
      schedulers: 2,
      processesPerScheduler: 3,
      seed: 1,
      maxSliceCalls: 6,
      interleaveSteps: 3,
      ...options,
    };
    this.random = new SeededRandom(this.#options.seed);
    this.#onLoadOk = options.onLoadOk ?? (() => true);
    for (let id = 0; id < this.#options.schedulers; id++) {
      const scheduler: SimScheduler = {
        id,
        state: 'safe-point',
        codeIndex: loader.activeIndex(),
        lastSafePoint: 0,
        callsLeft: 0,
        sleepUntil: 0,
        runQueue: [],
        current: undefined,
        tasks: [],
      };
      for (let i = 0; i < this.#options.processesPerScheduler; i++) scheduler.runQueue.push(this.#spawn());
      this.schedulers.push(scheduler);
    }
    this.#instrument();
    (this.control as { schedulerCount: number }).schedulerCount = this.#options.schedulers;
  }

  // ---- what a strategy sees --------------------------------------------------------

  /** The LoadContext a strategy runs with inside this simulation. */
  get context(): LoadContext {
    return { loader: this.loader, system: this.control };
  }

  readonly control: SystemControl = {
    schedulerCount: 0, // set in the constructor
    currentScheduler: () => this.#running?.scheduler ?? 0,
    threadProgressStamp: () => ++this.#clock,
    holdsPermission: () => this.#running !== undefined && this.#running === this.#permissionHolder,
    releasePermission: () => {
      const task = this.#requireRunning('releasePermission');
      if (this.#permissionHolder !== task) {
        this.#violation('protocol', `task ${task.id} released a permission it does not hold`);
        return;
      }
      task.holdsPermission = false;
      this.#permissionHolder = this.#permissionQueue.shift();
      if (this.#permissionHolder) this.#permissionHolder.holdsPermission = true;
    },
    holdsSystemBlock: () => this.#running !== undefined && this.#running === this.#blocker,
    releaseSystem: () => {
      const task = this.#requireRunning('releaseSystem');
      if (this.#blocker !== task) {
        this.#violation('protocol', `task ${task.id} released a system block it does not hold`);
        return;
      }
      task.holdsBlock = false;
      this.#blocker = undefined;
      for (const scheduler of this.schedulers) if (scheduler.state === 'parked') scheduler.state = 'safe-point';
    },
  };

  // ---- driving ---------------------------------------------------------------------

  /**
   * Starts `task` as a process on `scheduler` (a loader process) and runs the whole
   * system until every started task has finished. Returns the task's result.
   */
  run<T>(task: SystemTask<T>, scheduler = 0): T {
    const [result] = this.runConcurrently([{ task, scheduler }]);
    return result as T;
  }

  /** Several loader processes at once (they compete for the permission). */
  runConcurrently(tasks: ReadonlyArray<{ task: SystemTask<unknown>; scheduler?: number }>): unknown[] {
    const started = tasks.map(({ task, scheduler }) => this.#startTask(task, scheduler ?? 0));
    let guard = 0;
    while (started.some((task) => !task.done)) {
      this.#stepAny();
      if (++guard > 5_000_000) throw new Error('simulation did not finish in 5,000,000 steps (a wait never satisfied?)');
    }
    for (const task of started) if (task.error !== undefined) throw task.error;
    return started.map((task) => task.result);
  }

  /** Runs `steps` steps with no loader task (processes just call). */
  idle(steps: number): void {
    for (let i = 0; i < steps; i++) this.#stepAny();
  }

  /** Makes `count` processes stay inside the current code of `module` (they will linger when it becomes old). */
  lingerIn(module: string, count: number, steps = 1_000_000): number {
    const current = this.loader.status(module).current;
    if (current === 0) return 0;
    let placed = 0;
    for (const process of this.processes) {
      if (placed === count) break;
      if (!process.alive || process.insideInstance !== 0) continue;
      process.insideInstance = current;
      process.insideUntil = this.#step + steps;
      process.literalRefs.add(current);
      placed++;
    }
    return placed;
  }

  /** How the simulated on_load functions end from now on. */
  setOnLoadAnswer(ok: (module: string) => boolean): void {
    this.#onLoadOk = ok;
  }

  /** Processes alive (hard purges kill; the simulation replaces them). */
  get aliveProcesses(): number {
    return this.processes.filter((process) => process.alive).length;
  }

  // ---- the schedule ------------------------------------------------------------------

  #startTask(generator: SystemTask<unknown>, scheduler: number): LoaderTask {
    const task: LoaderTask = {
      id: this.#nextTask++,
      scheduler,
      generator,
      wait: undefined,
      answer: undefined,
      done: false,
      result: undefined,
      error: undefined,
      holdsPermission: false,
      holdsBlock: false,
      sliceTurnSeen: true,
    };
    this.schedulers[scheduler].tasks.push(task);
    return task;
  }

  #stepAny(): void {
    const candidates = this.schedulers.filter((scheduler) => scheduler.state !== 'parked' && !this.#busySchedulers.has(scheduler.id));
    if (candidates.length === 0) throw new Error('every scheduler is parked: a system block without a blocker');
    this.#stepScheduler(this.random.pick(candidates));
  }

  #stepScheduler(scheduler: SimScheduler): void {
    this.#step++;
    switch (scheduler.state) {
      case 'parked':
        return;
      case 'asleep':
        if (this.#step >= scheduler.sleepUntil) scheduler.state = 'safe-point';
        return;
      case 'running':
        this.#runCall(scheduler);
        return;
      case 'safe-point':
        this.#safePoint(scheduler);
        return;
    }
  }

  #safePoint(scheduler: SimScheduler): void {
    scheduler.lastSafePoint = ++this.#clock;
    scheduler.codeIndex = this.loader.activeIndex();
    scheduler.current = undefined;
    // A blocked system parks every scheduler but the blocker's at its safe point.
    if (this.#blocker !== undefined && this.#blocker.scheduler !== scheduler.id) {
      scheduler.state = 'parked';
      return;
    }
    // A loader task whose wait is satisfied takes this slice.
    for (const task of scheduler.tasks) {
      if (task.done) continue;
      if (this.#waitSatisfied(task)) {
        this.#resumeTask(task);
        scheduler.tasks.splice(0, scheduler.tasks.length, ...scheduler.tasks.filter((candidate) => !candidate.done));
        return;
      }
      if (task.wait?.kind === 'prepare-slice') task.sliceTurnSeen = true;
    }
    if (this.#blocker !== undefined) return; // the blocker's scheduler runs nothing else
    if (this.random.chance(0.03)) {
      scheduler.state = 'asleep';
      scheduler.sleepUntil = this.#step + this.random.int(1, 20);
      return;
    }
    const process = scheduler.runQueue.shift();
    if (process === undefined) return;
    scheduler.runQueue.push(process.alive ? process : this.#spawn());
    if (!process.alive) return;
    scheduler.current = process;
    const long = this.random.chance(0.05);
    scheduler.callsLeft = this.random.int(1, this.#options.maxSliceCalls) * (long ? 20 : 1);
    scheduler.state = 'running';
  }

  /** One call `M:version()` (or, for atomic groups, one call to each member) by the running process. */
  #runCall(scheduler: SimScheduler): void {
    const process = scheduler.current;
    if (process === undefined || !process.alive) {
      scheduler.state = 'safe-point';
      return;
    }
    if (process.insideInstance !== 0 && this.#step >= process.insideUntil) process.insideInstance = 0;
    const watched = this.#options.watched;
    const module = this.random.pick(watched);
    const group = this.#options.atomicGroups?.find((members) => members.includes(module));
    const seen = new Map<string, number>();
    for (const member of group ?? [module]) {
      const version = this.#callVersion(scheduler, process, member);
      if (version !== undefined) seen.set(member, version);
    }
    if (group !== undefined && seen.size === group.length) {
      const versions = new Set(seen.values());
      if (versions.size > 1) {
        this.#violation('atomic-split', `process ${process.pid} saw ${[...seen].map(([m, v]) => `${m}=${v}`).join(', ')} in one slice (code index ${scheduler.codeIndex})`);
      }
    }
    if (--scheduler.callsLeft <= 0) scheduler.state = 'safe-point';
  }

  /** What `Module:version()` returns for this process now, or undefined when it is not loaded. */
  #callVersion(scheduler: SimScheduler, process: SimProcess, module: string): number | undefined {
    this.calls++;
    const loader = this.loader;
    const exports = loader.tables.exports;
    const codeIndex = scheduler.codeIndex;
    const entry = exports.lookup(loader.atomWord(module), loader.atomWord('version'), 0);
    const address = entry < 0 ? 0 : exports.address(entry, codeIndex);
    if (address === 0) {
      // undef is right only when the module has no current code in this index (never
      // loaded, or deleted); current code without its export is a half-done load.
      const moduleEntry = loader.tables.modules.lookup(loader.atomWord(module));
      if (moduleEntry >= 0 && loader.tables.modules.get(moduleEntry, MODULE_CURRENT, codeIndex) !== 0) {
        this.#violation('half-done', `process ${process.pid} got undef for ${module}:version() while ${module} has current code in code index ${codeIndex}`);
      }
      return undefined;
    }
    if (loader.arena.i32[address] === CODE_POISON_WORD) {
      this.#violation('freed-code-reached', `process ${process.pid} called ${module}:version() into poisoned code (code index ${codeIndex})`);
      return undefined;
    }
    const moduleEntry = loader.tables.modules.lookup(loader.atomWord(module));
    const current = moduleEntry < 0 ? 0 : loader.tables.modules.get(moduleEntry, MODULE_CURRENT, codeIndex);
    const instance = loader.instance(current);
    const freed = current === 0 ? undefined : this.freed.get(current);
    if ((freed !== undefined && freed.serial === instance.serial) || (current !== 0 && instance.state === InstanceState.Freed)) {
      this.#violation('freed-code-reached', `process ${process.pid} called ${module}:version() into freed instance ${current} (code index ${codeIndex})`);
      return undefined;
    }
    if (current === 0 || !instance.containsCode(address)) {
      this.#violation('half-done', `process ${process.pid}: ${module}:version() leads outside the module's current code in code index ${codeIndex}`);
      return undefined;
    }
    for (const { entry: exportEntry, codeAddress } of instance.exports()) {
      if (exports.address(exportEntry, codeIndex) !== codeAddress) {
        const key = exports.key(exportEntry);
        this.#violation('half-done', `process ${process.pid}: ${module} is current in code index ${codeIndex} but its export ${loader.atomName(key.functionAtom)}/${key.arity} does not point at it`);
      }
    }
    const version = this.#options.versionOfMd5(toHex(instance.md5));
    if (version === undefined) {
      this.#violation('protocol', `${module}:version() reached an instance of unknown MD5`);
      return undefined;
    }
    const last = process.versions.get(module);
    if (last !== undefined && version < last) {
      this.#violation('version-regressed', `process ${process.pid} saw ${module} version ${version} after ${last} (code index ${codeIndex})`);
    }
    process.versions.set(module, version);
    if (this.random.chance(0.02) && process.insideInstance === 0) {
      // The process stays in this code for a while (a long computation): it may become lingering old code.
      process.insideInstance = current;
      process.insideUntil = this.#step + this.random.int(5, 200);
    }
    if (this.random.chance(0.05)) process.literalRefs.add(current);
    return version;
  }

  // ---- loader tasks ------------------------------------------------------------------

  #waitSatisfied(task: LoaderTask): boolean {
    const wait = task.wait;
    if (wait === undefined) return true;
    switch (wait.kind) {
      case 'permission':
        return this.#permissionHolder === task;
      case 'block-system':
        if (this.#blocker === undefined) {
          this.#blocker = task;
          task.holdsBlock = true;
        }
        return (
          this.#blocker === task &&
          this.schedulers.every((scheduler) => scheduler.id === task.scheduler || scheduler.state === 'parked')
        );
      case 'thread-progress':
        return this.schedulers.every(
          (scheduler) => scheduler.lastSafePoint > wait.after || scheduler.state === 'asleep' || scheduler.state === 'parked',
        );
      case 'prepare-slice':
        return task.sliceTurnSeen;
      case 'check-process-code':
      case 'copy-literals':
      case 'run-on-load':
        return true;
    }
  }

  #resumeTask(task: LoaderTask): void {
    const wait = task.wait;
    task.answer = undefined;
    if (wait !== undefined) task.answer = this.#answer(task, wait);
    // Another task may be resumed while this one runs (its scheduler keeps going while this
    // one writes tables): the running task is a stack, and a busy scheduler is not stepped.
    const previous = this.#running;
    this.#running = task;
    this.#busySchedulers.add(task.scheduler);
    try {
      for (;;) {
        const next = task.generator.next(task.answer);
        if (next.done) {
          task.done = true;
          task.result = next.value;
          this.#finishTask(task);
          return;
        }
        task.wait = next.value;
        task.answer = undefined;
        if (next.value.kind === 'permission') {
          if (this.#permissionHolder === undefined) {
            this.#permissionHolder = task;
            task.holdsPermission = true;
          } else if (this.#permissionHolder === task) {
            this.#violation('protocol', `task ${task.id} asked again for the permission it holds`);
          } else {
            this.#permissionQueue.push(task);
          }
        } else if (next.value.kind === 'block-system') {
          // The request is raised now (or queued behind another blocker, see #waitSatisfied).
          if (this.#blocker === undefined) {
            this.#blocker = task;
            task.holdsBlock = true;
          }
        } else if (next.value.kind === 'prepare-slice') {
          task.sliceTurnSeen = false;
        }
        // Blocking waits end this slice; the others are answered at once inside it when
        // already satisfied (as the runtime would, without a reschedule).
        if (this.#waitSatisfied(task) && this.#blocker === task) {
          task.answer = this.#answer(task, next.value);
          continue;
        }
        return;
      }
    } catch (error) {
      task.done = true;
      task.error = error;
      this.#finishTask(task);
    } finally {
      this.#running = previous;
      this.#busySchedulers.delete(task.scheduler);
    }
  }

  #finishTask(task: LoaderTask): void {
    if (task.holdsPermission || this.#permissionHolder === task) {
      this.#violation('protocol', `task ${task.id} ended holding the code-write permission`);
      this.#permissionHolder = this.#permissionQueue.shift();
    }
    if (this.#blocker === task) {
      this.#violation('protocol', `task ${task.id} ended with the system blocked`);
      this.#blocker = undefined;
      for (const scheduler of this.schedulers) if (scheduler.state === 'parked') scheduler.state = 'safe-point';
    }
    if (this.loader.tables.stagingOpen() && this.#permissionHolder === undefined) {
      this.#violation('protocol', `task ${task.id} ended with a staging open`);
    }
  }

  #answer(task: LoaderTask, wait: Wait): WaitAnswer {
    switch (wait.kind) {
      case 'check-process-code': {
        let lingering = 0;
        for (const process of this.processes) {
          if (!process.alive || process.insideInstance !== wait.instance) continue;
          lingering++;
          if (wait.mode === 'hard') {
            process.alive = false;
            process.insideInstance = 0;
            process.literalRefs.clear();
          }
        }
        return { lingering } satisfies CheckProcessCodeAnswer;
      }
      case 'copy-literals':
        for (const process of this.processes) process.literalRefs.delete(wait.instance);
        return undefined;
      case 'run-on-load':
        return { ok: this.#onLoadOk(wait.module), detail: 'simulated on_load' } satisfies OnLoadAnswer;
      default:
        void task;
        return undefined;
    }
  }

  #requireRunning(what: string): LoaderTask {
    if (this.#running === undefined) throw new Error(`${what} called outside a loader task`);
    return this.#running;
  }

  // ---- concurrency model: others run while the loader writes --------------------------

  #interleave(): void {
    if (this.#interleaving) return;
    this.#interleaving = true;
    try {
      const steps = this.random.int(0, this.#options.interleaveSteps);
      for (let i = 0; i < steps; i++) {
        const others = this.schedulers.filter(
          (scheduler) => !this.#busySchedulers.has(scheduler.id) && scheduler.state !== 'parked',
        );
        if (others.length === 0) return;
        this.#stepScheduler(this.random.pick(others));
      }
    } finally {
      this.#interleaving = false;
    }
  }

  #instrument(): void {
    const loader = this.loader;
    const exports = loader.tables.exports;
    const modules = loader.tables.modules;
    const wrapWrites = <T extends object>(target: T, names: ReadonlyArray<keyof T>) => {
      for (const name of names) {
        const original = (target[name] as (...args: unknown[]) => unknown).bind(target);
        (target as Record<keyof T, unknown>)[name] = (...args: unknown[]) => {
          this.#checkWriter(String(name));
          const result = original(...args);
          this.#interleave();
          return result;
        };
      }
    };
    wrapWrites(exports, ['setAddress']);
    wrapWrites(modules, ['set']);
    wrapWrites(loader.tables, ['commitStaging', 'startStaging', 'abortStaging']);
    const prepare = loader.prepare.bind(loader);
    loader.prepare = (...args: Parameters<Loader['prepare']>) => {
      this.#interleave();
      const prepared = prepare(...args);
      this.#interleave();
      return prepared;
    };
    const freeInstance = loader.freeInstance.bind(loader);
    loader.freeInstance = (instance: number) => {
      const view = loader.instance(instance);
      const module = loader.atomName(view.moduleAtom);
      const referenced = this.processes.filter(
        (process) => process.alive && (process.insideInstance === instance || process.literalRefs.has(instance)),
      );
      if (referenced.length > 0 && view.state === InstanceState.Installed) {
        this.#violation('freed-while-referenced', `${module} instance ${instance} freed while ${referenced.length} processes reference it`);
      }
      this.freed.set(instance, { serial: view.serial, module });
      freeInstance(instance);
    };
  }

  #checkWriter(what: string): void {
    const task = this.#running;
    if (task === undefined) return; // test set-up outside any task
    if (this.#permissionHolder !== task) {
      this.#violation('protocol', `task ${task.id} wrote the code tables (${what}) without the code-write permission`);
    }
  }

  #spawn(): SimProcess {
    const process: SimProcess = {
      pid: this.#nextPid++,
      alive: true,
      versions: new Map(),
      insideInstance: 0,
      insideUntil: 0,
      literalRefs: new Set(),
    };
    this.processes.push(process);
    return process;
  }

  #violation(kind: Violation['kind'], detail: string): void {
    if (this.violations.length < 1000) this.violations.push({ kind, detail });
  }
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
