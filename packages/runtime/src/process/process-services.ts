/**
 * What process BIFs (bifs/process/*) and the host need of the runtime, for the process
 * running on one scheduler: spawning, sending, links, monitors, exit signals, names,
 * timers. Each operation either touches only the calling process (its own PCB) or sends
 * a signal, so it is safe from any scheduler.
 */

import { ATOM_NOPROC, HeapWriter, NIL, copyTerm, flatSize, isAtom, makeAtom } from '@beamload/terms';
import { SIGNAL_DEMONITOR, SIGNAL_LINK, SIGNAL_MONITOR, SIGNAL_UNLINK } from './fragment.js';
import { PCB_PENDING_EXIT, PCB_REGISTERED_NAME, PROCESS_FLAG_TRAP_EXIT, isPid, type Process } from './process.js';
import type { ProcessContext } from './process-context.js';
import { MONITOR_ORIGIN, REF_WORDS, Signals } from './signals.js';
import { lookupProcess } from '../system/process-table.js';
import { registerName, unregisterName, whereisName } from '../system/registry.js';
import type { RuntimeMemoryView } from '../system/runtime-memory-view.js';
import { spawnProcess, type SpawnRequest } from '../system/spawn.js';
import { TimerService } from './timer-service.js';
import type { TimerWheel } from '../scheduler/timer-wheel.js';

const NOPROC = makeAtom(ATOM_NOPROC);

export interface SpawnOptions {
  link?: boolean;
  monitor?: boolean;
  priority?: number;
  minHeapWords?: number;
  /** spawn_opt fullsweep_after: minor collections between major ones. */
  fullsweepAfter?: number;
}

export class ProcessServices {
  readonly signals: Signals;
  readonly timers: TimerService;

  constructor(
    readonly view: RuntimeMemoryView,
    readonly schedulerId: number,
    wheel: TimerWheel,
  ) {
    this.signals = new Signals(view);
    this.timers = new TimerService(view, this.signals, schedulerId, wheel);
    this.timers.setResolver((destination) => this.resolve(destination));
  }

  /** Resolves a pid or registered name to a pid word (0 when the name is unregistered). */
  resolve(destination: number): number {
    if (isPid(destination)) return destination;
    if (isAtom(destination)) return whereisName(this.view, destination);
    return 0;
  }

  send(context: ProcessContext, to: number, message: number): void {
    this.signals.send(context.process.pid, to, message);
  }

  /**
   * spawn/spawn_link/spawn_monitor/spawn_opt. Arguments (a list of term words) are copied
   * onto the new process's heap. Returns the new pid (the process may already have run
   * and exited by the time the caller looks at anything else).
   */
  spawn(
    context: ProcessContext | null,
    module: number,
    functionName: number,
    args: readonly number[],
    options: SpawnOptions = {},
    monitorRef?: [number, number],
  ): number {
    const parent = context?.process ?? null;
    const store = this.view.store;
    const request: SpawnRequest = {
      module,
      function: functionName,
      args,
      scheduler: this.schedulerId,
      priority: options.priority ?? parent?.priority,
      parent: parent?.pid ?? NIL,
      minHeapWords: options.minHeapWords,
      fullsweepAfter: options.fullsweepAfter,
      copier: {
        size: (term) => flatSize(store, term),
        copy: (term, heap) => {
          const writer = new HeapWriter(store.arena, heap.top, heap.end);
          const copy = copyTerm(store, term, writer);
          heap.top = writer.top;
          return copy;
        },
      },
      beforeStart: (child) => {
        if (parent === null) return;
        if (options.link) {
          this.signals.addLink(parent, child.pid);
          this.signals.addLink(child, parent.pid);
        }
        if (options.monitor && monitorRef) {
          this.signals.addMonitor(parent, monitorRef, child.pid, MONITOR_ORIGIN);
          this.signals.addMonitor(child, monitorRef, parent.pid, 2);
        }
      },
    };
    return spawnProcess(this.view, request);
  }

  /** link/1. Returns false when the other process does not exist. */
  link(context: ProcessContext, other: number): boolean {
    const process = context.process;
    if (other === process.pid) return true;
    if (this.signals.hasLink(process, other)) return true;
    if (lookupProcess(this.view, other) === null) return false;
    this.signals.addLink(process, other);
    if (!this.signals.sendLinkSignal(SIGNAL_LINK, process.pid, other)) {
      this.signals.removeLink(process, other);
      return false;
    }
    return true;
  }

  unlink(context: ProcessContext, other: number): void {
    const process = context.process;
    if (this.signals.removeLink(process, other)) this.signals.sendLinkSignal(SIGNAL_UNLINK, process.pid, other);
  }

  /** Reserves the ref for monitor/2 or make_ref/0: its numbers. The caller writes it with `writeRef`. */
  newRefNumbers(): [number, number] {
    return this.signals.nextRefNumbers();
  }

  writeRef(at: number, numbers: [number, number]): number {
    return this.signals.writeRef(at, numbers[0], numbers[1]);
  }

  get refWords(): number {
    return REF_WORDS;
  }

  /** monitor(process, Target) with a ref already built; a dead target gets DOWN noproc at once. */
  monitor(context: ProcessContext, target: number, ref: [number, number]): void {
    const process = context.process;
    if (lookupProcess(this.view, target) === null || target === process.pid) {
      if (target === process.pid) return; // monitoring yourself: no DOWN ever (the process is alive)
      this.signals.immediateDown(context, target, ref);
      return;
    }
    this.signals.addMonitor(process, ref, target, MONITOR_ORIGIN);
    if (!this.signals.sendMonitorSignal(SIGNAL_MONITOR, process.pid, target, ref, NIL)) {
      this.signals.removeMonitor(process, ref, MONITOR_ORIGIN);
      this.signals.immediateDown(context, target, ref);
    }
  }

  /** demonitor/1: true when the monitor was active. */
  demonitor(context: ProcessContext, ref: [number, number]): boolean {
    const target = this.signals.removeMonitor(context.process, ref, MONITOR_ORIGIN);
    if (target === 0) return false;
    this.signals.sendMonitorSignal(SIGNAL_DEMONITOR, context.process.pid, target, ref, NIL);
    return true;
  }

  /** exit/2. Exiting yourself is handled at once (the caller yields so it takes effect). */
  exitSignal(context: ProcessContext, target: number, reason: number): void {
    this.signals.sendExit(context.process.pid, target, reason, true);
  }

  setTrapExit(context: ProcessContext, on: boolean): boolean {
    const old = context.process.hasFlag(PROCESS_FLAG_TRAP_EXIT);
    context.process.setFlag(PROCESS_FLAG_TRAP_EXIT, on);
    return old;
  }

  register(context: ProcessContext, name: number, pid: number): boolean {
    const target = pid === context.process.pid ? context.process : lookupProcess(this.view, pid);
    if (target === null) return false;
    if (target.registeredName !== NIL) return false;
    if (!registerName(this.view, name, pid)) return false;
    // The name field belongs to the target; for another process it is set by this
    // thread before anyone can observe it by name, and cleared by its exit.
    target.set(PCB_REGISTERED_NAME, name);
    return true;
  }

  unregister(name: number): boolean {
    const pid = whereisName(this.view, name);
    if (pid === 0) return false;
    const target = lookupProcess(this.view, pid);
    if (!unregisterName(this.view, name, pid)) return false;
    if (target !== null) target.set(PCB_REGISTERED_NAME, NIL);
    return true;
  }

  whereis(name: number): number {
    return whereisName(this.view, name);
  }

  isAlive(pid: number): boolean {
    const process = lookupProcess(this.view, pid);
    return process !== null && process.get(PCB_PENDING_EXIT) === 0;
  }

  get noproc(): number {
    return NOPROC;
  }
}
