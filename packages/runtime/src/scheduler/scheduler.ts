/**
 * One scheduler: the loop a scheduler thread runs. Between two slices is its safe point:
 * it reports thread progress, parks if someone blocks the system, and (through the
 * `onSafePoint` hook) reads the active code index. Then it fires due timers, takes a
 * process from its run queue (or steals one), binds it to its ProcessContext and runs it
 * for up to REDUCTIONS_PER_SLICE reductions. An idle scheduler sleeps in Atomics.wait
 * until a process is queued for it or its next timer is due.
 *
 * A crash in a process (a JS exception out of the slice executor) ends that process with
 * a reason describing the crash; the scheduler goes on.
 */

import type { Loader, LoadStrategy, SystemControl, SystemTask, Wait, WaitAnswer } from '@beamload/loader-core';
import { ProcessContext, type ContextHost } from '../process/process-context.js';
import {
  PCB_FLAGS,
  PCB_PENDING_EXIT,
  PCB_COPY_LITERALS,
  PCB_RECEIVE_TIMER,
  PCB_RECEIVE_TIMER_FIRED,
  PCB_SCHEDULER,
  PCB_STATE,
  PROCESS_FLAG_SUSPENDED,
  PROCESS_FLAG_TIMED_OUT,
  REDUCTIONS_PER_SLICE,
  SLICE_EXITED,
  SLICE_TRAPPED,
  SLICE_WAITING,
  SLICE_YIELDED,
  STATE_EXITED,
  STATE_RUNNABLE,
  STATE_RUNNING,
  type Process,
  type SliceOutcome,
} from '../process/process.js';
import type { Arena } from '@beamload/terms';
import {
  CONTROL_REDUCTIONS_HIGH,
  CONTROL_REDUCTIONS_LOW,
  CONTROL_SLEEPERS,
  CONTROL_STOP,
  CONTROL_GC_TORTURE,
  SCHEDULER_CURRENT_PID,
  SCHEDULER_SLEEP,
  SCHEDULER_SLICES,
  SCHEDULER_STATE,
  SCHEDULER_STATE_EXITED,
  SCHEDULER_STATE_RUNNING,
  SCHEDULER_STATE_SLEEPING,
  CONTROL_EXITED_SCHEDULERS,
  schedulerBlock,
} from '../shared/runtime-memory.js';
import { takeOrQueuePermission, permissionHolder, releasePermission, forgetPermissionWaiter } from '../system/code-permission.js';
import { freeProcess, lookupProcess } from '../system/process-table.js';
import { NO_PROCESS, popRunnable, pushRunnable, stealRunnable } from '../system/run-queues.js';
import type { RuntimeMemoryView } from '../system/runtime-memory-view.js';
import { blockRequested, parkForBlock, releaseSystem, tryTakeBlock, waitForParked } from '../system/system-block.js';
import { passSafePoint, takeProgressStamp, threadProgressReached, type ProgressStamp } from '../system/thread-progress.js';
import { trySleep, wakeProcess } from '../system/wake.js';
import { TimerWheel } from './timer-wheel.js';
import { ProcessServices } from '../process/process-services.js';
import { answerCodeCheck, checkOrAskCode } from '../system/code-references.js';
import { ATOM_KILL, makeAtom } from '@beamload/terms';
import { pollOnLoadRun, type OnLoadRunState } from '../system/on-load-run.js';
import { releaseCodeServerState, type CodeServer } from '../system/code-server.js';
import {
  TASK_STEP_DONE,
  TASK_STEP_PREPARE_SLICE,
  TASK_STEP_THREW,
  TASK_STEP_WAIT,
  TRACE_PARK,
  TRACE_SLEEP,
  TRACE_SLICE_END,
  TRACE_SLICE_START,
  TRACE_TASK_END,
  TRACE_TASK_START,
  TRACE_UNPARK,
  TRACE_WAKE,
  type SliceTrace,
} from './slice-trace.js';

const KILL_ATOM = makeAtom(ATOM_KILL);

/** A wait of the runtime's own (not loader-core's): until a process is off its scheduler. */
interface ProcessOffSchedulerWait {
  kind: 'process-off-scheduler';
  pid: number;
  instance: number;
}

/** What runs a process's code: the interpreter (or a test executor). */
export interface SliceExecutor {
  executeSlice(context: ProcessContext, budget: number): SliceOutcome;
}

/** A trap asking the scheduler to run a system task (a code-loading strategy) for the process. */
export interface SystemTaskTrap {
  kind: 'system-task';
  /** Returns the result term the process gets in x0 when the task ends. */
  task: SystemTask<number>;
}

/** What the scheduler reports about a process leaving (to the host thread). */
export interface ExitReport {
  pid: number;
  hostCall: number;
  /** True when the process ended `normal`. */
  normal: boolean;
  /** Result (x0) or exit reason, copied into an arena block the receiver frees ('message' kind), as [block, term]. */
  block: number;
  term: number;
}

export interface SchedulerHooks {
  /** Called at every safe point (e.g. read the active code index into the executor). */
  onSafePoint?(): void;
  /** A process is ending (links and monitors are told after this): report it to whoever waits (the host). */
  onExit(process: Process, context: ProcessContext, reason: number): void;
  /** Exit reason term for a process whose slice threw a JS error. */
  crashReason(error: unknown): number;
}

interface SuspendedTask {
  task: SystemTask<number>;
  /** The wait the task is suspended on (null: run the next step now). */
  wait: Wait | null;
  answer: WaitAnswer;
  stamp: ProgressStamp | null;
  /** check-process-code / copy-literals: pids still to check, or waited for. */
  pending: Set<number> | null;
  lingering: number;
}

export class Scheduler implements ContextHost {
  readonly context: ProcessContext;
  readonly timers = new TimerWheel();
  private readonly tasks = new Map<number, SuspendedTask>();
  /** Slots suspended waiting for thread progress (checked every loop turn). */
  private readonly progressWaiters = new Set<number>();
  private readonly progressStamps = new Map<number, ProgressStamp>();
  private nextStampKey = 1;
  private holdsBlock = false;
  private timerCounter = 0;
  /** The process whose system task is being stepped (SystemControl's "calling process"). */
  private taskProcess: Process | null = null;
  readonly system: SystemControl;
  readonly services: ProcessServices;
  /** Set by the worker: the loader and strategy the code-loading BIFs use (null without a loader). */
  loader: Loader | null = null;
  loadStrategy: LoadStrategy | null = null;
  /** Set by the worker: prepared code, on-demand load locks, on_load runs (system/code-server.ts). */
  codeServer: CodeServer | null = null;
  /** Set by the worker when the runtime traces (scheduler/slice-trace.ts); null otherwise. */
  trace: SliceTrace | null = null;
  /** The process being run was taken from another scheduler's queue (for the trace). */
  private stolen = false;
  private readonly blockIndex: number;

  constructor(
    readonly view: RuntimeMemoryView,
    readonly arena: Arena,
    readonly id: number,
    readonly executor: SliceExecutor,
    readonly hooks: SchedulerHooks,
  ) {
    this.services = new ProcessServices(view, id, this.timers);
    this.context = new ProcessContext(arena, this);
    this.blockIndex = schedulerBlock(view.layout, id);
    this.system = this.makeSystemControl();
  }

  get gcTorture(): boolean {
    return Atomics.load(this.view.memory, CONTROL_GC_TORTURE) !== 0;
  }

  drainInbox(context: ProcessContext): void {
    this.services.signals.drainInbox(context);
  }

  cancelReceiveTimer(context: ProcessContext): void {
    context.process.set(PCB_RECEIVE_TIMER, 0);
  }

  /** The loop; returns when the runtime stops. */
  run(): void {
    const memory = this.view.memory;
    Atomics.store(memory, this.blockIndex + SCHEDULER_STATE, SCHEDULER_STATE_RUNNING);
    while (Atomics.load(memory, CONTROL_STOP) === 0) {
      this.safePoint();
      this.fireTimers();
      this.checkProgressWaiters();
      let slot = popRunnable(this.view, this.id);
      this.stolen = false;
      if (slot === NO_PROCESS) {
        slot = stealRunnable(this.view, this.id);
        this.stolen = slot !== NO_PROCESS;
      }
      if (slot === NO_PROCESS) {
        this.sleep();
        continue;
      }
      this.runProcess(slot);
    }
    Atomics.store(memory, this.blockIndex + SCHEDULER_STATE, SCHEDULER_STATE_EXITED);
    Atomics.add(memory, CONTROL_EXITED_SCHEDULERS, 1);
    Atomics.notify(memory, CONTROL_EXITED_SCHEDULERS);
  }

  private safePoint(): void {
    passSafePoint(this.view, this.id);
    const request = blockRequested(this.view);
    if (request !== 0 && request !== this.id + 1) {
      this.trace?.record(TRACE_PARK, 0);
      parkForBlock(this.view, this.id);
      this.trace?.record(TRACE_UNPARK, 0);
    }
    this.hooks.onSafePoint?.();
    this.trace?.sampleThreadClock();
  }

  private sleep(): void {
    const memory = this.view.memory;
    const sleepIndex = this.blockIndex + SCHEDULER_SLEEP;
    Atomics.store(memory, sleepIndex, 1);
    Atomics.store(memory, this.blockIndex + SCHEDULER_STATE, SCHEDULER_STATE_SLEEPING);
    Atomics.add(memory, CONTROL_SLEEPERS, 1);
    // Re-check after announcing: a push that raced with us has either seen the flag
    // (and will notify) or put work where we now find it.
    let timeout = this.timers.msUntilNext();
    if (this.progressWaiters.size > 0) timeout = Math.min(timeout, 1);
    const nothingToDo =
      blockRequested(this.view) === 0 &&
      Atomics.load(memory, CONTROL_STOP) === 0 &&
      this.hasNoQueuedWork();
    if (nothingToDo && timeout > 0) {
      const trace = this.trace;
      if (trace !== null) {
        trace.sampleThreadClock(true);
        trace.record(TRACE_SLEEP, 0, timeout === Infinity ? -1 : timeout);
      }
      Atomics.wait(memory, sleepIndex, 1, timeout === Infinity ? undefined : timeout);
      if (trace !== null) {
        trace.record(TRACE_WAKE, 0);
        trace.sampleThreadClock(true);
      }
    }
    Atomics.store(memory, sleepIndex, 0);
    Atomics.sub(memory, CONTROL_SLEEPERS, 1);
    Atomics.store(memory, this.blockIndex + SCHEDULER_STATE, SCHEDULER_STATE_RUNNING);
  }

  private hasNoQueuedWork(): boolean {
    for (let scheduler = 0; scheduler < this.view.schedulerCount; scheduler++) {
      const block = schedulerBlock(this.view.layout, scheduler);
      for (let queue = 4; queue < 8; queue += 2) {
        if (Atomics.load(this.view.memory, block + queue) !== Atomics.load(this.view.memory, block + queue + 1)) return false;
      }
    }
    return true;
  }

  private runProcess(slot: number): void {
    const view = this.view;
    const memory = view.memory;
    const process = view.processAt(slot);
    if (Atomics.compareExchange(memory, process.base + PCB_STATE, STATE_RUNNABLE, STATE_RUNNING) !== STATE_RUNNABLE) return;
    // A process with a suspended system task lives on the scheduler holding the task (a JS generator).
    const home = memory[process.base + PCB_SCHEDULER];
    if (home !== this.id && (process.get(PCB_FLAGS) & PROCESS_FLAG_SUSPENDED) !== 0) {
      Atomics.store(memory, process.base + PCB_STATE, STATE_RUNNABLE);
      pushRunnable(view, home, process.priority, slot);
      return;
    }
    process.set(PCB_SCHEDULER, this.id);
    Atomics.store(memory, this.blockIndex + SCHEDULER_CURRENT_PID, process.pid);
    Atomics.add(memory, this.blockIndex + SCHEDULER_SLICES, 1);
    const context = this.context;
    this.trace?.record(TRACE_SLICE_START, process.pid, this.stolen ? 1 : 0);
    context.bind(process);
    // A receive timer that fired while the process waited.
    const timer = process.get(PCB_RECEIVE_TIMER);
    if (timer !== 0 && Atomics.load(memory, process.base + PCB_RECEIVE_TIMER_FIRED) === timer) {
      process.setFlag(PROCESS_FLAG_TIMED_OUT, true);
      process.set(PCB_RECEIVE_TIMER, 0);
    }
    if (this.loader !== null) {
      const loader = this.loader;
      answerCodeCheck(process, this.arena.i32, (instance, address) => loader.instance(instance).containsCode(address));
    }
    const copyRequest = Atomics.load(memory, process.base + PCB_COPY_LITERALS);
    if (copyRequest !== 0) {
      this.copyLiteralsNow(copyRequest);
      Atomics.store(memory, process.base + PCB_COPY_LITERALS, 0);
    }
    this.drainInbox(context);
    let outcome: SliceOutcome;
    if (this.tasks.has(slot)) {
      outcome = this.stepTask(process);
    } else if (pendingExit(process)) {
      outcome = SLICE_EXITED;
      context.exitReason = pendingExit(process);
    } else {
      outcome = this.executeSafely(context);
    }
    if (context.reductionsUsed > 0) {
      process.addReductions(context.reductionsUsed);
      addGlobalReductions(memory, context.reductionsUsed);
    }
    this.trace?.record(TRACE_SLICE_END, process.pid, outcome, context.reductionsUsed);
    Atomics.store(memory, this.blockIndex + SCHEDULER_CURRENT_PID, 0);
    this.finishSlice(process, outcome);
  }

  private executeSafely(context: ProcessContext): SliceOutcome {
    try {
      return this.executor.executeSlice(context, REDUCTIONS_PER_SLICE);
    } catch (error) {
      // The interpreter failed (a bug or corrupt code): the process dies, the scheduler lives.
      context.exitReason = this.crashReason(error);
      return SLICE_EXITED;
    }
  }

  /** Reason term for a process whose slice threw: the atom of the error code when there is one, else `internal_error`. */
  crashReason(error: unknown): number {
    return this.hooks.crashReason(error);
  }

  private finishSlice(process: Process, outcome: SliceOutcome): void {
    const view = this.view;
    const context = this.context;
    switch (outcome) {
      case SLICE_YIELDED:
        context.unbind();
        Atomics.store(view.memory, process.base + PCB_STATE, STATE_RUNNABLE);
        pushRunnable(view, this.id, process.priority, process.slot);
        return;
      case SLICE_WAITING: {
        context.unbind();
        if (context.waitTimeout >= 0 && process.get(PCB_RECEIVE_TIMER) === 0 && !process.hasFlag(PROCESS_FLAG_TIMED_OUT)) {
          this.startReceiveTimer(process, context.waitTimeout);
        }
        if (!trySleep(view, process)) pushRunnable(view, this.id, process.priority, process.slot);
        return;
      }
      case SLICE_TRAPPED: {
        const trap = context.trap;
        if (trap !== null && trap.kind === 'garbage-collect') {
          // erlang:garbage_collect/0: a full collection with the live registers as roots.
          context.garbageCollect(0, context.arity);
          context.x[0] = trap.result as number;
          context.arity = Math.max(context.arity, 1);
        }
        context.unbind();
        if (trap !== null && trap.kind === 'yield') {
          // A BIF wants its effect seen before the process goes on (exit/2 to itself).
          context.x[0] = trap.result as number;
          context.arity = Math.max(context.arity, 1);
          context.unbind();
        }
        if (trap !== null && trap.kind === 'system-task') {
          this.tasks.set(process.slot, { task: (trap as unknown as SystemTaskTrap).task, wait: null, answer: undefined, stamp: null, pending: null, lingering: 0 });
          process.setFlag(PROCESS_FLAG_SUSPENDED, true);
          // Run its first step on its next turn (the process keeps its place in the queue).
        }
        Atomics.store(view.memory, process.base + PCB_STATE, STATE_RUNNABLE);
        pushRunnable(view, this.id, process.priority, process.slot);
        return;
      }
      case SLICE_EXITED:
      default:
        this.exit(process, context.exitReason);
    }
  }

  private exit(process: Process, reason: number): void {
    const view = this.view;
    const context = this.context;
    const task = this.tasks.get(process.slot);
    if (task) {
      this.tasks.delete(process.slot);
      this.progressWaiters.delete(process.slot);
      if (this.holdsBlock && this.taskProcess === process) {
        releaseSystem(view);
        this.holdsBlock = false;
      }
    }
    const next = forgetPermissionWaiter(view, process.pid);
    if (next !== 0) this.wakePid(next);
    // Prepared code it still owns is discarded; load locks it holds are released.
    if (this.codeServer !== null && this.loader !== null) releaseCodeServerState(this.codeServer, this.loader, process.pid);
    Atomics.store(view.memory, process.base + PCB_STATE, STATE_EXITED);
    process.set(PCB_RECEIVE_TIMER, 0);
    this.hooks.onExit(process, context, reason);
    this.services.signals.processExited(context, reason);
    context.releaseMemory();
    freeProcess(view, process);
  }

  // ---- system tasks (code loading strategies) ----

  private stepTask(process: Process): SliceOutcome {
    const state = this.tasks.get(process.slot)!;
    const context = this.context;
    this.taskProcess = process;
    try {
      for (;;) {
        if (state.wait !== null) {
          if (!this.waitSatisfied(process, state)) {
            return this.suspendForTask(process, state);
          }
          state.wait = null;
        }
        this.trace?.record(TRACE_TASK_START, process.pid);
        const step = state.task.next(state.answer);
        this.trace?.record(TRACE_TASK_END, process.pid, step.done ? TASK_STEP_DONE : step.value.kind === 'prepare-slice' ? TASK_STEP_PREPARE_SLICE : TASK_STEP_WAIT);
        state.answer = undefined;
        if (step.done) {
          this.tasks.delete(process.slot);
          process.setFlag(PROCESS_FLAG_SUSPENDED, false);
          context.x[0] = step.value;
          context.arity = 1;
          return SLICE_YIELDED;
        }
        state.wait = step.value;
        if (step.value.kind === 'prepare-slice') {
          state.wait = null;
          return SLICE_YIELDED;
        }
      }
    } catch (error) {
      this.trace?.record(TRACE_TASK_END, process.pid, TASK_STEP_THREW);
      this.tasks.delete(process.slot);
      process.setFlag(PROCESS_FLAG_SUSPENDED, false);
      if (this.holdsBlock) {
        releaseSystem(this.view);
        this.holdsBlock = false;
      }
      context.exitReason = this.crashReason(error);
      return SLICE_EXITED;
    } finally {
      this.taskProcess = null;
    }
  }

  private waitSatisfied(process: Process, state: SuspendedTask): boolean {
    const wait = state.wait!;
    switch (wait.kind) {
      case 'permission':
        return takeOrQueuePermission(this.view, process.pid);
      case 'block-system': {
        // Someone else is blocking: park here (we are between slices), then try again.
        while (!tryTakeBlock(this.view, this.id)) {
          if (Atomics.load(this.view.memory, CONTROL_STOP) !== 0) throw new Error('runtime stopping');
          parkForBlock(this.view, this.id);
        }
        waitForParked(this.view, this.id);
        this.holdsBlock = true;
        return true;
      }
      case 'thread-progress': {
        const stamp = this.progressStamps.get(wait.after);
        if (stamp === undefined) return true;
        if (threadProgressReached(this.view, stamp, this.id)) {
          this.progressStamps.delete(wait.after);
          return true;
        }
        return false;
      }
      case 'check-process-code':
        return this.checkProcessCode(process, state, wait.instance, wait.mode);
      case 'copy-literals':
        return this.copyLiterals(process, state, wait.instance);
      case 'run-on-load': {
        if (this.codeServer === null) throw new Error('the runtime has no code server');
        const run = ((state as { onLoadRun?: OnLoadRunState }).onLoadRun ??= { runner: 0 });
        const answer = pollOnLoadRun({ view: this.view, loader: this.loader!, codeServer: this.codeServer, schedulerId: this.id }, process, run, wait.module, wait.entry);
        if (answer === null) return false;
        (state as { onLoadRun?: OnLoadRunState }).onLoadRun = undefined;
        state.answer = answer;
        return true;
      }
      default:
        if ((wait as { kind: string }).kind === 'process-off-scheduler') return this.processOffScheduler(state, wait as unknown as ProcessOffSchedulerWait);
        throw new Error(`the runtime does not support the '${wait.kind}' wait`);
    }
  }

  /**
   * Every other process is checked for direct references into the instance's code (a
   * running one when it is off its scheduler). Soft: the answer counts them. Hard: each
   * is killed and the wait lasts until they are all gone.
   */
  private checkProcessCode(process: Process, state: SuspendedTask, instance: number, mode: 'soft' | 'hard'): boolean {
    const view = this.view;
    const code = this.loader!.instance(instance);
    const contains = (address: number): boolean => code.containsCode(address);
    if (state.pending === null) {
      state.pending = new Set();
      state.lingering = 0;
      for (let slot = 0; slot < view.layout.maxProcesses; slot++) {
        const pid = view.processAt(slot).pid;
        if (pid !== 0 && pid !== process.pid && lookupProcess(view, pid) !== null) state.pending.add(pid);
      }
      state.answer = undefined;
      (state as { killing?: Set<number> }).killing = new Set();
    }
    const killing = (state as { killing?: Set<number> }).killing!;
    for (const pid of state.pending) {
      const target = lookupProcess(view, pid);
      if (target === null) {
        state.pending.delete(pid);
        continue;
      }
      const reference = checkOrAskCode(view, target, instance, contains);
      if (reference === 'unknown') {
        wakeProcess(view, target);
        continue;
      }
      state.pending.delete(pid);
      if (reference === 'yes') {
        state.lingering++;
        if (mode === 'hard') {
          this.services.signals.sendExit(process.pid, pid, KILL_ATOM, true);
          killing.add(pid);
        }
      }
    }
    for (const pid of killing) if (lookupProcess(view, pid) === null) killing.delete(pid);
    if (state.pending.size > 0 || killing.size > 0) return false;
    state.answer = { lingering: state.lingering };
    state.pending = null;
    return true;
  }

  /**
   * Every process copies what it references in the instance's literal blocks into its
   * own heap (the owner does it at its next slice); the wait ends when all have.
   */
  private copyLiterals(process: Process, state: SuspendedTask, instance: number): boolean {
    const view = this.view;
    if (state.pending === null) {
      state.pending = new Set();
      for (let slot = 0; slot < view.layout.maxProcesses; slot++) {
        const target = view.processAt(slot);
        const pid = target.pid;
        if (pid === 0 || pid === process.pid || lookupProcess(view, pid) === null) continue;
        Atomics.store(view.memory, target.base + PCB_COPY_LITERALS, instance);
        state.pending.add(pid);
        wakeProcess(view, target);
      }
      // The calling process itself, now (it is bound to this scheduler's context).
      this.copyLiteralsNow(instance);
    }
    for (const pid of state.pending) {
      const target = lookupProcess(view, pid);
      if (target === null || Atomics.load(view.memory, target.base + PCB_COPY_LITERALS) !== instance) state.pending.delete(pid);
    }
    if (state.pending.size > 0) return false;
    state.pending = null;
    return true;
  }

  /** The runtime's own wait (check_process_code/2 on a running process): until it can be read. */
  private processOffScheduler(state: SuspendedTask, wait: ProcessOffSchedulerWait): boolean {
    const target = lookupProcess(this.view, wait.pid);
    if (target === null) {
      state.answer = { references: false } as unknown as WaitAnswer;
      return true;
    }
    const code = this.loader!.instance(wait.instance);
    const answer = checkOrAskCode(this.view, target, wait.instance, (address) => code.containsCode(address));
    if (answer === 'unknown') {
      wakeProcess(this.view, target);
      return false;
    }
    state.answer = { references: answer === 'yes' } as unknown as WaitAnswer;
    return true;
  }

  /** The bound process copies out of an instance's literal blocks (a literal GC). */
  private copyLiteralsNow(instance: number): void {
    if (this.loader === null) return;
    const code = this.loader.instance(instance);
    const ranges: Array<{ start: number; end: number }> = [];
    if (code.literalArea !== 0) ranges.push({ start: code.literalArea, end: code.literalArea + code.literalWords });
    for (const block of code.extraLiteralBlocks()) ranges.push({ start: block, end: block + this.arena.blockWords(block) });
    // Only a process that points there collects (a major collection: the pointers may be old).
    if (ranges.length > 0 && this.context.referencesAny(ranges, this.context.arity)) this.context.garbageCollect(0, this.context.arity, ranges);
  }

  private suspendForTask(process: Process, state: SuspendedTask): SliceOutcome {
    const kind = state.wait!.kind;
    if (kind === 'thread-progress' || kind === 'check-process-code' || kind === 'copy-literals' || kind === 'run-on-load' || (kind as string) === 'process-off-scheduler') this.progressWaiters.add(process.slot);
    this.context.waitTimeout = -1;
    return SLICE_WAITING;
  }

  private checkProgressWaiters(): void {
    if (this.progressWaiters.size === 0) return;
    for (const slot of this.progressWaiters) {
      const state = this.tasks.get(slot);
      if (state === undefined || state.wait === null) {
        this.progressWaiters.delete(slot);
        continue;
      }
      let ready = true;
      if (state.wait.kind === 'thread-progress') {
        const stamp = this.progressStamps.get(state.wait.after);
        ready = stamp === undefined || threadProgressReached(this.view, stamp, this.id);
      }
      // check-process-code and copy-literals are re-evaluated by the process itself.
      if (ready) {
        this.progressWaiters.delete(slot);
        wakeProcess(this.view, this.view.processAt(slot));
      }
    }
  }

  private wakePid(pid: number): void {
    const process = lookupProcess(this.view, pid);
    if (process !== null) wakeProcess(this.view, process);
  }

  private makeSystemControl(): SystemControl {
    const scheduler = this;
    return {
      get schedulerCount() {
        return scheduler.view.schedulerCount;
      },
      currentScheduler: () => scheduler.id,
      threadProgressStamp: () => {
        const key = scheduler.nextStampKey++;
        scheduler.progressStamps.set(key, takeProgressStamp(scheduler.view));
        return key;
      },
      holdsPermission: () => scheduler.taskProcess !== null && permissionHolder(scheduler.view) === scheduler.taskProcess.pid,
      releasePermission: () => {
        if (scheduler.taskProcess === null) return;
        const next = releasePermission(scheduler.view, scheduler.taskProcess.pid);
        if (next !== 0) scheduler.wakePid(next);
      },
      holdsSystemBlock: () => scheduler.holdsBlock,
      releaseSystem: () => {
        if (!scheduler.holdsBlock) return;
        scheduler.holdsBlock = false;
        releaseSystem(scheduler.view);
      },
    };
  }

  // ---- timers ----

  private startReceiveTimer(process: Process, ms: number): void {
    this.timerCounter = (this.timerCounter + 1) & 0xffffff;
    const id = ((this.timerCounter << 6) | this.id) + 1;
    process.set(PCB_RECEIVE_TIMER, id);
    Atomics.store(this.view.memory, process.base + PCB_RECEIVE_TIMER_FIRED, 0);
    const pid = process.pid;
    const slot = process.slot;
    this.timers.add(ms, () => {
      const target = this.view.processAt(slot);
      if (target.pid !== pid || Atomics.load(this.view.memory, target.base + PCB_RECEIVE_TIMER) !== id) return;
      Atomics.store(this.view.memory, target.base + PCB_RECEIVE_TIMER_FIRED, id);
      wakeProcess(this.view, target);
    });
  }

  private fireTimers(): void {
    this.timers.fireDue();
  }
}

function pendingExit(process: Process): number {
  return process.get(PCB_PENDING_EXIT);
}

function addGlobalReductions(memory: Int32Array, count: number): void {
  const before = Atomics.add(memory, CONTROL_REDUCTIONS_LOW, count) >>> 0;
  if (before + count >= 2 ** 32) Atomics.add(memory, CONTROL_REDUCTIONS_HIGH, 1);
}
