/**
 * The host API: a BEAM runtime with N scheduler threads over one shared arena.
 *
 *   const runtime = await Runtime.start({ schedulers: 2 });
 *   await runtime.loadModule(bytes);
 *   const value = await runtime.call('lists', 'seq', [1, 5]);   // [1, 2, 3, 4, 5]
 *   await runtime.stop();                                        // every thread joined
 *
 * The host thread is not a process: it spawns processes, reads their results from the
 * arena (the scheduler copies them into a block and posts its address), and can block
 * the system or wait for thread progress like a loader would (tests, the bench).
 */

import { systemBlockCount, systemBlocksSince, type SystemBlockInterval } from '../system/block-log.js';
import { allocateTraceBuffer, DEFAULT_TRACE_CAPACITY, readTraceBuffer, type SchedulerTrace } from '../scheduler/slice-trace.js';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  Arena,
  AtomTable,
  type TermStore,
  HeapWriter,
  createTermStore,
  makeAtom,
  termToValue,
  valueToTerm,
  valueWords,
} from '@beamload/terms';
import {
  CONTROL_BLOCK_COUNT,
  CONTROL_BLOCK_LONGEST_WAIT_US,
  CONTROL_EXITED_SCHEDULERS,
  CONTROL_GC_TORTURE,
  CONTROL_RELEASE_EPOCH,
  CONTROL_SPAWN_COUNT,
  CONTROL_STOP,
  MAX_SCHEDULERS_WITH_RINGS,
  SCHEDULER_SLICES,
  SCHEDULER_STEALS,
  SCHEDULER_PROGRESS,
  schedulerBlock,
} from '../shared/runtime-memory.js';
import { MAX_PROCESSES } from '../process/process.js';
import { RuntimeMemoryView } from '../system/runtime-memory-view.js';
import { initialiseProcessTable, liveProcessCount } from '../system/process-table.js';
import { spawnProcess } from '../system/spawn.js';
import { wakeAllSchedulers } from '../system/run-queues.js';
import { blockSystemFromHost, releaseSystem } from '../system/system-block.js';
import { takeProgressStamp, threadProgressReached } from '../system/thread-progress.js';
import type { SchedulerMessage, SchedulerWorkerData } from '../scheduler/scheduler-environment.js';
import { RuntimeError } from './runtime-error.js';
import { Loader, type LoadError, type LoadStrategy } from '@beamload/loader-core';
import { createRuntimeBifRegistry } from '../bifs/process/runtime-bif-registry.js';
import { DEFAULT_LOAD_STRATEGY, isLoadStrategyName, resolveLoadStrategy, type LoadStrategyChoice } from './load-strategy-choice.js';
import { hostSystemControl, runHostTask } from './host-system-control.js';
import { findOnCodePath, listBeams } from './code-path.js';
import { readFileSync } from 'node:fs';
import { CodeServer } from '../system/code-server.js';
import { PRELOADED_MODULES } from '../preloaded/preloaded-modules.js';
import { standardIoBytes } from './standard-io-encoding.js';
import { releaseHeapBinaries } from '../process/gc.js';

export interface RuntimeOptions {
  /** Scheduler threads (default: os.availableParallelism()). */
  schedulers?: number;
  /** Process slots (power of two, at most 32768: a pid number has 15 bits). */
  maxProcesses?: number;
  /** Collect garbage at every allocation point (tests). */
  gcTorture?: boolean;
  /** Arena size limits (bytes). */
  arenaInitialBytes?: number;
  arenaMaxBytes?: number;
  /** Module (URL or path) exporting `createSliceExecutor(environment)`; default: the interpreter. */
  executorModule?: string | URL;
  /** Plain data handed to the executor module in every scheduler. */
  executorOptions?: unknown;
  /** Word index of loader-core's root block, when the caller created the loader tables itself. */
  loaderRoot?: number;
  /** Creates the arena and atom table instead of the runtime (to share them with a loader built first). */
  store?: TermStore;
  /** Milliseconds stop() waits for a scheduler to reach its safe point before terminating it. */
  stopTimeoutMs?: number;
  /** How code is loaded: 'block' | 'split' | 'epoch' (default) | 'epoch-inline', or a strategy module every thread imports. */
  loadStrategy?: LoadStrategyChoice;
  /** Directories searched for Module.beam by ensureLoaded / call (in order). */
  codePath?: readonly string[];
  /**
   * Where program output goes (io:format...): the characters erl's standard_io would
   * receive. Default: process.stdout, encoded as OTP 25's `erl -noshell` does (latin1,
   * characters above 255 as `\x{HEX}`: standardIoBytes).
   */
  onOutput?: (text: string) => void;
  /** Test mode: freed code areas are poisoned so a call into them fails loudly. */
  poisonFreedCode?: boolean;
  /**
   * Record what every scheduler does (slices, collections, system-task steps, sleeps,
   * parks, the thread's CPU and run-queue wait) for `sliceTrace()`; `capacity`: events
   * kept per scheduler (a ring, default 1,048,576, 48 MiB). Also on with BEAMLOAD_TRACE=1.
   */
  trace?: boolean | { capacity?: number };
}

/** How a process ended, as the host sees it. */
export type CallOutcome =
  | { ok: true; value: Term }
  | { ok: false; class: Term; reason: Term; stacktrace: Term };

/** An Erlang exception that ended a host call. */
export class ErlangError extends Error {
  override readonly name = 'ErlangError';
  constructor(
    readonly erlangClass: Term,
    readonly reason: Term,
    readonly stacktrace: Term,
    message: string,
  ) {
    super(message);
  }
}

export interface RuntimeStatistics {
  schedulers: number;
  liveProcesses: number;
  spawned: number;
  slicesPerScheduler: number[];
  stealsPerScheduler: number[];
  blockCount: number;
  longestBlockWaitUs: number;
}

const DEFAULT_EXECUTOR = './interpreter-executor.js';

export class Runtime {
  readonly store: TermStore;
  readonly view: RuntimeMemoryView;
  readonly schedulerCount: number;
  private readonly workers: Worker[] = [];
  private readonly calls = new Map<number, { resolve: (outcome: CallOutcome) => void }>();
  private nextCall = 1;
  private nextScheduler = 0;
  private stopped = false;
  private readonly exits: Promise<number>[] = [];
  private readonly failures: string[] = [];
  private lastSpawned = 0;
  readonly loader: Loader;
  /** The strategy every load goes through (host loads and code-loading BIFs alike). */
  loadStrategy!: LoadStrategy;
  readonly loadStrategyName: string;
  private readonly strategyChoice: LoadStrategyChoice;
  readonly codePath: string[];
  /** Prepared code, on-demand load locks and on_load runs, shared with every scheduler. */
  private readonly codeServerBlock: number;
  readonly codeServer: CodeServer;
  private readonly onOutput: (text: string) => void;
  /** Host loads run one after another (the host is one loader, like the code server). */
  private loading: Promise<unknown> = Promise.resolve();
  /** One trace ring per scheduler when tracing (scheduler/slice-trace.ts). */
  private readonly traceBuffers: SharedArrayBuffer[] = [];

  private constructor(options: RuntimeOptions) {
    const schedulers = options.schedulers ?? os.availableParallelism();
    if (!Number.isInteger(schedulers) || schedulers < 1 || schedulers > MAX_SCHEDULERS_WITH_RINGS) {
      throw new RuntimeError('bad_options', `schedulers must be an integer in 1..${MAX_SCHEDULERS_WITH_RINGS}, got ${schedulers}`);
    }
    const maxProcesses = options.maxProcesses ?? MAX_PROCESSES;
    this.schedulerCount = schedulers;
    if (options.store) {
      this.store = options.store;
    } else {
      const arena = Arena.create({ initialBytes: options.arenaInitialBytes ?? 16 << 20, maxBytes: options.arenaMaxBytes ?? 1 << 30 });
      this.store = createTermStore(arena, AtomTable.create(arena));
    }
    try {
      this.view = RuntimeMemoryView.allocate(maxProcesses, schedulers, this.store);
    } catch (error) {
      throw new RuntimeError('bad_options', (error as Error).message);
    }
    initialiseProcessTable(this.view);
    if (options.gcTorture) this.view.memory[CONTROL_GC_TORTURE] = 1;
    this.loader = Loader.create(this.store.arena, this.store.atoms, createRuntimeBifRegistry(), { poisonFreedCode: options.poisonFreedCode ?? false });
    this.strategyChoice = options.loadStrategy ?? DEFAULT_LOAD_STRATEGY;
    if (typeof this.strategyChoice === 'string' && !isLoadStrategyName(this.strategyChoice)) {
      throw new RuntimeError('bad_options', `unknown load strategy '${this.strategyChoice}' (block, split, epoch, epoch-inline)`);
    }
    this.loadStrategyName = typeof this.strategyChoice === 'string' ? this.strategyChoice : this.strategyChoice.exportName;
    this.codePath = [...(options.codePath ?? [])];
    this.codeServerBlock = CodeServer.allocate(this.store.arena);
    this.codeServer = new CodeServer(this.store.arena, this.codeServerBlock, this.codePath);
    this.onOutput = options.onOutput ?? ((text) => process.stdout.write(standardIoBytes(text)));
    const trace = options.trace ?? process.env.BEAMLOAD_TRACE === '1';
    if (trace !== false) {
      const capacity = (typeof trace === 'object' ? trace.capacity : undefined) ?? DEFAULT_TRACE_CAPACITY;
      if (!Number.isInteger(capacity) || capacity < 1 || capacity > 1 << 24) {
        throw new RuntimeError('bad_options', `trace.capacity must be an integer in 1..${1 << 24}, got ${capacity}`);
      }
      for (let id = 0; id < schedulers; id++) this.traceBuffers.push(allocateTraceBuffer(capacity));
    }
  }

  /** Starts the scheduler threads and resolves once every one is ready. */
  static async start(options: RuntimeOptions = {}): Promise<Runtime> {
    const runtime = new Runtime(options);
    await runtime.startWorkers(options);
    return runtime;
  }

  private async startWorkers(options: RuntimeOptions): Promise<void> {
    this.loadStrategy = await resolveLoadStrategy(this.strategyChoice);
    const executor = options.executorModule ?? new URL(DEFAULT_EXECUTOR, import.meta.url);
    const executorModule = executor instanceof URL ? executor.href : executor.startsWith('file:') ? executor : new URL(executor, 'file://' + process.cwd() + '/').href;
    const atoms = this.store.atoms as AtomTable;
    const ready: Promise<void>[] = [];
    for (let id = 0; id < this.schedulerCount; id++) {
      const data: SchedulerWorkerData = {
        schedulerId: id,
        runtimeBuffer: this.view.buffer,
        arenaBuffer: this.store.arena.buffer as SharedArrayBuffer,
        maxProcesses: this.view.layout.maxProcesses,
        atomTableRoot: atoms.descriptor,
        loaderRoot: options.loaderRoot ?? this.loader.root,
        loadStrategy: this.strategyChoice,
        codeServerBlock: this.codeServerBlock,
        codePath: this.codePath,
        executorModule,
        executorOptions: options.executorOptions ?? null,
        traceBuffer: this.traceBuffers[id] ?? null,
      };
      const worker = new Worker(new URL('./scheduler-worker.js', import.meta.url), { workerData: data });
      this.workers.push(worker);
      ready.push(
        new Promise<void>((resolve, reject) => {
          worker.on('message', (message: SchedulerMessage) => {
            if (message.kind === 'ready') resolve();
            else if (message.kind === 'failed') {
              this.failures.push(message.message);
              reject(new RuntimeError('scheduler_failed', `scheduler ${message.schedulerId} failed to start: ${message.message}`));
            } else this.onMessage(message);
          });
          worker.on('error', (error) => {
            this.failures.push(String(error));
            reject(error);
          });
        }),
      );
      this.exits.push(new Promise<number>((resolve) => worker.on('exit', resolve)));
    }
    try {
      await Promise.all(ready);
    } catch (error) {
      await this.stop();
      throw error;
    }
    // The runtime's own error_handler (on-demand loading) and on_load continuation.
    await this.loadModules(PRELOADED_MODULES.map((module) => module.bytes));
  }

  private onMessage(message: SchedulerMessage): void {
    if (message.kind === 'exit') {
      const call = this.calls.get(message.hostCall);
      let value: Term;
      try {
        value = termToValue(this.store, message.term);
      } catch (error) {
        // A result the host cannot read (a runtime bug): the call fails, the runtime goes on.
        value = new ErlTuple([atomValue('error'), atomValue('unreadable_result'), []]);
        message.normal = false;
        if (process.env.BEAMLOAD_DEBUG_CRASH === '1') {
          const words = Array.from(this.store.arena.i32.subarray(message.block, message.block + 24), (w) => (w >>> 0).toString(16));
          process.stderr.write(`beamload: unreadable result: ${(error as Error).message} term ${(message.term >>> 0).toString(16)} block ${message.block.toString(16)}: ${words.join(' ')}\n`);
        }
      }
      this.store.arena.free(message.block);
      if (call === undefined) return;
      this.calls.delete(message.hostCall);
      if (message.normal) call.resolve({ ok: true, value });
      else {
        const [erlangClass, reason, stacktrace] = (value as { elements: Term[] }).elements;
        call.resolve({ ok: false, class: erlangClass, reason, stacktrace });
      }
    } else if (message.kind === 'output') {
      this.onOutput(message.text);
    }
  }

  /** Pid word of the process the host spawned last. */
  get lastSpawnedPid(): number {
    return this.lastSpawned;
  }

  get arena(): Arena {
    return this.store.arena;
  }

  /** Atom word for a name. */
  atom(name: string): number {
    return makeAtom(this.store.atoms.intern(name));
  }

  /**
   * Spawns Module:Function(Args...) (args as JS terms) and returns the pid word. With
   * `hostCall`, the outcome is reported to `call`.
   */
  spawn(module: string, functionName: string, args: readonly Term[] = [], hostCall = 0): number {
    this.ensureRunning();
    // Build the arguments in a scratch block, copied onto the new process's heap by spawn.
    let size = 0;
    for (const arg of args) size += valueWords(this.store, arg);
    const scratch = size > 0 ? this.store.arena.alloc(size, 'message') : 0;
    const writer = scratch === 0 ? null : new HeapWriter(this.store.arena, scratch, scratch + size);
    try {
      const words = args.map((arg) => valueToTerm(this.store, writer!, arg));
      const store = this.store;
      const scheduler = this.nextScheduler;
      this.nextScheduler = (this.nextScheduler + 1) % this.schedulerCount;
      const pid = spawnProcess(this.view, {
        module: this.atom(module),
        function: this.atom(functionName),
        args: words,
        scheduler,
        hostCall,
        copier: {
          size: (term) => flatSizeOf(store, term),
          copy: (term, heap) => copyInto(store, term, heap),
        },
      });
      this.lastSpawned = pid;
      return pid;
    } finally {
      // The new process holds its own copies: the scratch's references to refc binaries go.
      if (writer !== null) releaseScratch(this.store.arena, writer);
    }
  }

  /**
   * Loads modules from .beam bytes through the configured strategy, driven from the host
   * thread (it waits for the permission, the block or thread progress like a process
   * would, without stopping the schedulers it does not have to). All-or-nothing for
   * several modules. Returns the module names.
   */
  loadModules(binaries: readonly Uint8Array[]): Promise<string[]> {
    this.ensureRunning();
    const run = this.loading.then(async () => {
      const result = await runHostTask(this.view, this.loadStrategy.loadModules({ loader: this.loader, system: hostSystemControl(this.view) }, binaries.map((bytes) => ({ bytes }))), {
        view: this.view,
        loader: this.loader,
        codeServer: this.codeServer,
        schedulerId: 0,
      });
      if (!result.ok) throw new RuntimeError('load_failed', `loading failed: ${result.error.message}`, { cause: result.error });
      return [...result.modules];
    });
    this.loading = run.catch(() => undefined);
    return run;
  }

  async loadModule(bytes: Uint8Array): Promise<string> {
    const [module] = await this.loadModules([bytes]);
    return module;
  }

  /** Loads Module from the code path unless it is loaded already. */
  async ensureLoaded(module: string): Promise<void> {
    if (this.loader.moduleLoaded(module)) return;
    const file = findOnCodePath(this.codePath, module);
    if (file === null) throw new RuntimeError('not_found', `${module}.beam is not on the code path (${this.codePath.join(', ') || 'empty'})`);
    await this.loadModule(readFileSync(file));
  }

  /**
   * Loads Module and, transitively, every module its import tables name that is on the
   * code path and not loaded yet, in one atomic load (this runtime has no on-demand
   * loading through error_handler: calls are resolved to what is loaded).
   */
  async ensureLoadedWithImports(module: string): Promise<string[]> {
    const pending = [module];
    const seen = new Set<string>();
    const binaries: Uint8Array[] = [];
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      if (this.loader.moduleLoaded(name)) continue;
      const file = findOnCodePath(this.codePath, name);
      if (file === null) {
        if (name === module) throw new RuntimeError('not_found', `${module}.beam is not on the code path (${this.codePath.join(', ') || 'empty'})`);
        continue;
      }
      const bytes = readFileSync(file);
      binaries.push(bytes);
      for (const imported of readBeam(bytes).imports) if (!seen.has(imported.module)) pending.push(imported.module);
    }
    if (binaries.length === 0) return [];
    try {
      return await this.loadModules(binaries);
    } catch (error) {
      // Modules with -on_load cannot be loaded atomically with others: load the rest
      // together, then each of those alone (its on_load function runs).
      const cause = (error as { cause?: LoadError }).cause;
      if (cause?.code !== 'on_load_not_allowed') throw error;
      const withOnLoad = new Set(cause.modules);
      const names = binaries.map((bytes) => readBeam(bytes).module);
      const rest = binaries.filter((_, i) => !withOnLoad.has(names[i]));
      const loaded = rest.length === 0 ? [] : await this.loadModules(rest);
      for (let i = 0; i < binaries.length; i++) if (withOnLoad.has(names[i])) loaded.push(await this.loadModule(binaries[i]));
      return loaded;
    }
  }

  /** Loads every module of the code path's directories that is not loaded yet (in one atomic load per directory). */
  async loadCodePath(filter: (module: string) => boolean = () => true): Promise<string[]> {
    const loaded: string[] = [];
    for (const directory of this.codePath) {
      for (const file of listBeams(directory)) {
        const module = file.slice(file.lastIndexOf('/') + 1, -'.beam'.length);
        if (!filter(module) || this.loader.moduleLoaded(module)) continue;
        loaded.push(await this.loadModule(readFileSync(file)));
      }
    }
    return loaded;
  }

  /** Runs Module:Function(Args...) in a fresh process; resolves with how it ended. */
  callOutcome(module: string, functionName: string, args: readonly Term[] = []): Promise<CallOutcome> {
    const id = this.nextCall++;
    const outcome = new Promise<CallOutcome>((resolve) => this.calls.set(id, { resolve }));
    try {
      this.spawn(module, functionName, args, id);
    } catch (error) {
      this.calls.delete(id);
      throw error;
    }
    return outcome;
  }

  /** Runs Module:Function(Args...) in a fresh process and returns its value; an Erlang exception rejects with ErlangError. */
  async call(module: string, functionName: string, args: readonly Term[] = []): Promise<Term> {
    const outcome = await this.callOutcome(module, functionName, args);
    if (outcome.ok) return outcome.value;
    throw new ErlangError(outcome.class, outcome.reason, outcome.stacktrace, `${String(outcome.class)}: ${describe(outcome.reason)} in ${module}:${functionName}/${args.length}`);
  }

  /** Formats a JS term as io:format("~w") would. */
  formatValue(value: Term): string {
    const size = Math.max(valueWords(this.store, value), 2);
    const writer = HeapWriter.allocate(this.store.arena, size, 'message');
    try {
      return writeTerm(this.store, valueToTerm(this.store, writer, value));
    } finally {
      releaseScratch(this.store.arena, writer);
    }
  }

  /** Blocks the system from the host thread: returns the µs waited for every scheduler to park. */
  blockSystem(): number {
    this.ensureRunning();
    return blockSystemFromHost(this.view);
  }

  releaseSystem(): void {
    releaseSystem(this.view);
  }

  /** Resolves once every scheduler has passed a safe point after now (sleeping ones count). */
  async waitForThreadProgress(): Promise<number> {
    const started = performance.now();
    const stamp = takeProgressStamp(this.view);
    while (!threadProgressReached(this.view, stamp, -1)) {
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return performance.now() - started;
  }

  statistics(): RuntimeStatistics {
    const memory = this.view.memory;
    const slices: number[] = [];
    const steals: number[] = [];
    for (let id = 0; id < this.schedulerCount; id++) {
      slices.push(Atomics.load(memory, schedulerBlock(this.view.layout, id) + SCHEDULER_SLICES));
      steals.push(Atomics.load(memory, schedulerBlock(this.view.layout, id) + SCHEDULER_STEALS));
    }
    return {
      schedulers: this.schedulerCount,
      liveProcesses: liveProcessCount(this.view),
      spawned: Atomics.load(memory, CONTROL_SPAWN_COUNT),
      slicesPerScheduler: slices,
      stealsPerScheduler: steals,
      blockCount: Atomics.load(memory, CONTROL_BLOCK_COUNT),
      longestBlockWaitUs: Atomics.load(memory, CONTROL_BLOCK_LONGEST_WAIT_US),
    };
  }

  /**
   * Completed system blocks with index >= `from` (see `systemBlockCount` for a cursor):
   * when each was requested, when every other scheduler was parked (the world stopped)
   * and when it was released. The last 4,096 are kept.
   */
  systemBlocks(from = 0): SystemBlockInterval[] {
    return systemBlocksSince(this.view, from);
  }

  /**
   * What every scheduler did, one entry per scheduler (empty when the runtime was started
   * without `trace`): readable at any time, after stop() too. Events and their fields are
   * described in scheduler/slice-trace.ts.
   */
  sliceTrace(): SchedulerTrace[] {
    return this.traceBuffers.map((buffer, id) => readTraceBuffer(id, buffer));
  }

  /** System blocks completed since start. */
  systemBlockCount(): number {
    return systemBlockCount(this.view);
  }

  /** Thread-progress counter of a scheduler (tests). */
  progressOf(scheduler: number): number {
    return Atomics.load(this.view.memory, schedulerBlock(this.view.layout, scheduler) + SCHEDULER_PROGRESS);
  }

  /** Resolves once no process is alive (or the timeout passes: false). */
  async waitForIdle(timeoutMs = 60_000): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (liveProcessCount(this.view) > 0) {
      if (performance.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return true;
  }

  /**
   * Stops every scheduler at its next safe point and joins every thread. A scheduler
   * that does not reach a safe point within stopTimeoutMs (a runaway slice) is
   * terminated; the count of those is returned (0 on a clean stop).
   */
  async stop(stopTimeoutMs = 10_000): Promise<number> {
    if (this.stopped) return 0;
    this.stopped = true;
    const memory = this.view.memory;
    Atomics.store(memory, CONTROL_STOP, 1);
    wakeAllSchedulers(this.view);
    Atomics.add(memory, CONTROL_RELEASE_EPOCH, 1);
    Atomics.notify(memory, CONTROL_RELEASE_EPOCH);
    let terminated = 0;
    await Promise.all(
      this.workers.map(async (worker, index) => {
        const exited = await Promise.race([this.exits[index].then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), stopTimeoutMs).unref())]);
        if (!exited) {
          terminated++;
          await worker.terminate();
        }
      }),
    );
    for (const call of this.calls.values()) call.resolve({ ok: false, class: atomValue('exit'), reason: atomValue('shutdown'), stacktrace: [] });
    this.calls.clear();
    // Prepared code that was never finished (its owners did not exit: the runtime stopped).
    if (terminated === 0) this.codeServer.releaseOwnedBy(this.loader, 0);
    return terminated;
  }

  /** Scheduler threads that have left their loop. */
  get exitedSchedulers(): number {
    return Atomics.load(this.view.memory, CONTROL_EXITED_SCHEDULERS);
  }

  get threadIds(): number[] {
    return this.workers.map((worker) => worker.threadId);
  }

  private ensureRunning(): void {
    if (this.stopped) throw new RuntimeError('stopped', 'the runtime has been stopped');
  }
}

import { ErlTuple, atom as atomValue, readBeam, type Term } from '@beamload/beam-format';
import { copyTerm as copyTermInto, flatSize, writeTerm } from '@beamload/terms';

/** Frees a scratch block the host built terms in, dropping its references to refc binaries (a binary over 64 bytes). */
function releaseScratch(arena: Arena, writer: HeapWriter): void {
  releaseHeapBinaries(arena, writer.start, writer.top);
  arena.free(writer.start);
}

function flatSizeOf(store: TermStore, term: number): number {
  return flatSize(store, term);
}

function copyInto(store: TermStore, term: number, heap: { top: number; end: number }): number {
  const writer = new HeapWriter(store.arena, heap.top, heap.end);
  const copy = copyTermInto(store, term, writer);
  heap.top = writer.top;
  return copy;
}

function describe(term: Term): string {
  try {
    return JSON.stringify(term, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
  } catch {
    return String(term);
  }
}
