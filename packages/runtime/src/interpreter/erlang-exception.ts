/**
 * An Erlang exception on its way to the nearest catch: class and reason are term words
 * (the reason may live on the process heap, so it is only valid until the next GC;
 * the interpreter stores both in the PCB's exception fields, which are GC roots, before
 * it allocates the stack trace).
 */
export class ErlangException {
  /** The function the top stack frame names instead of the faulting pc (a BIF, or an undef callee). */
  topModule = 0;
  topFunction = 0;
  /** error/2,3's Args: shown in the raising function's own frame instead of its arity. */
  currentFrameArgs: readonly number[] | undefined = undefined;
  /** error/3's {error_info, Term} option: Term, added to that frame's location (0: none). */
  errorInfo = 0;
  constructor(
    /** Atom word: error, exit or throw. */
    readonly classWord: number,
    readonly reason: number,
    /** A stack trace term to reuse (erlang:raise/3, raw_raise), or 0 to build one. */
    readonly stackTrace: number = 0,
    /** Arguments shown in the top frame (a BIF's, function_clause's, undef's). */
    public args: readonly number[] | undefined = undefined,
  ) {}

  /** Names the top frame {Module, Function, Args}. */
  withTop(moduleAtom: number, functionAtom: number, args: readonly number[]): this {
    this.topModule = moduleAtom;
    this.topFunction = functionAtom;
    this.args = args;
    return this;
  }
}

/**
 * A BIF or instruction needs `words` more heap than is free. The interpreter collects
 * garbage with the instruction's live registers as roots and runs it again, which is why
 * data BIFs must not change anything before they have allocated.
 */
export class HeapNeeded {
  constructor(readonly words: number) {}
}

/**
 * A BIF that needs the scheduler (code loading, a wait): the interpreter ends the slice
 * with SLICE_TRAPPED and `context.trap = trap`; the scheduler resumes the process after
 * the call with the BIF's result in x0.
 */
export class BifTrap {
  constructor(readonly trap: { kind: string; [key: string]: unknown }) {}
}
