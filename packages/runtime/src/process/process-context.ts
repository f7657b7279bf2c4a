/**
 * The per-scheduler view of the process it is running: the interpreter's registers and
 * the hot PCB fields cached in JS fields for one slice, the heap API and the mailbox
 * operations of receive. The contract is described in process.ts.
 */

import { ATOM_UNDEFINED, HEADER_REF, NIL, PRIMARY_HEADER, PRIMARY_MASK, THE_NON_VALUE, headerArity, headerTag, isBoxed, isSmall, makeAtom, makeSmall, pointerIndex, smallValue } from '@beamload/terms';
import { FRAGMENT_DATA, FRAGMENT_NEXT, FRAGMENT_TERM, FRAGMENT_WORDS } from './fragment.js';
import { collect, releaseHeapBinaries } from './gc.js';
import { findPointer, pointsInto } from './heap-scan.js';
import { TORTURE_FULLSWEEP_AFTER, findYoungPointer, needsMajorCollection, type OldHeap } from './old-generation.js';
import {
  PCB_ARITY,
  PCB_RECEIVE_TIMER,
  PCB_ATTACHED_FRAGMENTS,
  PCB_ATTACHED_WORDS,
  PCB_DICTIONARY,
  PCB_EXCEPTION_CLASS,
  PCB_EXCEPTION_REASON,
  PCB_EXCEPTION_TRACE,
  PCB_FLAGS,
  PCB_FULLSWEEP_AFTER,
  PCB_GC_COUNT,
  PCB_HEAP_END,
  PCB_HEAP_START,
  PCB_HEAP_TOP,
  PCB_MARKER_FRAGMENT,
  PCB_MARKER_ID,
  PCB_MARKER_REF,
  PCB_MARKER_REF_WORDS,
  PCB_MARKER_STATE,
  PCB_MESSAGES_EXAMINED,
  MARKER_NONE,
  MARKER_OLD,
  MARKER_RESERVED,
  PCB_MESSAGE_COUNT,
  PCB_MESSAGE_FIRST,
  PCB_MESSAGE_LAST,
  PCB_MESSAGE_SAVE,
  PCB_MATURE_WORDS,
  PCB_MIN_HEAP_SIZE,
  PCB_MINOR_GCS,
  PCB_YOUNG_REFC_BINARIES,
  PCB_OLD_HEAP_END,
  PCB_OLD_HEAP_START,
  PCB_OLD_HEAP_TOP,
  PCB_PC,
  PCB_PENDING_EXIT,
  PCB_SAVED_X,
  PCB_SAVED_X_CAPACITY,
  PCB_STACK_TOP,
  PROCESS_FLAG_TIMED_OUT,
  Process,
  X_REGISTERS,
} from './process.js';
import type { Arena } from '@beamload/terms';
import { TRACE_GC_END, TRACE_GC_START, type SliceTrace } from '../scheduler/slice-trace.js';
import type { ProcessServices } from './process-services.js';

const UNDEFINED = makeAtom(ATOM_UNDEFINED);
/** Marker ids are small integers. */
const MARKER_ID_MASK = 0x3ffffff;

/** The number of ref number words of a local ref a marker can hold, 0 for anything else. */
function localRefArity(words: Int32Array, term: number): number {
  if (!isBoxed(term)) return 0;
  const header = words[pointerIndex(term)];
  if (headerTag(header) !== HEADER_REF) return 0;
  const arity = headerArity(header);
  return arity <= PCB_MARKER_REF_WORDS ? arity : 0;
}

/** What the scheduler does for a context that the context cannot do alone. */
export interface ContextHost {
  /** Moves incoming signals and messages into the private queue (mailbox.ts). */
  drainInbox(context: ProcessContext): void;
  /** Cancels the receive timer of the bound process, if any. */
  cancelReceiveTimer(context: ProcessContext): void;
  /** GC-torture mode: collect at every allocation point. */
  readonly gcTorture: boolean;
  /** Spawning, sending, links, monitors, names, timers: what process BIFs use. */
  readonly services: ProcessServices;
  /** The scheduler's id. */
  readonly id: number;
}

/** Something the scheduler must do before the process can continue (SLICE_TRAPPED). */
export interface Trap {
  kind: string;
  [key: string]: unknown;
}

export class ProcessContext {
  readonly x = new Int32Array(X_REGISTERS);
  /** Float registers (the interpreter's fr0..). */
  readonly floats = new Float64Array(X_REGISTERS);
  process!: Process;
  pc = 0;
  arity = 0;
  heapStart = 0;
  heapTop = 0;
  stackTop = 0;
  heapEnd = 0;
  /** Set by the interpreter before SLICE_WAITING: -1 = infinity, else milliseconds. */
  waitTimeout = -1;
  /** Set by the interpreter before SLICE_EXITED. */
  exitReason = NIL;
  /** Set by the interpreter (or a BIF) before SLICE_TRAPPED. */
  trap: Trap | null = null;
  /** Reductions the slice used (the interpreter sets it at the end of the slice). */
  reductionsUsed = 0;
  /** The scheduler's trace when the runtime traces (collections are recorded), else null. */
  trace: SliceTrace | null = null;

  constructor(
    readonly arena: Arena,
    readonly host: ContextHost,
  ) {}

  /**
   * The arena as a fixed-length view (much faster than the length-tracking one); it is
   * re-fetched after anything that may grow the arena (an allocation, a GC, a receive).
   */
  get words(): Int32Array {
    return this.arena.fixedI32;
  }

  /** Loads the process's saved state into this context. */
  bind(process: Process): void {
    this.process = process;
    this.pc = process.get(PCB_PC);
    this.arity = process.get(PCB_ARITY);
    this.heapStart = process.get(PCB_HEAP_START);
    this.heapTop = process.get(PCB_HEAP_TOP);
    this.stackTop = process.get(PCB_STACK_TOP);
    this.heapEnd = process.get(PCB_HEAP_END);
    this.waitTimeout = -1;
    this.exitReason = NIL;
    this.trap = null;
    this.reductionsUsed = 0;
    const saved = process.get(PCB_SAVED_X);
    if (this.arity > 0) this.x.set(this.arena.fixedI32.subarray(saved, saved + this.arity), 0);
  }

  /** Writes the cached state back to the PCB (x0..x(arity-1) into the saved block). */
  unbind(): void {
    const process = this.process;
    process.set(PCB_PC, this.pc);
    process.set(PCB_ARITY, this.arity);
    process.set(PCB_HEAP_START, this.heapStart);
    process.set(PCB_HEAP_TOP, this.heapTop);
    process.set(PCB_STACK_TOP, this.stackTop);
    process.set(PCB_HEAP_END, this.heapEnd);
    if (this.arity > 0) {
      let saved = process.get(PCB_SAVED_X);
      if (process.get(PCB_SAVED_X_CAPACITY) < this.arity) {
        if (saved !== 0) this.arena.free(saved);
        const capacity = Math.max(this.arity, 8);
        saved = this.arena.alloc(capacity, 'other');
        process.set(PCB_SAVED_X, saved);
        process.set(PCB_SAVED_X_CAPACITY, capacity);
      }
      this.arena.fixedI32.set(this.x.subarray(0, this.arity), saved);
    }
  }

  // ---- heap ----

  /**
   * Guarantees `words` free words between heapTop and stackTop, collecting (roots:
   * x0..x(liveX-1), the stack, the PCB's term fields, attached fragments) when they are
   * not there, or always in GC-torture mode. A minor collection unless a major one is
   * due (old-generation.ts). Terms may move: re-read registers after.
   */
  ensureHeap(words: number, liveX: number): void {
    if (this.stackTop - this.heapTop >= words && !this.host.gcTorture) return;
    this.garbageCollect(words, liveX, [], false);
  }

  /**
   * A collection leaving at least `need` free words; major unless `major` is false
   * (erlang:garbage_collect/0 and a purge's copy-literals want a major one, allocation a
   * minor one). `literalRanges`: literal blocks to copy out of (copy-literals; always major).
   */
  garbageCollect(need: number, liveX: number, literalRanges: Array<{ start: number; end: number }> = [], major = true): void {
    const process = this.process;
    const fragments: Array<{ start: number; end: number }> = [];
    const words = this.arena.fixedI32;
    for (let fragment = process.get(PCB_ATTACHED_FRAGMENTS); fragment !== 0; fragment = words[fragment + FRAGMENT_NEXT]) {
      fragments.push({ start: fragment + FRAGMENT_DATA, end: fragment + words[fragment + FRAGMENT_WORDS] });
    }
    const extraRoots = [
      process.get(PCB_DICTIONARY),
      process.get(PCB_PENDING_EXIT) || NIL,
      process.get(PCB_EXCEPTION_CLASS),
      process.get(PCB_EXCEPTION_REASON),
      process.get(PCB_EXCEPTION_TRACE),
      this.exitReason,
    ];
    const old: OldHeap = { start: process.get(PCB_OLD_HEAP_START), top: process.get(PCB_OLD_HEAP_TOP), end: process.get(PCB_OLD_HEAP_END) };
    const matureWords = process.get(PCB_MATURE_WORDS);
    const torture = this.host.gcTorture;
    const fullsweepAfter = torture ? Math.min(TORTURE_FULLSWEEP_AFTER, process.get(PCB_FULLSWEEP_AFTER)) : process.get(PCB_FULLSWEEP_AFTER);
    const isMajor = major || literalRanges.length > 0 || needsMajorCollection(old, matureWords, process.get(PCB_MINOR_GCS), fullsweepAfter);
    if (torture && !isMajor && old.start !== 0) {
      const at = findYoungPointer(words, old, this.heapStart, this.heapTop, fragments);
      if (at >= 0) throw new Error(`generational invariant broken: old generation word ${at} points into the young heap or a fragment`);
    }
    const trace = this.trace;
    if (trace !== null) {
      let fragmentWords = 0;
      for (const fragment of fragments) fragmentWords += fragment.end - fragment.start;
      trace.record(TRACE_GC_START, process.pid, this.heapTop - this.heapStart, fragmentWords);
    }
    const result = collect(
      this.arena,
      { heapStart: this.heapStart, heapTop: this.heapTop, stackTop: this.stackTop, heapEnd: this.heapEnd },
      fragments,
      { x: this.x, liveX, extraRoots },
      need,
      process.get(PCB_MIN_HEAP_SIZE),
      literalRanges,
      { major: isMajor, old, matureWords, youngRefcBinaries: process.get(PCB_YOUNG_REFC_BINARIES) !== 0 },
    );
    process.set(PCB_YOUNG_REFC_BINARIES, result.youngRefcBinaries ? 1 : 0);
    process.set(PCB_DICTIONARY, extraRoots[0]);
    process.set(PCB_PENDING_EXIT, process.get(PCB_PENDING_EXIT) === 0 ? 0 : extraRoots[1]);
    process.set(PCB_EXCEPTION_CLASS, extraRoots[2]);
    process.set(PCB_EXCEPTION_REASON, extraRoots[3]);
    process.set(PCB_EXCEPTION_TRACE, extraRoots[4]);
    this.exitReason = extraRoots[5];
    this.heapStart = result.heapStart;
    this.heapTop = result.heapTop;
    this.stackTop = result.stackTop;
    this.heapEnd = result.heapEnd;
    process.set(PCB_OLD_HEAP_START, result.old.start);
    process.set(PCB_OLD_HEAP_TOP, result.old.top);
    process.set(PCB_OLD_HEAP_END, result.old.end);
    // Everything left on the young heap has now survived one collection: the high-water mark.
    process.set(PCB_MATURE_WORDS, result.liveWords);
    process.set(PCB_MINOR_GCS, isMajor ? 0 : process.get(PCB_MINOR_GCS) + 1);
    this.freeAttachedFragments();
    process.set(PCB_GC_COUNT, process.get(PCB_GC_COUNT) + 1);
    // Words copied: what stayed young plus what a minor collection promoted.
    trace?.record(TRACE_GC_END, process.pid, result.liveWords + result.promotedWords, result.heapEnd - result.heapStart);
  }

  /**
   * Does anything of the process (live x registers, the PCB's term fields, the stack,
   * both heap generations, the attached fragments) point into `ranges`? Read-only and
   * conservative (dead objects count). A purge's copy-literals asks it first, as ERTS
   * does: a process that references nothing there needs no collection, and the major
   * collection copy-literals needs would copy a big process's whole heap, twice with the
   * minor collection that promotes it again, at every load.
   */
  referencesAny(ranges: ReadonlyArray<{ start: number; end: number }>, liveX: number): boolean {
    const matches = (index: number): boolean => {
      for (const range of ranges) if (index >= range.start && index < range.end) return true;
      return false;
    };
    const process = this.process;
    for (let i = 0; i < liveX; i++) if (pointsInto(this.x[i], matches)) return true;
    const fields = [process.get(PCB_DICTIONARY), process.get(PCB_PENDING_EXIT), process.get(PCB_EXCEPTION_CLASS), process.get(PCB_EXCEPTION_REASON), process.get(PCB_EXCEPTION_TRACE), this.exitReason];
    for (const field of fields) if (pointsInto(field, matches)) return true;
    const words = this.arena.fixedI32;
    // Stack words with tag 00 are return addresses, not terms (see process.ts).
    for (let i = this.stackTop; i < this.heapEnd; i++) if ((words[i] & PRIMARY_MASK) !== PRIMARY_HEADER && pointsInto(words[i], matches)) return true;
    if (findPointer(words, this.heapStart, this.heapTop, matches) >= 0) return true;
    if (findPointer(words, process.get(PCB_OLD_HEAP_START), process.get(PCB_OLD_HEAP_TOP), matches) >= 0) return true;
    for (let fragment = process.get(PCB_ATTACHED_FRAGMENTS); fragment !== 0; fragment = words[fragment + FRAGMENT_NEXT]) {
      if (findPointer(words, fragment + FRAGMENT_DATA, fragment + words[fragment + FRAGMENT_WORDS], matches) >= 0) return true;
    }
    return false;
  }

  /** Releases everything the process owns in the arena (at exit). */
  releaseMemory(): void {
    const process = this.process;
    const words = this.arena.fixedI32;
    releaseHeapBinaries(this.arena, this.heapStart, this.heapTop);
    this.arena.free(this.heapStart);
    this.heapStart = this.heapTop = this.stackTop = this.heapEnd = 0;
    const oldStart = process.get(PCB_OLD_HEAP_START);
    if (oldStart !== 0) {
      releaseHeapBinaries(this.arena, oldStart, process.get(PCB_OLD_HEAP_TOP));
      this.arena.free(oldStart);
    }
    process.set(PCB_OLD_HEAP_START, 0);
    process.set(PCB_OLD_HEAP_TOP, 0);
    process.set(PCB_OLD_HEAP_END, 0);
    process.set(PCB_MATURE_WORDS, 0);
    for (let fragment = process.get(PCB_ATTACHED_FRAGMENTS); fragment !== 0; fragment = words[fragment + FRAGMENT_NEXT]) {
      releaseHeapBinaries(this.arena, fragment + FRAGMENT_DATA, fragment + words[fragment + FRAGMENT_WORDS]);
    }
    this.freeAttachedFragments();
    let fragment = process.get(PCB_MESSAGE_FIRST);
    while (fragment !== 0) {
      const next = words[fragment + FRAGMENT_NEXT];
      releaseHeapBinaries(this.arena, fragment + FRAGMENT_DATA, fragment + words[fragment + FRAGMENT_WORDS]);
      this.arena.free(fragment);
      fragment = next;
    }
    process.set(PCB_MESSAGE_FIRST, 0);
    process.set(PCB_MESSAGE_LAST, 0);
    process.set(PCB_MESSAGE_COUNT, 0);
    const saved = process.get(PCB_SAVED_X);
    if (saved !== 0) this.arena.free(saved);
    process.set(PCB_SAVED_X, 0);
    process.set(PCB_SAVED_X_CAPACITY, 0);
  }

  private freeAttachedFragments(): void {
    const process = this.process;
    const words = this.arena.fixedI32;
    let fragment = process.get(PCB_ATTACHED_FRAGMENTS);
    while (fragment !== 0) {
      const next = words[fragment + FRAGMENT_NEXT];
      this.arena.free(fragment);
      fragment = next;
    }
    process.set(PCB_ATTACHED_FRAGMENTS, 0);
    process.set(PCB_ATTACHED_WORDS, 0);
  }

  // ---- mailbox ----

  /** The fragment at the receive cursor, or 0 past the end. */
  private cursorFragment(): number {
    const save = this.process.get(PCB_MESSAGE_SAVE);
    return save === 0 ? this.process.get(PCB_MESSAGE_FIRST) : this.arena.fixedI32[save + FRAGMENT_NEXT];
  }

  /** loop_rec: the message at the cursor, or THE_NON_VALUE past the last one. */
  peekMessage(): number {
    let fragment = this.cursorFragment();
    if (fragment === 0) {
      this.host.drainInbox(this);
      fragment = this.cursorFragment();
      if (fragment === 0) return THE_NON_VALUE;
    }
    const process = this.process;
    process.set(PCB_MESSAGES_EXAMINED, process.get(PCB_MESSAGES_EXAMINED) + 1);
    return this.arena.fixedI32[fragment + FRAGMENT_TERM];
  }

  /** loop_rec_end: move the cursor past the current message. */
  nextMessage(): void {
    const fragment = this.cursorFragment();
    if (fragment !== 0) this.process.set(PCB_MESSAGE_SAVE, fragment);
  }

  /** remove_message: take the message at the cursor out of the queue. */
  removeMessage(): void {
    const process = this.process;
    const save = process.get(PCB_MESSAGE_SAVE);
    const fragment = this.cursorFragment();
    if (fragment === 0) return;
    this.unlinkMessage(save, fragment);
    process.set(PCB_MESSAGE_SAVE, 0);
    this.endReceive();
    this.host.cancelReceiveTimer(this);
    process.setFlag(PROCESS_FLAG_TIMED_OUT, false);
  }

  /**
   * Takes `fragment` (whose predecessor in the queue is `previous`, 0 for the first) out
   * of the queue. The cursor and the receive marker, when they stand on it, move back to
   * `previous`, so they stay valid positions. The message's terms may be referenced from
   * registers and the heap: the fragment stays alive until the next collection.
   */
  unlinkMessage(previous: number, fragment: number): void {
    const process = this.process;
    const words = this.arena.fixedI32;
    const next = words[fragment + FRAGMENT_NEXT];
    if (previous === 0) process.set(PCB_MESSAGE_FIRST, next);
    else words[previous + FRAGMENT_NEXT] = next;
    if (process.get(PCB_MESSAGE_LAST) === fragment) process.set(PCB_MESSAGE_LAST, previous);
    if (process.get(PCB_MESSAGE_SAVE) === fragment) process.set(PCB_MESSAGE_SAVE, previous);
    if (process.get(PCB_MARKER_FRAGMENT) === fragment) process.set(PCB_MARKER_FRAGMENT, previous);
    process.set(PCB_MESSAGE_COUNT, process.get(PCB_MESSAGE_COUNT) - 1);
    this.attachFragment(fragment);
  }

  /** timeout: the receive gave up; the cursor goes back to the first message. */
  timeoutReceive(): void {
    this.process.set(PCB_MESSAGE_SAVE, 0);
    this.endReceive();
    this.process.setFlag(PROCESS_FLAG_TIMED_OUT, false);
  }

  /** A receive ended (a message taken or a timeout): as in ERTS, recv_mark's marker is done. */
  private endReceive(): void {
    if (this.process.get(PCB_MARKER_STATE) === MARKER_OLD) this.process.set(PCB_MARKER_STATE, MARKER_NONE);
  }

  /** wait_timeout: has the receive timer fired? */
  receiveTimedOut(): boolean {
    return this.process.hasFlag(PROCESS_FLAG_TIMED_OUT);
  }

  /** wait_timeout: is this receive's timer already counting (a message woke the process)? */
  receiveTimerRunning(): boolean {
    return this.process.get(PCB_RECEIVE_TIMER) !== 0;
  }

  // ---- receive markers ----
  //
  // ERTS's semantics (erl_proc_sig_queue.h, erts_msgq_recv_marker_*): reserve puts a marker
  // at the end of the queue (none when the queue is empty: a receive from the start then
  // sees only newer messages anyway) and returns its id; bind ties it to the ref made
  // right after, or clears it when the value is not a local ref; use (just before the
  // receive's loop_rec) moves the cursor past the marker; clear (when the receive took
  // its message or timed out) frees it. ERTS keeps up to 8 markers per process; we keep
  // one, the latest: a nested call's reserve replaces the outer call's marker, whose
  // receive then misses it and scans from the first message, which is slower, never
  // wrong. A marker is a position in the queue (the fragment before it), kept valid by
  // unlinkMessage, so messages around it may be removed by other receives.

  /** recv_marker_reserve: a small-int marker term, or 'undefined' (no marker). */
  reserveMarker(): number {
    this.host.drainInbox(this);
    const process = this.process;
    if (process.get(PCB_MESSAGE_FIRST) === 0) return UNDEFINED;
    const id = (process.get(PCB_MARKER_ID) + 1) & MARKER_ID_MASK || 1;
    process.set(PCB_MARKER_ID, id);
    process.set(PCB_MARKER_FRAGMENT, process.get(PCB_MESSAGE_LAST));
    process.set(PCB_MARKER_STATE, MARKER_RESERVED);
    return makeSmall(id);
  }

  /** recv_marker_bind: ties the reserved marker to `ref`, or clears it when `ref` is not a local ref. */
  bindMarker(marker: number, ref: number): void {
    const process = this.process;
    if (!this.isReservedMarker(marker)) return;
    const words = this.arena.fixedI32;
    const arity = localRefArity(words, ref);
    if (arity === 0) {
      process.set(PCB_MARKER_STATE, MARKER_NONE);
      return;
    }
    const at = pointerIndex(ref);
    for (let i = 0; i < arity; i++) process.set(PCB_MARKER_REF + i, words[at + 1 + i]);
    process.set(PCB_MARKER_STATE, arity);
  }

  /** recv_marker_use: the receive that follows starts after the marker bound to `ref`, if it is still there. */
  useMarker(ref: number): void {
    if (this.isBoundMarker(ref)) this.process.set(PCB_MESSAGE_SAVE, this.process.get(PCB_MARKER_FRAGMENT));
  }

  /** recv_marker_clear: frees the marker bound to `ref` (or still reserved as `ref`). */
  clearMarker(ref: number): void {
    if (this.isBoundMarker(ref) || this.isReservedMarker(ref)) this.process.set(PCB_MARKER_STATE, MARKER_NONE);
  }

  /** recv_mark (OTP 21-23 code): a marker at the end of the queue, for the next recv_set. */
  markOld(): void {
    this.host.drainInbox(this);
    const process = this.process;
    if (process.get(PCB_MARKER_STATE) === MARKER_OLD) process.set(PCB_MARKER_STATE, MARKER_NONE);
    if (process.get(PCB_MESSAGE_FIRST) === 0) return;
    process.set(PCB_MARKER_FRAGMENT, process.get(PCB_MESSAGE_LAST));
    process.set(PCB_MARKER_STATE, MARKER_OLD);
  }

  /** recv_set: the receive that follows starts after recv_mark's marker, if it is still there. */
  useOldMarker(): void {
    if (this.process.get(PCB_MARKER_STATE) === MARKER_OLD) this.process.set(PCB_MESSAGE_SAVE, this.process.get(PCB_MARKER_FRAGMENT));
  }

  private isReservedMarker(marker: number): boolean {
    const process = this.process;
    return process.get(PCB_MARKER_STATE) === MARKER_RESERVED && isSmall(marker) && smallValue(marker) === process.get(PCB_MARKER_ID);
  }

  private isBoundMarker(ref: number): boolean {
    const process = this.process;
    const arity = process.get(PCB_MARKER_STATE);
    if (arity <= 0) return false;
    const words = this.arena.fixedI32;
    if (localRefArity(words, ref) !== arity) return false;
    const at = pointerIndex(ref);
    for (let i = 0; i < arity; i++) if (words[at + 1 + i] !== process.get(PCB_MARKER_REF + i)) return false;
    return true;
  }

  /** Keeps a fragment alive (its terms are referenced) until the next collection. */
  attachFragment(fragment: number): void {
    const process = this.process;
    const words = this.arena.fixedI32;
    words[fragment + FRAGMENT_NEXT] = process.get(PCB_ATTACHED_FRAGMENTS);
    process.set(PCB_ATTACHED_FRAGMENTS, fragment);
    process.set(PCB_ATTACHED_WORDS, process.get(PCB_ATTACHED_WORDS) + words[fragment + FRAGMENT_WORDS]);
  }

  /** Appends a fragment to the private queue (the owner only). */
  appendMessage(fragment: number): void {
    const process = this.process;
    const words = this.arena.fixedI32;
    words[fragment + FRAGMENT_NEXT] = 0;
    const last = process.get(PCB_MESSAGE_LAST);
    if (last === 0) process.set(PCB_MESSAGE_FIRST, fragment);
    else words[last + FRAGMENT_NEXT] = fragment;
    process.set(PCB_MESSAGE_LAST, fragment);
    process.set(PCB_MESSAGE_COUNT, process.get(PCB_MESSAGE_COUNT) + 1);
  }

  get timedOutFlag(): number {
    return this.process.get(PCB_FLAGS) & PROCESS_FLAG_TIMED_OUT;
  }
}
