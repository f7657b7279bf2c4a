/**
 * A minimal single-threaded executor for the interpreter's tests: real loader-core
 * loading, the real interpreter and GC, one process run slice after slice on the test's
 * thread. It is not a scheduler (no run queues, no other processes); the differential
 * suite moves to `new Runtime(...)` for the process features.
 */
import { readFileSync } from 'node:fs';
import { Arena, AtomTable, createTermStore, makeAtom, type TermStore } from '@beamload/terms';
import { Loader, prepareModule } from '@beamload/loader-core';
import {
  PCB_CURRENT_ARITY,
  PCB_CURRENT_FUNCTION,
  PCB_CURRENT_MODULE,
  PCB_HEAP_END,
  PCB_HEAP_START,
  PCB_HEAP_TOP,
  PCB_PC,
  PCB_STACK_TOP,
  PCB_WORDS,
  Process,
  SLICE_EXITED,
  SLICE_TRAPPED,
  SLICE_WAITING,
  SLICE_YIELDED,
} from '../src/process/process.js';
import { ProcessContext, type ContextHost } from '../src/process/process-context.js';
import { executeSlice } from '../src/interpreter/interpreter.js';
import { createInterpreterSystem } from '../src/interpreter/interpreter-system.js';
import { createBifRegistry } from '../src/bifs/registry.js';
import { printTerm } from '../src/bifs/term-printer.js';
import type { InterpreterSystem } from '../src/interpreter/system.js';

/**
 * Gives the event loop a turn at least every `budgetMs` of synchronous work. Vitest's
 * worker<->runner RPC times out after 60 s and Node runs expired timers before it reads
 * the reply, so a test that computes for a minute without yielding fails even when green.
 * It records the longest synchronous stretch it saw, so the suite can report it.
 */
export class EventLoopYielder {
  private lastYield = performance.now();
  longestStretchMs = 0;
  /** What ran in the longest stretch (set `activity` before the work). */
  longestStretchActivity = '';
  activity = '';

  constructor(readonly budgetMs = 50) {}

  /** True once the current stretch has used its budget (cheap: one clock read). */
  due(): boolean {
    return performance.now() - this.lastYield >= this.budgetMs;
  }

  async yield(): Promise<void> {
    this.noteStretchEnd();
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.lastYield = performance.now();
  }

  private noteStretchEnd(): void {
    const stretch = performance.now() - this.lastYield;
    if (stretch > this.longestStretchMs) {
      this.longestStretchMs = stretch;
      this.longestStretchActivity = this.activity;
    }
  }
}

export interface RunResult {
  /** What the program printed, then `=> ~w of the result` or `=> uncaught Class:Reason`. */
  text: string;
  slices: number;
}

export class TestVm {
  readonly arena: Arena;
  readonly store: TermStore;
  readonly loader: Loader;
  readonly system: InterpreterSystem;
  private output = '';
  /** The stack trace of the last run's uncaught exception (for failure reports). */
  lastStackTrace = '';

  constructor(readonly options: { gcTorture?: boolean } = {}) {
    this.arena = Arena.create({ initialBytes: 1 << 22, maxBytes: 1 << 30 });
    const atoms = AtomTable.create(this.arena);
    this.store = createTermStore(this.arena, atoms);
    const bifs = createBifRegistry();
    this.loader = Loader.create(this.arena, atoms, bifs);
    this.system = createInterpreterSystem({ store: this.store, loader: this.loader, bifs, writeOutput: (text) => (this.output += text) });
  }

  load(path: string): void {
    const prepared = prepareModule(this.loader, readFileSync(path));
    this.loader.install(prepared, this.loader.activeIndex());
  }

  /**
   * Runs Module:Function() in a fresh process to its end, giving the event loop a turn
   * between slices whenever `yielder` says its budget is used.
   */
  async run(module: string, functionName: string, yielder: EventLoopYielder, maxSlices = 100_000): Promise<RunResult> {
    this.output = '';
    const arena = this.arena;
    const pcb = arena.alloc(PCB_WORDS, 'other');
    const process = new Process(arena.i32, pcb, 0);
    process.reset(((1 << 4) | 3) >>> 0, 0, makeAtom(33));
    const heapWords = 256;
    const heap = arena.alloc(heapWords, 'heap');
    process.set(PCB_HEAP_START, heap);
    process.set(PCB_HEAP_TOP, heap);
    process.set(PCB_STACK_TOP, heap + heapWords);
    process.set(PCB_HEAP_END, heap + heapWords);
    process.set(PCB_CURRENT_MODULE, this.system.atom(module));
    process.set(PCB_CURRENT_FUNCTION, this.system.atom(functionName));
    process.set(PCB_CURRENT_ARITY, 0);
    process.set(PCB_PC, -1);
    const host: ContextHost = {
      drainInbox: () => {},
      cancelReceiveTimer: () => {},
      gcTorture: this.options.gcTorture ?? false,
      services: undefined as never,
      id: 0,
    };
    const context = new ProcessContext(arena, host);
    context.bind(process);
    for (let slices = 1; slices <= maxSlices; slices++) {
      if (yielder.due()) await yielder.yield();
      const outcome = executeSlice(this.system, context, 4000);
      if (outcome === SLICE_YIELDED) continue;
      if (outcome === SLICE_EXITED) {
        const normal = context.exitReason === this.system.atom('normal') && context.arity === 1;
        const text = normal
          ? `=> ${printTerm(this.system, context.x[0], false)}\n`
          : `=> uncaught ${printTerm(this.system, context.x[0], false)}:${printTerm(this.system, context.x[1], false)}\n`;
        this.lastStackTrace = normal ? '' : printTerm(this.system, context.x[2], false);
        return { text: this.output + text, slices };
      }
      if (outcome === SLICE_WAITING) return { text: this.output + '=> waiting forever\n', slices };
      if (outcome === SLICE_TRAPPED) return { text: this.output + `=> trapped ${context.trap?.kind}\n`, slices };
    }
    return { text: this.output + '=> did not finish\n', slices: maxSlices };
  }
}
