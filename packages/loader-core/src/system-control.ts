/**
 * The system-control contract: what a loading strategy may ask of the system it runs in.
 * The runtime implements it for real (scheduler threads, safe points, Atomics.wait); the
 * testkit implements it with simulated schedulers driven step by step.
 *
 * Everything that WAITS is a `Wait` the strategy yields from its generator: the system
 * suspends the calling PROCESS (its scheduler goes on running other processes) and
 * resumes the generator once the wait is satisfied, passing the answer as the value of
 * the `yield` expression. Everything that returns at once is a method of `SystemControl`.
 */
export type Wait =
  /** Until the calling process holds the code-write permission (one writer at a time, FIFO). */
  | { readonly kind: 'permission' }
  /**
   * Until every other scheduler is parked at a safe point. The caller's own scheduler
   * then runs only the caller until `releaseSystem()`. However long another scheduler's
   * slice, GC or BIF takes, the wait lasts that long: that is the cost being measured.
   */
  | { readonly kind: 'block-system' }
  /** Until every scheduler has passed a safe point after `threadProgressStamp()` returned `after` (sleeping ones count as passed). */
  | { readonly kind: 'thread-progress'; readonly after: number }
  /** Until the caller's next turn: lets its scheduler serve other processes between slices of prepare work. */
  | { readonly kind: 'prepare-slice' }
  /**
   * Until every process has been checked for references into the instance's code area
   * (program counter, return addresses, catch tags, funs whose code is there).
   * `hard`: each such process is killed, and the wait ends only once they have all
   * terminated. Answer: `CheckProcessCodeAnswer`.
   */
  | { readonly kind: 'check-process-code'; readonly instance: number; readonly mode: 'soft' | 'hard' }
  /**
   * Until no process references the instance's literal blocks any more: each process
   * that does copies those terms into its own heap (OTP's copy_literals / literal GC).
   */
  | { readonly kind: 'copy-literals'; readonly instance: number }
  /**
   * Until the module's on_load function (code address `entry`) has run in a fresh
   * process, that can call the pending instance. Answer: `OnLoadAnswer`.
   */
  | { readonly kind: 'run-on-load'; readonly module: string; readonly entry: number };

export interface CheckProcessCodeAnswer {
  /** Processes that referenced the code (all killed and gone when mode was `hard`). */
  readonly lingering: number;
}

export interface OnLoadAnswer {
  /** True when the on_load function returned `ok`. */
  readonly ok: boolean;
  /** What it returned or raised instead, printed, for the error report. */
  readonly detail?: string;
}

/** What `yield` evaluates to inside a strategy generator: the answer to the last Wait. */
export type WaitAnswer = CheckProcessCodeAnswer | OnLoadAnswer | undefined;

export interface SystemControl {
  /** Number of scheduler threads. */
  readonly schedulerCount: number;
  /** The scheduler running the calling process (0-based). */
  currentScheduler(): number;
  /** Thread-progress stamp of now: pass it to a later `{ kind: 'thread-progress', after }`. */
  threadProgressStamp(): number;
  /** True when the calling process holds the code-write permission. */
  holdsPermission(): boolean;
  releasePermission(): void;
  /** True when the calling process has blocked the system (and not yet released it). */
  holdsSystemBlock(): boolean;
  releaseSystem(): void;
}
