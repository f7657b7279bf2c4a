/**
 * The process control block (PCB): one fixed-size record per process slot in the
 * runtime's shared memory (see shared/runtime-memory.ts), so that any scheduler thread
 * can run, wake or signal any process.
 *
 * ## Who writes what
 * - The scheduler that is running a process owns every field except PCB_STATE and
 *   PCB_INBOX: those two are the only ones other threads touch, always with Atomics.
 * - Everything else another process wants (a message, an exit, a link, a monitor) is a
 *   *signal*: a fragment pushed onto PCB_INBOX with a CAS. The owner drains the inbox
 *   (in order per sender) when it runs. So links, monitors, the dictionary and the
 *   heap are private to whichever thread runs the process: no locks on them.
 *
 * ## The contract with the interpreter (`executeSlice(context, budget)`)
 * The scheduler hands the interpreter a `ProcessContext` (process-context.ts) bound to one
 * process. Its JS fields cache the hot PCB fields for the length of one slice:
 *
 *   context.words       Int32Array over the whole arena (length-tracking: sees growth)
 *   context.x           Int32Array(X_REGISTERS): x registers, x0..x(arity-1) restored
 *   context.arity       live x registers on entry (saved by the previous slice)
 *   context.pc          code word index to resume at (PCB_PC)
 *   context.heapTop     next free heap word (heap grows up from heapStart)
 *   context.stackTop    lowest used stack word (the stack grows down from heapEnd);
 *                       the free space is [heapTop, stackTop)
 *   context.heapStart / context.heapEnd: the heap+stack block bounds
 *   context.process     the Process accessor below (for the cold fields)
 *
 * Allocation: `context.ensureHeap(words, liveX)` guarantees `stackTop - heapTop >= words`,
 * collecting garbage first if needed (roots: x0..x(liveX-1), the stack, the PCB's term
 * fields and the attached message fragments) and growing or shrinking the block; after it
 * returns, re-read heapTop/stackTop/heapStart/heapEnd and every register and y slot (terms
 * moved). In GC-torture mode it collects at every call. Every word in [heapStart, heapTop)
 * must belong to a well-formed cons cell or boxed object (write what you allocate before
 * anything can throw): the collector walks that range to release dead refc binaries.
 * The collection is a minor one unless a major one is due (old-generation.ts): it does
 * not scan the old generation, so never write a term into an object built before the
 * last collection (it may have been promoted): as in ERTS, destructive updates only on
 * freshly built terms (set_tuple_element after setelement/3; raw words such as a match
 * context's offset are fine).
 * Stack words whose primary tag is
 * 00 (header-like) are return addresses or other non-terms: the GC skips them. So a
 * continuation pointer on the stack must be stored as `codeWordIndex << 2` (tag 00), and
 * catch tags as IMMEDIATE2_CATCH immediates.
 *
 * Mailbox (see mailbox.ts for the fragment layout), for loop_rec / loop_rec_end /
 * remove_message / wait / wait_timeout / timeout and the receive markers:
 *
 *   context.peekMessage()      message at the receive cursor, or THE_NON_VALUE when the
 *                              cursor is past the last message (drains the inbox first)
 *   context.nextMessage()      loop_rec_end: advance the cursor
 *   context.removeMessage()    remove_message: unlink the message at the cursor, keep its
 *                              fragment alive until the next GC (the message and terms
 *                              bound from it stay valid), reset the cursor to the first
 *                              message, cancel the receive timer
 *   context.timeoutReceive()   timeout: reset the cursor, clear the timed-out flag
 *   context.receiveTimedOut()  wait_timeout: true when the receive timer already fired
 *   context.reserveMarker() -> marker term; context.bindMarker(marker, ref);
 *   context.useMarker(ref); context.clearMarker(refOrMarker): the OTP 24+
 *                              recv_marker_* instructions (a marker remembers the end of
 *                              the queue before a ref was made, so a receive that matches
 *                              the ref starts after the older messages, which cannot hold
 *                              it); context.markOld() / context.useOldMarker(): recv_mark
 *                              / recv_set of OTP 21-23 code.
 *
 * The slice ends by returning a SLICE_* code:
 *   SLICE_YIELDED  budget spent: context.pc and context.arity say where to resume
 *   SLICE_WAITING  in receive with no matching message: context.pc is the loop_rec to
 *                  re-run on wake-up; context.waitTimeout is -1 (infinity) or ms
 *   SLICE_EXITED   context.exitReason holds the reason term (normal or not)
 *   SLICE_TRAPPED  context.trap says what the scheduler must do before resuming at
 *                  context.pc (e.g. drive a code-loading generator, send to wake someone)
 *
 * ## Process states (PCB_STATE, atomic)
 *   FREE -> RUNNABLE (spawn, in a run queue) -> RUNNING (on a scheduler)
 *   RUNNING -> RUNNABLE (yielded), WAITING (receive / suspended), EXITED (then FREE)
 *   WAITING -> RUNNABLE (a signal or a timer woke it)
 * A waker that finds RUNNING sets STATE_WAKE_PENDING instead; the scheduler, when it
 * tries RUNNING -> WAITING, sees the bit and requeues instead, so no wake-up is lost.
 */

import {
  IMMEDIATE1_MASK,
  IMMEDIATE1_PID,
  IMMEDIATE1_SIZE,
  NIL,
} from '@beamload/terms';

// ---- PCB layout (Int32 words from the process's base in the process table) ----
/** Atomic: STATE_* | STATE_WAKE_PENDING. */
export const PCB_STATE = 0;
/** Atomic: word index (arena) of the most recently pushed incoming fragment, 0 = none. */
export const PCB_INBOX = 1;
/** Bumped every time the slot is reused; part of the pid so stale pids miss. */
export const PCB_SERIAL = 2;
/** The pid word of the process living in this slot (0 when free). */
export const PCB_PID = 3;
/** PRIORITY_HIGH or PRIORITY_NORMAL (shared/runtime-memory.ts). */
export const PCB_PRIORITY = 4;
/** PROCESS_FLAG_* bits. */
export const PCB_FLAGS = 5;
/** Heap+stack block in the arena: start (word index), heap top, stack top, end. */
export const PCB_HEAP_START = 6;
export const PCB_HEAP_TOP = 7;
export const PCB_STACK_TOP = 8;
export const PCB_HEAP_END = 9;
/** Words the heap may shrink to (spawn_opt min_heap_size). */
export const PCB_MIN_HEAP_SIZE = 10;
export const PCB_GC_COUNT = 11;
/** Reductions executed, total (two words, low first). */
export const PCB_REDUCTIONS_LOW = 12;
export const PCB_REDUCTIONS_HIGH = 13;
/** Code word index to resume at. */
export const PCB_PC = 14;
/** Live x registers saved in the PCB_SAVED_X block. */
export const PCB_ARITY = 15;
/** Arena block holding saved x registers (word index, 0 = none) and its capacity. */
export const PCB_SAVED_X = 16;
export const PCB_SAVED_X_CAPACITY = 17;
/** Current function (atoms and arity) for process_info and crash reports. */
export const PCB_CURRENT_MODULE = 18;
export const PCB_CURRENT_FUNCTION = 19;
export const PCB_CURRENT_ARITY = 20;
/** Private message queue (FIFO of fragments, owned by the running thread). */
export const PCB_MESSAGE_FIRST = 21;
export const PCB_MESSAGE_LAST = 22;
/** The fragment before the receive cursor (0: the cursor is at the first message). */
export const PCB_MESSAGE_SAVE = 23;
export const PCB_MESSAGE_COUNT = 24;
/**
 * The receive marker (one per process; see process-context.ts for the semantics):
 * PCB_MARKER_FRAGMENT is the fragment that was last in the queue when the marker was
 * reserved (0: the first message; kept valid when that message is removed),
 * PCB_MARKER_ID the id of the latest reserve (a per-process counter), PCB_MARKER_STATE
 * MARKER_NONE / MARKER_RESERVED / MARKER_OLD, or N > 0: bound to the local ref whose N
 * ref number words (at most PCB_MARKER_REF_WORDS) are at PCB_MARKER_REF.
 */
export const PCB_MARKER_FRAGMENT = 25;
export const PCB_MARKER_ID = 26;
/** Removed-message fragments still referenced from the heap until the next GC (a list). */
export const PCB_ATTACHED_FRAGMENTS = 27;
export const PCB_ATTACHED_WORDS = 28;
/** Active receive timer slot + 1 (0 = none). */
export const PCB_RECEIVE_TIMER = 29;
/** Links and monitors: arena blocks of entries (see links.ts), count and capacity. */
export const PCB_LINKS = 30;
export const PCB_LINK_COUNT = 31;
export const PCB_LINK_CAPACITY = 32;
export const PCB_MONITORS = 33;
export const PCB_MONITOR_COUNT = 34;
export const PCB_MONITOR_CAPACITY = 35;
/** Registered name (atom word) or NIL. */
export const PCB_REGISTERED_NAME = 36;
/** Process dictionary: a heap list of {Key, Value} tuples (GC root), NIL when empty. */
export const PCB_DICTIONARY = 37;
/** Pending exit reason from a signal (term word in an attached fragment, GC root), or 0. */
export const PCB_PENDING_EXIT = 38;
/** Exception state the interpreter keeps across a trap (GC roots). */
export const PCB_EXCEPTION_CLASS = 39;
export const PCB_EXCEPTION_REASON = 40;
export const PCB_EXCEPTION_TRACE = 41;
/** Scheduler that last ran the process (its run queue gets the process on wake-up). */
export const PCB_SCHEDULER = 42;
/** Group leader pid word (NIL when none). */
export const PCB_GROUP_LEADER = 43;
/** Pid word of the spawning process (process_info parent; NIL for the host). */
export const PCB_PARENT = 44;
/** Monotonic ms when the process was spawned (low 31 bits; diagnostics). */
export const PCB_SPAWNED_AT = 45;
/** Host call id awaiting this process's result (0 = not a host call). */
export const PCB_HOST_CALL = 46;
/** Atomic: id of the receive timer that fired (set by the timer's thread); compared with PCB_RECEIVE_TIMER. */
export const PCB_RECEIVE_TIMER_FIRED = 47;
/** Reserved for the interpreter (words it needs to keep across slices). */
export const PCB_INTERPRETER_0 = 48;
export const PCB_INTERPRETER_WORDS = 8;
/**
 * Copy-literals request (atomic): a code instance header whose literal blocks a purge is
 * about to free. The process copies whatever it references there into its heap at its
 * next slice, then stores 0 (the purger waits for that).
 */
export const PCB_COPY_LITERALS = 56;
/**
 * Code-check request (atomic): a code instance header a purger asks about. A process that
 * is always on a scheduler cannot be read from outside, so it answers itself at its next
 * slice: PCB_CODE_CHECK_ANSWER becomes CODE_CHECK_YES or CODE_CHECK_NO, the request 0.
 */
export const PCB_CODE_CHECK_REQUEST = 57;
export const PCB_CODE_CHECK_ANSWER = 58;
export const CODE_CHECK_PENDING = 0;
export const CODE_CHECK_NO = 1;
export const CODE_CHECK_YES = 2;
/** Receive marker state and the bound ref's numbers (see PCB_MARKER_FRAGMENT). */
export const PCB_MARKER_STATE = 59;
export const PCB_MARKER_REF = 60;
export const PCB_MARKER_REF_WORDS = 3;
/**
 * Messages loop_rec has looked at, in every receive of the process (wraps at 2^32).
 * beamload-specific: process_info(self(), beamload_messages_examined) reads it, so that a
 * test can see what the receive markers save.
 */
export const PCB_MESSAGES_EXAMINED = 63;
/**
 * The old generation (gc.ts, old-generation.ts): an arena block holding the data that
 * survived two collections, promoted there by minor collections. Start 0 = none yet.
 * Data on it never points into the young heap or the attached fragments (terms are
 * immutable and only point to older terms), so a minor collection need not scan it.
 */
export const PCB_OLD_HEAP_START = 64;
export const PCB_OLD_HEAP_TOP = 65;
export const PCB_OLD_HEAP_END = 66;
/**
 * The young heap's high-water mark, as words from PCB_HEAP_START: the data below it
 * survived one collection already, and the next minor collection promotes what of it is
 * live to the old generation. 0 after spawn.
 */
export const PCB_MATURE_WORDS = 67;
/** Minor collections since the last major (fullsweep) one. */
export const PCB_MINOR_GCS = 68;
/** spawn_opt fullsweep_after: a major collection after this many minor ones (ERTS's default 65535). */
export const PCB_FULLSWEEP_AFTER = 69;
/**
 * 1 when the young heap may hold a refc binary: a HeapWriter over it made or copied one
 * (buildWithWriter), spawn copied the arguments into it, or the last collection left one
 * there. 0 lets a collection skip walking the young heap for the refc binaries it must
 * release when they die (that walk was most of a collection of a heap without any).
 */
export const PCB_YOUNG_REFC_BINARIES = 70;
/**
 * Active aliases the process owns in the alias table (system/aliases.ts); its exit removes
 * them, scanning the table only when this is non-zero. Changed with Atomics: a send
 * through a reply-mode alias removes it from the sender's thread.
 */
export const PCB_ALIAS_COUNT = 71;
/** Words per PCB. */
export const PCB_WORDS = 72;

/** ERTS's default fullsweep_after. */
export const DEFAULT_FULLSWEEP_AFTER = 65535;

// ---- PCB_MARKER_STATE values (a positive value is the arity of the bound ref) ----
export const MARKER_NONE = 0;
/** recv_marker_reserve made it; recv_marker_bind has not tied it to a ref yet. */
export const MARKER_RESERVED = -1;
/** recv_mark (OTP 21-23 code) made it; recv_set uses it; any receive's end clears it. */
export const MARKER_OLD = -2;

// ---- PCB_STATE values ----
export const STATE_FREE = 0;
export const STATE_RUNNABLE = 1;
export const STATE_RUNNING = 2;
export const STATE_WAITING = 3;
export const STATE_EXITED = 4;
/** Set by a waker that found the process RUNNING. */
export const STATE_WAKE_PENDING = 0x100;
export const STATE_MASK = 0xff;

// ---- PCB_FLAGS bits ----
export const PROCESS_FLAG_TRAP_EXIT = 0x1;
/** The receive timer fired; cleared by timeout/remove_message. */
export const PROCESS_FLAG_TIMED_OUT = 0x2;
/** Suspended by the system (code-write permission, thread progress), not by receive. */
export const PROCESS_FLAG_SUSPENDED = 0x4;
/** Set when the process holds the code-write permission. */
export const PROCESS_FLAG_CODE_PERMISSION = 0x8;

// ---- slice outcomes ----
export const SLICE_YIELDED = 0;
export const SLICE_WAITING = 1;
export const SLICE_EXITED = 2;
export const SLICE_TRAPPED = 3;
export type SliceOutcome = typeof SLICE_YIELDED | typeof SLICE_WAITING | typeof SLICE_EXITED | typeof SLICE_TRAPPED;

/** The BEAM's reduction budget per slice. */
export const REDUCTIONS_PER_SLICE = 4000;
/** x registers per scheduler (the BEAM has 1024). */
export const X_REGISTERS = 1024;

// ---- pids ----
/**
 * A local pid is an immediate whose value is serial << 15 | number (terms'
 * term/pid-port-ref.ts, printed <0.number.serial>); the runtime uses the process slot as
 * the number, so a pid finds its PCB with no lookup, and the slot's serial tells a
 * stale pid from the process now living in the slot.
 */
export const PID_SLOT_BITS = 15;
export const PID_SERIAL_BITS = 13;
export const MAX_PROCESSES = 2 ** PID_SLOT_BITS;

export function makePid(slot: number, serial: number): number {
  return ((((serial << PID_SLOT_BITS) | slot) << IMMEDIATE1_SIZE) | IMMEDIATE1_PID) | 0;
}
export function isPid(word: number): boolean {
  return (word & IMMEDIATE1_MASK) === IMMEDIATE1_PID;
}
export function pidSlot(pid: number): number {
  return (pid >>> IMMEDIATE1_SIZE) & (MAX_PROCESSES - 1);
}
export function pidSerial(pid: number): number {
  return pid >>> (IMMEDIATE1_SIZE + PID_SLOT_BITS);
}
export const SERIAL_MASK = 2 ** PID_SERIAL_BITS - 1;

/**
 * Accessor for one PCB. Cheap to create; holds only the memory view and the base index.
 * Fields the interpreter touches per instruction are cached in ProcessContext instead.
 */
export class Process {
  constructor(
    readonly memory: Int32Array,
    readonly base: number,
    readonly slot: number,
  ) {}

  get state(): number {
    return Atomics.load(this.memory, this.base + PCB_STATE);
  }
  get pid(): number {
    return this.memory[this.base + PCB_PID];
  }
  get serial(): number {
    return this.memory[this.base + PCB_SERIAL];
  }
  get priority(): number {
    return this.memory[this.base + PCB_PRIORITY];
  }
  set priority(value: number) {
    this.memory[this.base + PCB_PRIORITY] = value;
  }
  get flags(): number {
    return this.memory[this.base + PCB_FLAGS];
  }
  set flags(value: number) {
    this.memory[this.base + PCB_FLAGS] = value;
  }
  hasFlag(flag: number): boolean {
    return (this.memory[this.base + PCB_FLAGS] & flag) !== 0;
  }
  setFlag(flag: number, on: boolean): void {
    const flags = this.memory[this.base + PCB_FLAGS];
    this.memory[this.base + PCB_FLAGS] = on ? flags | flag : flags & ~flag;
  }
  get trapExit(): boolean {
    return this.hasFlag(PROCESS_FLAG_TRAP_EXIT);
  }
  get(field: number): number {
    return this.memory[this.base + field];
  }
  set(field: number, value: number): void {
    this.memory[this.base + field] = value;
  }
  get registeredName(): number {
    return this.memory[this.base + PCB_REGISTERED_NAME];
  }
  get dictionary(): number {
    return this.memory[this.base + PCB_DICTIONARY];
  }
  set dictionary(value: number) {
    this.memory[this.base + PCB_DICTIONARY] = value;
  }
  /** The young heap block's words (heap and stack): process_info heap_size. */
  get heapSize(): number {
    return this.memory[this.base + PCB_HEAP_END] - this.memory[this.base + PCB_HEAP_START];
  }
  /** The old generation's block words (0 when there is none). */
  get oldHeapSize(): number {
    return this.memory[this.base + PCB_OLD_HEAP_END] - this.memory[this.base + PCB_OLD_HEAP_START];
  }
  get messageCount(): number {
    return this.memory[this.base + PCB_MESSAGE_COUNT];
  }
  get reductions(): number {
    return this.memory[this.base + PCB_REDUCTIONS_HIGH] * 2 ** 32 + (this.memory[this.base + PCB_REDUCTIONS_LOW] >>> 0);
  }
  addReductions(count: number): void {
    const low = (this.memory[this.base + PCB_REDUCTIONS_LOW] >>> 0) + count;
    if (low >= 2 ** 32) this.memory[this.base + PCB_REDUCTIONS_HIGH] += 1;
    this.memory[this.base + PCB_REDUCTIONS_LOW] = low | 0;
  }

  /** Clears every field but the serial and the atomics, for a fresh process in this slot. */
  reset(pid: number, priority: number, parent: number): void {
    const memory = this.memory;
    const base = this.base;
    for (let field = PCB_SERIAL + 1; field < PCB_WORDS; field++) memory[base + field] = 0;
    memory[base + PCB_PID] = pid;
    memory[base + PCB_PRIORITY] = priority;
    memory[base + PCB_REGISTERED_NAME] = NIL;
    memory[base + PCB_DICTIONARY] = NIL;
    memory[base + PCB_GROUP_LEADER] = NIL;
    memory[base + PCB_PARENT] = parent;
    memory[base + PCB_EXCEPTION_CLASS] = NIL;
    memory[base + PCB_EXCEPTION_REASON] = NIL;
    memory[base + PCB_EXCEPTION_TRACE] = NIL;
    memory[base + PCB_FULLSWEEP_AFTER] = DEFAULT_FULLSWEEP_AFTER;
  }
}
