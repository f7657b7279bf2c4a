/**
 * Signals between processes: messages, exits, links, monitors. A sender copies what it
 * sends into a fragment and pushes it onto the receiver's inbox with a CAS (any thread
 * to any process); the receiver handles the signals in arrival order when it drains its
 * inbox, so links, monitors and the trap_exit decision are private to the thread running
 * the receiver. Per sender-receiver pair, order is kept: a sender's pushes are ordered,
 * and draining reverses the LIFO inbox back into push order.
 *
 * Links are an arena block of pid words per process; monitors an arena block of entries
 * [ref number 0, ref number 1, other pid, MONITOR_*]. A monitor ref is a local ref
 * [header(REF, 3), n0, n1, 0] from the runtime-wide ref counter.
 */

import {
  ATOM_DOWN,
  ATOM_EXIT,
  ATOM_KILL,
  ATOM_KILLED,
  ATOM_NOPROC,
  ATOM_NORMAL,
  ATOM_PROCESS,
  HEADER_REF,
  HEADER_TUPLE,
  HeapWriter,
  NIL,
  copyTerm,
  flatSize,
  makeAtom,
  makeBoxed,
  makeHeader,
} from '@beamload/terms';
import {
  FRAGMENT_DATA,
  FRAGMENT_FROM,
  FRAGMENT_KIND,
  FRAGMENT_NEXT,
  FRAGMENT_REF,
  FRAGMENT_TERM,
  FRAGMENT_WORDS,
  SIGNAL_DEMONITOR,
  SIGNAL_DOWN,
  SIGNAL_EXIT,
  SIGNAL_EXIT_EXPLICIT,
  SIGNAL_LINK,
  SIGNAL_MESSAGE,
  SIGNAL_MONITOR,
  SIGNAL_SPARE_WORDS,
  SIGNAL_UNLINK,
} from './fragment.js';
import {
  PCB_INBOX,
  PCB_LINKS,
  PCB_LINK_CAPACITY,
  PCB_LINK_COUNT,
  PCB_MONITORS,
  PCB_MONITOR_CAPACITY,
  PCB_MONITOR_COUNT,
  PCB_PENDING_EXIT,
  PCB_REGISTERED_NAME,
  PROCESS_FLAG_TRAP_EXIT,
  type Process,
} from './process.js';
import type { ProcessContext } from './process-context.js';
import { CONTROL_REF_HIGH, CONTROL_REF_LOW } from '../shared/runtime-memory.js';
import { lookupProcess } from '../system/process-table.js';
import type { RuntimeMemoryView } from '../system/runtime-memory-view.js';
import { wakeProcess } from '../system/wake.js';
import { unregisterName } from '../system/registry.js';
import { DEMONITOR_ALIAS_MODES, removeAlias, removeAliasesOf } from '../system/aliases.js';

/** Inbox value of an exited process: pushes fail and the sender frees its fragment. */
const INBOX_CLOSED = -1;

/** Monitor entry kinds. */
export const MONITOR_ORIGIN = 1; // this process monitors the other
export const MONITOR_TARGET = 2; // the other process monitors this one
const MONITOR_ENTRY_WORDS = 4;

export const REF_WORDS = 4; // [header(REF, 3), n0, n1, n2]

const EXIT_ATOM = makeAtom(ATOM_EXIT);
const DOWN_ATOM = makeAtom(ATOM_DOWN);
const PROCESS_ATOM = makeAtom(ATOM_PROCESS);
const NORMAL = makeAtom(ATOM_NORMAL);
const KILL = makeAtom(ATOM_KILL);
const KILLED = makeAtom(ATOM_KILLED);
const NOPROC = makeAtom(ATOM_NOPROC);

export class Signals {
  constructor(readonly view: RuntimeMemoryView) {}

  /**
   * The arena as a fixed-length view (the length-tracking one costs about 14 times more
   * per access): fetched again by every use, after the pointers it reads were published.
   */
  private get words(): Int32Array {
    return this.view.arena.fixedI32;
  }

  /** A new ref's two numbers from the runtime-wide counter. */
  nextRefNumbers(): [number, number] {
    const memory = this.view.memory;
    const low = Atomics.add(memory, CONTROL_REF_LOW, 1);
    const high = low === -1 ? Atomics.add(memory, CONTROL_REF_HIGH, 1) + 1 : Atomics.load(memory, CONTROL_REF_HIGH);
    return [low, high];
  }

  readonly writeRefWords = REF_WORDS;

  /** Writes a local ref [header(REF, 3), n0, n1, n2] at `at`; returns the term. */
  writeRef(at: number, n0: number, n1: number, n2 = 0): number {
    const words = this.words;
    words[at] = makeHeader(HEADER_REF, 3);
    words[at + 1] = n0;
    words[at + 2] = n1;
    words[at + 3] = n2;
    return makeBoxed(at);
  }

  // ---- sending ----

  /** A fragment carrying a copy of `term` (and room to become a message in place). */
  makeFragment(kind: number, from: number, term: number, spare: number): number {
    const store = this.view.store;
    const size = flatSize(store, term);
    const total = FRAGMENT_DATA + size + spare;
    const fragment = this.view.arena.alloc(total, 'message');
    const writer = new HeapWriter(store.arena, fragment + FRAGMENT_DATA, fragment + FRAGMENT_DATA + size);
    const copy = copyTerm(store, term, writer);
    const w = this.view.arena.fixedI32;
    w.fill(0, writer.top, fragment + total); // spare words parse as empty tuples until used
    w[fragment + FRAGMENT_NEXT] = 0;
    w[fragment + FRAGMENT_KIND] = kind;
    w[fragment + FRAGMENT_WORDS] = total;
    w[fragment + FRAGMENT_TERM] = copy;
    w[fragment + FRAGMENT_FROM] = from;
    w[fragment + FRAGMENT_REF] = NIL;
    return fragment;
  }

  /** Pushes a fragment to `pid`'s inbox and wakes it. False (fragment freed) when the process is gone. */
  deliver(pid: number, fragment: number): boolean {
    const target = lookupProcess(this.view, pid);
    const memory = this.view.memory;
    if (target !== null) {
      const index = target.base + PCB_INBOX;
      for (;;) {
        const head = Atomics.load(memory, index);
        if (head === INBOX_CLOSED) break;
        this.view.arena.fixedI32[fragment + FRAGMENT_NEXT] = head;
        if (Atomics.compareExchange(memory, index, head, fragment) === head) {
          wakeProcess(this.view, target);
          return true;
        }
      }
    }
    this.view.arena.free(fragment);
    return false;
  }

  send(from: number, to: number, message: number): void {
    this.deliver(to, this.makeFragment(SIGNAL_MESSAGE, from, message, 0));
  }

  /** exit/2 (explicit) or a link's exit signal. */
  sendExit(from: number, to: number, reason: number, explicit: boolean): void {
    this.deliver(to, this.makeFragment(explicit ? SIGNAL_EXIT_EXPLICIT : SIGNAL_EXIT, from, reason, SIGNAL_SPARE_WORDS));
  }

  sendLinkSignal(kind: typeof SIGNAL_LINK | typeof SIGNAL_UNLINK, from: number, to: number): boolean {
    return this.deliver(to, this.makeFragment(kind, from, NIL, SIGNAL_SPARE_WORDS));
  }

  /** Monitor/demonitor/DOWN signals carry the ref numbers in their spare words. */
  sendMonitorSignal(kind: number, from: number, to: number, ref: [number, number], reason: number): boolean {
    const fragment = this.makeFragment(kind, from, reason, SIGNAL_SPARE_WORDS + REF_WORDS);
    const words = this.words;
    const refAt = fragment + words[fragment + FRAGMENT_WORDS] - REF_WORDS;
    words[fragment + FRAGMENT_REF] = this.writeRef(refAt, ref[0], ref[1]);
    return this.deliver(to, fragment);
  }

  // ---- links and monitors (owner thread only) ----

  addLink(process: Process, other: number): void {
    if (this.hasLink(process, other)) return;
    const block = this.grow(process, PCB_LINKS, PCB_LINK_COUNT, PCB_LINK_CAPACITY, 1);
    const count = process.get(PCB_LINK_COUNT);
    this.words[block + count] = other;
    process.set(PCB_LINK_COUNT, count + 1);
  }

  hasLink(process: Process, other: number): boolean {
    const block = process.get(PCB_LINKS);
    const count = process.get(PCB_LINK_COUNT);
    for (let i = 0; i < count; i++) if (this.words[block + i] === other) return true;
    return false;
  }

  removeLink(process: Process, other: number): boolean {
    const block = process.get(PCB_LINKS);
    const count = process.get(PCB_LINK_COUNT);
    const words = this.words;
    for (let i = 0; i < count; i++) {
      if (words[block + i] === other) {
        words[block + i] = words[block + count - 1];
        process.set(PCB_LINK_COUNT, count - 1);
        return true;
      }
    }
    return false;
  }

  addMonitor(process: Process, ref: [number, number], other: number, kind: number): void {
    const block = this.grow(process, PCB_MONITORS, PCB_MONITOR_COUNT, PCB_MONITOR_CAPACITY, MONITOR_ENTRY_WORDS);
    const count = process.get(PCB_MONITOR_COUNT);
    const at = block + count * MONITOR_ENTRY_WORDS;
    const words = this.words;
    words[at] = ref[0];
    words[at + 1] = ref[1];
    words[at + 2] = other;
    words[at + 3] = kind;
    process.set(PCB_MONITOR_COUNT, count + 1);
  }

  /** Removes the monitor with this ref and kind; returns the other pid, or 0. */
  removeMonitor(process: Process, ref: [number, number], kind: number): number {
    const block = process.get(PCB_MONITORS);
    const count = process.get(PCB_MONITOR_COUNT);
    const words = this.words;
    for (let i = 0; i < count; i++) {
      const at = block + i * MONITOR_ENTRY_WORDS;
      if (words[at] === ref[0] && words[at + 1] === ref[1] && words[at + 3] === kind) {
        const other = words[at + 2];
        const last = block + (count - 1) * MONITOR_ENTRY_WORDS;
        words.copyWithin(at, last, last + MONITOR_ENTRY_WORDS);
        process.set(PCB_MONITOR_COUNT, count - 1);
        return other;
      }
    }
    return 0;
  }

  private grow(process: Process, field: number, countField: number, capacityField: number, entryWords: number): number {
    const count = process.get(countField);
    const capacity = process.get(capacityField);
    const block = process.get(field);
    if (count < capacity) return block;
    const newCapacity = Math.max(4, capacity * 2);
    const grown = this.view.arena.alloc(newCapacity * entryWords, 'other');
    if (block !== 0) {
      this.words.copyWithin(grown, block, block + count * entryWords);
      this.view.arena.free(block);
    }
    process.set(field, grown);
    process.set(capacityField, newCapacity);
    return grown;
  }

  // ---- the receiver's side ----

  /** Moves every pending signal into effect, in arrival order. */
  drainInbox(context: ProcessContext): void {
    const process = context.process;
    const memory = this.view.memory;
    let head = Atomics.exchange(memory, process.base + PCB_INBOX, 0);
    if (head === 0) return;
    if (head === INBOX_CLOSED) {
      Atomics.store(memory, process.base + PCB_INBOX, INBOX_CLOSED);
      return;
    }
    const words = this.words;
    // Reverse the LIFO chain into arrival order.
    let ordered = 0;
    while (head !== 0) {
      const next = words[head + FRAGMENT_NEXT];
      words[head + FRAGMENT_NEXT] = ordered;
      ordered = head;
      head = next;
    }
    while (ordered !== 0) {
      const next = words[ordered + FRAGMENT_NEXT];
      this.handleSignal(context, ordered);
      ordered = next;
    }
  }

  private handleSignal(context: ProcessContext, fragment: number): void {
    const process = context.process;
    const words = this.words;
    const kind = words[fragment + FRAGMENT_KIND];
    const from = words[fragment + FRAGMENT_FROM];
    switch (kind) {
      case SIGNAL_MESSAGE:
        context.appendMessage(fragment);
        return;
      case SIGNAL_LINK:
        if (process.get(PCB_PENDING_EXIT) !== 0) {
          // Already dying: the linker learns the reason when we exit; tell it now instead.
          this.sendExit(process.pid, from, process.get(PCB_PENDING_EXIT), false);
        } else {
          this.addLink(process, from);
        }
        this.view.arena.free(fragment);
        return;
      case SIGNAL_UNLINK:
        this.removeLink(process, from);
        this.view.arena.free(fragment);
        return;
      case SIGNAL_MONITOR:
        this.addMonitor(process, this.refNumbers(fragment), from, MONITOR_TARGET);
        this.view.arena.free(fragment);
        return;
      case SIGNAL_DEMONITOR:
        this.removeMonitor(process, this.refNumbers(fragment), MONITOR_TARGET);
        this.view.arena.free(fragment);
        return;
      case SIGNAL_DOWN: {
        if (this.removeMonitor(process, this.refNumbers(fragment), MONITOR_ORIGIN) === 0) {
          this.view.arena.free(fragment); // demonitored meanwhile
          return;
        }
        // A monitor/3 alias in demonitor mode ends with its 'DOWN'.
        const [low, high] = this.refNumbers(fragment);
        removeAlias(this.view, low, high, process.pid, DEMONITOR_ALIAS_MODES);
        this.becomeMessage(context, fragment, [DOWN_ATOM, words[fragment + FRAGMENT_REF], PROCESS_ATOM, from, words[fragment + FRAGMENT_TERM]]);
        return;
      }
      case SIGNAL_EXIT:
      case SIGNAL_EXIT_EXPLICIT: {
        const reason = words[fragment + FRAGMENT_TERM];
        if (kind === SIGNAL_EXIT && !this.removeLink(process, from)) {
          this.view.arena.free(fragment); // unlinked meanwhile: the link's exit does not apply
          return;
        }
        if (kind === SIGNAL_EXIT_EXPLICIT && reason === KILL) {
          this.dieWith(context, fragment, KILLED);
          return;
        }
        if (process.hasFlag(PROCESS_FLAG_TRAP_EXIT)) {
          this.becomeMessage(context, fragment, [EXIT_ATOM, from, reason]);
          return;
        }
        if (reason === NORMAL && from !== process.pid) {
          this.view.arena.free(fragment);
          return;
        }
        this.dieWith(context, fragment, reason);
        return;
      }
      default:
        this.view.arena.free(fragment);
    }
  }

  private refNumbers(fragment: number): [number, number] {
    const ref = this.words[fragment + FRAGMENT_REF] >>> 2;
    return [this.words[ref + 1], this.words[ref + 2]];
  }

  /** Builds a tuple in the fragment's spare words and queues the fragment as a message. */
  private becomeMessage(context: ProcessContext, fragment: number, elements: number[]): void {
    const words = this.words;
    const refWords = words[fragment + FRAGMENT_KIND] === SIGNAL_DOWN ? REF_WORDS : 0;
    const at = fragment + words[fragment + FRAGMENT_WORDS] - refWords - SIGNAL_SPARE_WORDS;
    words[at] = makeHeader(HEADER_TUPLE, elements.length);
    for (let i = 0; i < elements.length; i++) words[at + 1 + i] = elements[i];
    words[fragment + FRAGMENT_TERM] = makeBoxed(at);
    words[fragment + FRAGMENT_KIND] = SIGNAL_MESSAGE;
    context.appendMessage(fragment);
  }

  /** The process must exit with `reason` (a term inside `fragment`, which stays alive attached). */
  private dieWith(context: ProcessContext, fragment: number, reason: number): void {
    const process = context.process;
    if (process.get(PCB_PENDING_EXIT) !== 0) {
      this.view.arena.free(fragment);
      return;
    }
    context.attachFragment(fragment);
    process.set(PCB_PENDING_EXIT, reason);
  }

  // ---- exit ----

  /** Tells links and monitors, unregisters the name, closes the inbox. Before the heap is released. */
  processExited(context: ProcessContext, reason: number): void {
    const process = context.process;
    const memory = this.view.memory;
    const pid = process.pid;
    // Close the inbox; signals that arrived meanwhile still get their answer.
    let head = Atomics.exchange(memory, process.base + PCB_INBOX, INBOX_CLOSED);
    // Fetched after the exchange: the view must cover the fragments it returned.
    const words = this.words;
    while (head !== 0 && head !== INBOX_CLOSED) {
      const next = words[head + FRAGMENT_NEXT];
      const kind = words[head + FRAGMENT_KIND];
      const from = words[head + FRAGMENT_FROM];
      if (kind === SIGNAL_LINK) this.sendExit(pid, from, reason, false);
      else if (kind === SIGNAL_MONITOR) this.sendMonitorSignal(SIGNAL_DOWN, pid, from, this.refNumbers(head), reason);
      this.view.arena.free(head);
      head = next;
    }
    const links = process.get(PCB_LINKS);
    for (let i = 0; i < process.get(PCB_LINK_COUNT); i++) this.sendExit(pid, words[links + i], reason, false);
    const monitors = process.get(PCB_MONITORS);
    for (let i = 0; i < process.get(PCB_MONITOR_COUNT); i++) {
      const at = monitors + i * MONITOR_ENTRY_WORDS;
      const ref: [number, number] = [words[at], words[at + 1]];
      if (words[at + 3] === MONITOR_TARGET) this.sendMonitorSignal(SIGNAL_DOWN, pid, words[at + 2], ref, reason);
      else this.sendMonitorSignal(SIGNAL_DEMONITOR, pid, words[at + 2], ref, NIL);
    }
    if (links !== 0) this.view.arena.free(links);
    if (monitors !== 0) this.view.arena.free(monitors);
    process.set(PCB_LINKS, 0);
    process.set(PCB_LINK_COUNT, 0);
    process.set(PCB_LINK_CAPACITY, 0);
    process.set(PCB_MONITORS, 0);
    process.set(PCB_MONITOR_COUNT, 0);
    process.set(PCB_MONITOR_CAPACITY, 0);
    const name = process.get(PCB_REGISTERED_NAME);
    if (name !== NIL) unregisterName(this.view, name, pid);
    removeAliasesOf(this.view, pid, process.base);
  }

  /** monitor(process, Pid) when Pid is gone: the DOWN with noproc comes at once. */
  immediateDown(context: ProcessContext, target: number, ref: [number, number]): void {
    const process = context.process;
    this.addMonitor(process, ref, target, MONITOR_ORIGIN);
    this.sendMonitorSignal(SIGNAL_DOWN, target, process.pid, ref, NOPROC);
  }
}
