import {
  ATOM_BADARITY,
  ATOM_BADKEY,
  ATOM_BADMAP,
  ATOM_BADFUN,
  ATOM_BADMATCH,
  ATOM_BADRECORD,
  ATOM_CASE_CLAUSE,
  ATOM_ERROR,
  ATOM_EXIT,
  ATOM_EXIT_CLASS,
  ATOM_FALSE,
  ATOM_FUNCTION_CLAUSE,
  ATOM_IF_CLAUSE,
  ATOM_INFINITY,
  ATOM_NOCATCH,
  ATOM_THROW,
  ATOM_TRUE,
  ATOM_TRY_CLAUSE,
  ATOM_UNDEF,
  HEADER_EXPORT,
  HEADER_FUN,
  HEADER_TAG_MASK,
  HEADER_TUPLE,
  IMMEDIATE2_CATCH,
  IMMEDIATE2_MASK,
  IMMEDIATE2_SIZE,
  THE_NON_VALUE,
  NIL,
  headerArity,
  isBoxed,
  isAtom,
  isList,
  isSmall,
  makeAtom,
  makeBoxed,
  makeHeader,
  makeList,
  makeSmall,
  pointerIndex,
  smallValue,
} from '@beamload/terms';
import { BsMatchCommand, UpdateRecordMode, EXPORT_ADDRESS, EXPORT_BIF, EXPORT_FUNCTION, EXPORT_MODULE, FUN_ADDRESS, FUN_ARITY, FUN_FREE_COUNT, FUN_INDEX, FUN_MODULE, FUN_OLD_UNIQ } from '@beamload/loader-core';
import {
  PCB_EXCEPTION_CLASS,
  PCB_EXCEPTION_REASON,
  PCB_EXCEPTION_TRACE,
  PCB_CURRENT_ARITY,
  PCB_CURRENT_FUNCTION,
  PCB_CURRENT_MODULE,
  PCB_INTERPRETER_0,
  PCB_PID,
  SLICE_EXITED,
  SLICE_TRAPPED,
  SLICE_WAITING,
  SLICE_YIELDED,
  type SliceOutcome,
} from '../process/process.js';
import type { ProcessContext } from '../process/process-context.js';
import type { Arena } from '@beamload/terms';
import type { BifCall } from '../bifs/bif.js';
import { BifTrap, ErlangException, HeapNeeded } from './erlang-exception.js';
import { allocate, floatValue, isFloatTerm, makeFloat, makeTuple, numberAsFloat, isNumberTerm, makeList_ } from './heap.js';
import type { InterpreterSystem } from './system.js';
import { buildStackTrace } from './stack-trace.js';
import { termTests } from './term-tests.js';
import { termCompare, termEquals, termExactEquals } from './term-order.js';
import { FUN_LAYOUT } from './fun-layout.js';
import { isMapTerm, mapGet, updateMap } from './map-ops.js';
import {
  BitWriter,
  MATCH_CONTEXT_WORDS,
  SUB_BINARY_OBJECT_WORDS,
  advanceContext,
  bitsOf,
  contextBitAddress,
  contextOffset,
  contextRemaining,
  decodeCodePoint,
  encodeCodePoint,
  finishBitstring,
  isBitstring,
  isMatchContext,
  makeSubBinaryTerm,
  newMatchContext,
  readBitsAsBytes,
  readIntegerSegment,
  setContextPosition,
  bitstringWords,
  copyBitsInto,
  newBitstring,
} from './binary-ops.js';
import { binaryDataByte } from '@beamload/terms';
import { integerBigValue, integerWords, isIntegerTerm, makeInteger } from './heap.js';

/** bs_create_bin segment types (loader-core operand-words.ts BinarySegment). */
const SEGMENT_INTEGER = 0;
const SEGMENT_FLOAT = 1;
const SEGMENT_BINARY = 2;
const SEGMENT_UTF8 = 3;
const SEGMENT_UTF16 = 4;
const SEGMENT_UTF32 = 5;
const SEGMENT_STRING = 6;
const SEGMENT_APPEND = 7;
const SEGMENT_PRIVATE_APPEND = 8;

/** bs_match command codes (loader-core operand-words.ts), as constants for the switch. */
const BSM_ENSURE_AT_LEAST = BsMatchCommand.ensure_at_least;
const BSM_ENSURE_EXACTLY = BsMatchCommand.ensure_exactly;
const BSM_INTEGER = BsMatchCommand.integer;
const BSM_BINARY = BsMatchCommand.binary;
const BSM_SKIP = BsMatchCommand.skip;
const BSM_GET_TAIL = BsMatchCommand.get_tail;
const BSM_EQUAL = BsMatchCommand.equal;
const UPDATE_RECORD_REUSE = UpdateRecordMode.reuse;

/** IEEE half precision to double. */
function float16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
import { ATOM_BADARG, ATOM_BADARITH, ATOM_NORMAL } from '@beamload/terms';

/** PCB word where the continuation pointer (the CP register) is kept between slices. */
export const PCB_CONTINUATION = PCB_INTERPRETER_0;

const ERROR = makeAtom(ATOM_ERROR);
const EXIT_CLASS = makeAtom(ATOM_EXIT_CLASS);
const THROW = makeAtom(ATOM_THROW);
const TRUE = makeAtom(ATOM_TRUE);
const FALSE = makeAtom(ATOM_FALSE);

/** Register words: index in bits 31..6, kind in bits 5..2 (loader-core operand-words.ts). */
const REGISTER_INDEX_SHIFT = 6;
const REGISTER_KIND_MASK = 0x3c;
const REGISTER_X = 0;

/**
 * A source operand's value: the term word itself, or the x or y register it names.
 * executeSlice passes its own local of the x registers (the captured `x` is a context
 * slot V8 loads and checks again at every access); its hottest instructions do the same
 * inline (see there).
 */
function readSource(word: number, x: Int32Array, w: Int32Array, context: ProcessContext): number {
  if ((word & 3) !== 0) return word;
  if ((word & REGISTER_KIND_MASK) === REGISTER_X) return x[word >>> REGISTER_INDEX_SHIFT];
  return w[context.stackTop + 1 + (word >>> REGISTER_INDEX_SHIFT)];
}

/** Writes `value` to the x or y register a destination operand names (see readSource). */
function writeDestination(word: number, value: number, x: Int32Array, w: Int32Array, context: ProcessContext): void {
  if ((word & REGISTER_KIND_MASK) === REGISTER_X) x[word >>> REGISTER_INDEX_SHIFT] = value;
  else w[context.stackTop + 1 + (word >>> REGISTER_INDEX_SHIFT)] = value;
}

/** Words of a fun on the heap besides its free variables. */
const { FIXED_WORDS: FUN_FIXED_WORDS } = FUN_LAYOUT;

/** Catch tags carry the handler's code address: word >>> 6. */
function makeCatch(address: number): number {
  return ((address << IMMEDIATE2_SIZE) | IMMEDIATE2_CATCH) | 0;
}
function isCatch(word: number): boolean {
  return (word & IMMEDIATE2_MASK) === IMMEDIATE2_CATCH;
}

/** An instruction the interpreter does not execute yet (binaries, maps): a clear internal error. */
export class UnsupportedInstruction extends Error {}

/** Runs one slice of the bound process: see createInterpreter. */
export type SliceRunner = (context: ProcessContext, budget: number) => SliceOutcome;

/**
 * The interpreter of one thread for `system`. Its helpers (operand access, BIF calls,
 * raise...) are closures made once here, not once per slice: a slice that made fresh
 * closures gave every call site a new target, and V8 threw its optimized code away
 * ("wrong call target") again and again, each scheduler thread on its own. The state of
 * the running slice lives in the variables below, set when a slice starts.
 *
 * A slice executes the bound process for at most `budget` reductions (one reduction per
 * call, as the BEAM counts). See process.ts for the contract with the scheduler.
 *
 * Return: when a function returns to continuation 0, the process is done: its result is
 * in x0 and the slice ends with SLICE_EXITED, reason `normal`.
 */
export function createInterpreter(system: InterpreterSystem): SliceRunner {
  let context: ProcessContext = undefined as unknown as ProcessContext;
  let budget = 0;
  const bifCall: { context: ProcessContext; system: InterpreterSystem } = { context, system };
  /** Where a trapping BIF's caller resumes, and the live registers after an apply or fun call. */
  let trapReturn = 0;
  let applyArity = 0;
  let enteredLive = 0;
  /**
   * The error_handler address the last call to a function without code was sent to
   * (undefinedFunction): a yield right at that call keeps x0..x2 (Module, Function, Args)
   * live, whatever the original call's arity.
   */
  let handlerEntered = -1;
  /** usableFunEntry's fun entries known to be live, as of code commit `funEntriesCheckedAt`. */
  const usableFunEntries = new Set<number>();
  let funEntriesCheckedAt = -1;
  /** Set by applyBif: it entered Erlang code, so the caller's return address becomes cp. */
  let appliedIntoCode = false;
  /** Set by raise when a catch takes the exception: where the handler resumes. */
  let caughtPc = 0;
  let caughtCp = 0;
  let x: Int32Array = new Int32Array(0);
  let fr: Float64Array = new Float64Array(0);
  // Fixed-length views are ~13x faster than the arena's length-tracking ones (terms'
  // arena.ts); `refresh` re-fetches after anything that may have grown the arena.
  let arena: Arena = undefined as unknown as Arena;
  let w: Int32Array = new Int32Array(0);
  const refresh = (): void => {
    w = arena.fixedI32;
  };

  // Operand access for the helpers and the second switch; executeSlice's loop calls
  // readSource/writeDestination with its local of the x registers.
  const src = (word: number): number => readSource(word, x, w, context);
  const dst = (word: number, value: number): void => writeDestination(word, value, x, w, context);
  // pc, cp and reductions are passed in, never captured: a variable any closure captures
  // lives in a heap context object, and these three are read and written by every
  // instruction.
  const end = (outcome: SliceOutcome, arity: number, pc: number, cp: number, reductions: number): SliceOutcome => {
    context.pc = pc;
    context.arity = arity;
    context.process.set(PCB_CONTINUATION, cp);
    context.reductionsUsed = budget - reductions;
    return outcome;
  };
  const gc = (words: number, live: number): void => {
    context.ensureHeap(words, live);
    refresh();
  };
  /** Runs a BIF; when it needs heap, collects (x0..x(live-1) survive) and runs it again. */
  const runBif = (bif: number, readArgs: () => number[], live: number): number => {
    const definition = system.bifs.definition(bif);
    for (;;) {
      const args = readArgs();
      try {
        const result = definition.run(bifCall, args);
        refresh();
        return result;
      } catch (problem) {
        refresh();
        if (!(problem instanceof HeapNeeded)) {
          if (problem instanceof ErlangException && problem.topModule === 0 && problem.args !== undefined) {
            problem.withTop(system.atom(definition.module), system.atom(definition.name), problem.args);
          }
          throw problem;
        }
        gc(problem.words, live);
      }
    }
  };
  const xArgs = (arity: number) => (): number[] => {
    const args = new Array<number>(arity);
    for (let i = 0; i < arity; i++) args[i] = x[i];
    return args;
  };
  const error = (reason: number): ErlangException => new ErlangException(ERROR, reason);
  /** The match context in a bs_match's Ctx operand; only broken code has anything else there. */
  const matchContextIn = (word: number): number => {
    const term = src(word);
    if (!isMatchContext(w, term)) throw error(makeAtom(ATOM_BADARG));
    return term;
  };
  /** error({Tag, Value}); the value is parked in x(live) while a GC may run. */
  const errorTuple = (tag: number, value: number, live: number): ErlangException => {
    if (context.stackTop - context.heapTop < 3) {
      x[live] = value;
      gc(3, live + 1);
      value = x[live];
    }
    return error(makeTuple(context, [makeAtom(tag), value]));
  };
  /**
   * Where a call through an export entry goes: a code address (> 0), or -1 - BIF number.
   * Throws undef (with the arguments x0..) when the function is not loaded.
   */
  const resolveExport = (entry: number, arity: number): number => {
    const address = Atomics.load(w, entry + EXPORT_ADDRESS + system.activeCodeIndex());
    if (address !== 0) {
      // Code loaded since the view was fetched may lie beyond it.
      if (address >= w.length) refresh();
      return address;
    }
    const bif = w[entry + EXPORT_BIF];
    if (bif >= 0) return -1 - bif;
    return undefinedFunction(entry, arity);
  };
  /**
   * A call to a function that has no code. As ERTS: when its module is not loaded and
   * error_handler:undefined_function/3 is, the call goes there instead, with x0..x2 =
   * Module, Function, [Args] (the handler asks the code server to load the module from
   * the code path, then retries or raises undef). Otherwise (the module is loaded and
   * lacks the function, or there is no handler) error:undef at once, naming {M, F, Args}.
   */
  const undefinedFunction = (entry: number, arity: number): number => {
    const module = w[entry + EXPORT_MODULE];
    const handler = system.currentModule(system.atomName(module)) === undefined ? errorHandlerAddress() : 0;
    if (handler === 0) {
      const args: number[] = [];
      for (let i = 0; i < arity; i++) args.push(x[i]);
      throw new ErlangException(ERROR, makeAtom(ATOM_UNDEF)).withTop(module, w[entry + EXPORT_FUNCTION], args);
    }
    if (context.stackTop - context.heapTop < arity * 2) gc(arity * 2, arity);
    const args = makeList_(context, Array.from(x.subarray(0, arity)));
    refresh();
    x[0] = module;
    x[1] = w[entry + EXPORT_FUNCTION];
    x[2] = args;
    applyArity = 3;
    enteredLive = 3;
    handlerEntered = handler;
    return handler;
  };
  /** Code address of error_handler:undefined_function/3 in the active code index, 0 when it is not loaded. */
  const errorHandlerAddress = (): number => exportAddress(system.exportEntry('error_handler', 'undefined_function', 3));
  let undefinedLambdaExport = 0;
  const undefinedLambdaEntry = (): number => (undefinedLambdaExport ||= system.exportEntry('error_handler', 'undefined_lambda', 3));
  /** Code address of an export entry in the active code index, 0 when it has no code. */
  const exportAddress = (entry: number): number => {
    const address = Atomics.load(w, entry + EXPORT_ADDRESS + system.activeCodeIndex());
    if (address >= w.length) refresh();
    return address;
  };
  /** Live x registers at a call's target: the call's arity, 1 after a BIF (its result), 3 at the error_handler. */
  const liveAt = (target: number, arity: number): number => (target <= 0 ? 1 : target === handlerEntered ? 3 : arity);
  /** Calls a BIF as a function (call_bif*): result in x0. */
  const callBifAsFunction = (bif: number, arity: number): void => {
    x[0] = runBif(bif, xArgs(arity), arity);
  };
  /**
   * Sets up a call of the fun in `fun` with `arity` arguments in x0..: returns the code
   * address, or -1 - BIF number for an export fun of a BIF.
   */
  const enterFun = (fun: number, arity: number): number => {
    if (isBoxed(fun)) {
      const at = pointerIndex(fun);
      const header = w[at];
      const tag = header & HEADER_TAG_MASK;
      if (tag === HEADER_FUN) {
        if (w[at + FUN_LAYOUT.ARITY] !== arity) throw badarity(fun, arity);
        const entry = usableFunEntry(at);
        if (entry <= 0) return missingFun(fun, arity, entry);
        const free = w[entry + FUN_FREE_COUNT];
        for (let i = 0; i < free; i++) x[arity + i] = w[at + FUN_FIXED_WORDS + i];
        enteredLive = arity + free;
        return w[entry + FUN_ADDRESS];
      }
      if (tag === HEADER_EXPORT) {
        const funArity = smallValue(w[at + 3]);
        if (funArity !== arity) throw badarity(fun, arity);
        enteredLive = arity;
        const entry = system.exportEntry(system.atomName(w[at + 1]), system.atomName(w[at + 2]), arity);
        return resolveExport(entry, arity);
      }
    }
    throw errorTuple(ATOM_BADFUN, fun, arity);
  };
  /**
   * The fun entry to call a closure through (the closure at word `at`), checked against the
   * loaded code as ERTS's fun table would answer (system.liveFunEntry): the entry a closure
   * was made from lies in its module's code area, which a purge frees. Entries checked since
   * the last code commit are kept in `usableFunEntries` (a purge commits before it waits for
   * every scheduler to pass a safe point, and only then frees the code).
   */
  const usableFunEntry = (at: number): number => {
    const commits = system.codeCommits();
    if (commits !== funEntriesCheckedAt) {
      usableFunEntries.clear();
      funEntriesCheckedAt = commits;
    }
    const cached = w[at + FUN_LAYOUT.ENTRY];
    const module = w[at + FUN_LAYOUT.MODULE];
    const index = w[at + FUN_LAYOUT.INDEX];
    const oldUniq = w[at + FUN_LAYOUT.OLD_UNIQ];
    // The set says the entry is live; the fields say it is this closure's fun.
    if (cached !== 0 && usableFunEntries.has(cached) && w[cached + FUN_INDEX] === index && w[cached + FUN_OLD_UNIQ] === oldUniq && w[cached + FUN_MODULE] === module) {
      return cached;
    }
    const entry = system.liveFunEntry(module, index, oldUniq, cached);
    if (entry <= 0) return entry;
    if (entry >= w.length) refresh();
    usableFunEntries.add(entry);
    // A closure on this process's young heap remembers it (the word is raw: GC copies it as is).
    if (entry !== cached && at >= context.heapStart && at < context.heapTop) w[at + FUN_LAYOUT.ENTRY] = entry;
    return entry;
  };
  /**
   * A closure whose code is gone: `entry` 0, its module is loaded without that fun (error
   * {badfun, Fun}, as ERTS, which does not ask the error handler then); -1, its module is
   * not loaded: error_handler:undefined_lambda(Module, Fun, Args), which loads the module
   * and calls the fun again (or raises). Without that handler, badfun too.
   */
  const missingFun = (fun: number, arity: number, entry: number): number => {
    const handler = entry < 0 ? exportAddress(undefinedLambdaEntry()) : 0;
    if (handler === 0) throw errorTuple(ATOM_BADFUN, fun, arity);
    x[arity] = fun;
    if (context.stackTop - context.heapTop < arity * 2) gc(arity * 2, arity + 1);
    const args = makeList_(context, Array.from(x.subarray(0, arity)));
    refresh();
    const closure = x[arity];
    x[0] = w[pointerIndex(closure) + FUN_LAYOUT.MODULE];
    x[1] = closure;
    x[2] = args;
    enteredLive = 3;
    return handler;
  };
  const badarity = (fun: number, arity: number): ErlangException => {
    // {badarity, {Fun, Args}}
    const need = 3 + 3 + arity * 2;
    if (context.stackTop - context.heapTop < need) {
      x[arity] = fun;
      gc(need, arity + 1);
      fun = x[arity];
    }
    const args = makeList_(context, Array.from(x.subarray(0, arity)));
    return error(makeTuple(context, [makeAtom(ATOM_BADARITY), makeTuple(context, [fun, args])]));
  };
  /** apply(M, F, Args) with M, F, Args in x0..x2, or apply with Arity args then M, F. */
  const setupApply = (module: number, fn: number, arity: number): number => {
    if (!isAtomWord(module) || !isAtomWord(fn)) {
      throw new ErlangException(ERROR, makeAtom(ATOM_BADARG));
    }
    const entry = system.exportEntry(system.atomName(module), system.atomName(fn), arity);
    return resolveExport(entry, arity);
  };
  /** Spreads an argument list into x0..; returns its length, or -1 if it is not a proper list. */
  const spreadList = (list: number): number => {
    const items: number[] = [];
    while (isList(list)) {
      const at = pointerIndex(list);
      items.push(w[at]);
      list = w[at + 1];
      if (items.length > 255) return -1;
    }
    if (list !== NIL) return -1;
    for (let i = 0; i < items.length; i++) x[i] = items[i];
    return items.length;
  };
  /** Jumps to a call target: a code address, or a BIF (-1 - number) that returns at once. */
  const callTarget = (target: number, arity: number, returnTo: number): number => {
    if (target > 0) return target;
    callBifAsFunction(-1 - target, arity);
    return returnTo;
  };

  /** PCB_PC of a process that has not started (system/spawn.ts): call its current function. */
  const PC_START = -1;
  // BIF numbers the interpreter has fast paths for (fixed for the system's registry).
  const SEND_BIF = system.bifs.bifNumber('erlang', 'send', 2);
  /** The binary under construction by bs_init2/bs_append and the bs_put_* that follow. */
  const construction = { dataBit: 0, position: 0 };


  function executeSlice(sliceContext: ProcessContext, sliceBudget: number): SliceOutcome {
    context = sliceContext;
    budget = sliceBudget;
    bifCall.context = sliceContext;
    x = sliceContext.x;
    fr = sliceContext.floats;
    arena = sliceContext.arena;
    w = arena.fixedI32;
    trapReturn = 0;
    applyArity = 0;
    enteredLive = 0;
    appliedIntoCode = false;
    caughtPc = 0;
    caughtCp = 0;
    construction.dataBit = 0;
    construction.position = 0;
    let reductions = sliceBudget;
    let pc = sliceContext.pc;
    let cp = sliceContext.process.get(PCB_CONTINUATION);
    // The x registers as a local of the loop (the closures share the slot `x`): one
    // register instead of a context load and a map check per access.
    const xr = sliceContext.x;
    // NIL as a local: an imported binding is a module-cell load at every use.
    const nil = NIL;
    for (;;) {
      try {
        if (pc === PC_START) {
          const process = context.process;
          const arity = process.get(PCB_CURRENT_ARITY);
          const entry = system.exportEntry(system.atomName(process.get(PCB_CURRENT_MODULE)), system.atomName(process.get(PCB_CURRENT_FUNCTION)), arity);
          cp = 0;
          const target = resolveExport(entry, arity);
          if (target < 0 && isApplyBif(system, -1 - target)) {
            // spawn of a fun starts in erlang:apply/2: enter the fun with CP 0.
            pc = applyBif(-1 - target, 0);
            if (pc === 0) return processDone(pc, cp, reductions);
          } else if (target < 0) {
            callBifAsFunction(-1 - target, arity);
            return processDone(pc, cp, reductions);
          } else {
            pc = target;
          }
        }
        // The instructions that loops run on every iteration read and write their register
        // operands inline, with `xr`: V8 stops inlining calls into this (large) function
        // once its budget is spent, so most readSource/writeDestination calls stay calls.
        // They use literals, as the opcodes do (a module-level constant is a context load
        // in optimized code, an imported function a call unless V8 still has budget): in
        // a register word, `& 0x3c` is REGISTER_KIND_MASK, 0 is REGISTER_X and `>>> 6` is
        // REGISTER_INDEX_SHIFT; in a term, `(t & 3) === 1` is isList, `t >>> 2` is
        // pointerIndex and `(i << 2) | 1` is makeList (interpreter-opcodes.test.ts checks
        // them against loader-core's operand-words.ts and terms' layout.ts).
        for (;;) {
          switch (w[pc]) {
            case 0 /* func_info */: {
              const arity = w[pc + 3];
              throw new ErlangException(ERROR, makeAtom(ATOM_FUNCTION_CLAUSE)).withTop(w[pc + 1], w[pc + 2], Array.from(x.subarray(0, arity)));
            }
            case 1 /* int_code_end */:
              throw new Error(`executed int_code_end at ${pc}`);

            // ---- calls ----
            case 2 /* call */: {
              const arity = w[pc + 1];
              cp = pc + 3;
              pc = w[pc + 2];
              if (--reductions <= 0) return end(SLICE_YIELDED, arity, pc, cp, reductions);
              continue;
            }
            case 155 /* move2_call */: {
              // move2's two moves, then call.
              const firstWord = w[pc + 1];
              const first = (firstWord & 3) !== 0 ? firstWord : (firstWord & 0x3c) === 0 ? xr[firstWord >>> 6] : w[context.stackTop + 1 + (firstWord >>> 6)];
              const firstDestinationWord = w[pc + 2];
              if ((firstDestinationWord & 0x3c) === 0) xr[firstDestinationWord >>> 6] = first;
              else w[context.stackTop + 1 + (firstDestinationWord >>> 6)] = first;
              const secondWord = w[pc + 3];
              const second = (secondWord & 3) !== 0 ? secondWord : (secondWord & 0x3c) === 0 ? xr[secondWord >>> 6] : w[context.stackTop + 1 + (secondWord >>> 6)];
              const secondDestinationWord = w[pc + 4];
              if ((secondDestinationWord & 0x3c) === 0) xr[secondDestinationWord >>> 6] = second;
              else w[context.stackTop + 1 + (secondDestinationWord >>> 6)] = second;
              const arity = w[pc + 5];
              cp = pc + 7;
              pc = w[pc + 6];
              if (--reductions <= 0) return end(SLICE_YIELDED, arity, pc, cp, reductions);
              continue;
            }
            case 3 /* call_last */: {
              const arity = w[pc + 1];
              const target = w[pc + 2];
              cp = w[context.stackTop] >>> 2;
              context.stackTop += w[pc + 3] + 1;
              pc = target;
              if (--reductions <= 0) return end(SLICE_YIELDED, arity, pc, cp, reductions);
              continue;
            }
            case 4 /* call_only */: {
              const arity = w[pc + 1];
              pc = w[pc + 2];
              if (--reductions <= 0) return end(SLICE_YIELDED, arity, pc, cp, reductions);
              continue;
            }
            case 5 /* call_ext */: {
              const arity = w[pc + 1];
              const next = pc + 3;
              const target = resolveExport(w[pc + 2], arity);
              if (target > 0) cp = next;
              pc = callTarget(target, arity, next);
              if (--reductions <= 0) return end(SLICE_YIELDED, liveAt(target, arity), pc, cp, reductions);
              continue;
            }
            case 6 /* call_ext_last */: {
              const arity = w[pc + 1];
              const target = resolveExport(w[pc + 2], arity);
              cp = w[context.stackTop] >>> 2;
              context.stackTop += w[pc + 3] + 1;
              pc = callTarget(target, arity, cp);
              if (pc === 0) return processDone(pc, cp, reductions);
              if (--reductions <= 0) return end(SLICE_YIELDED, liveAt(target, arity), pc, cp, reductions);
              continue;
            }
            case 7 /* call_ext_only */: {
              const arity = w[pc + 1];
              const target = resolveExport(w[pc + 2], arity);
              pc = callTarget(target, arity, cp);
              if (pc === 0) return processDone(pc, cp, reductions);
              if (--reductions <= 0) return end(SLICE_YIELDED, liveAt(target, arity), pc, cp, reductions);
              continue;
            }
            case 8 /* call_bif */: {
              const arity = w[pc + 1];
              const bif = w[pc + 2];
              pc += 3;
              trapReturn = pc;
              if (isApplyBif(system, bif)) {
                const returnTo = pc;
                pc = applyBif(bif, returnTo);
                if (appliedIntoCode) cp = returnTo;
                if (--reductions <= 0) return end(SLICE_YIELDED, applyArity, pc, cp, reductions);
                continue;
              }
              callBifAsFunction(bif, arity);
              if (--reductions <= 0) return end(SLICE_YIELDED, 1, pc, cp, reductions);
              continue;
            }
            case 9 /* call_bif_last */: {
              const arity = w[pc + 1];
              const bif = w[pc + 2];
              const frame = w[pc + 3];
              cp = w[context.stackTop] >>> 2;
              context.stackTop += frame + 1;
              trapReturn = cp;
              if (isApplyBif(system, bif)) {
                pc = applyBif(bif, cp);
              } else {
                callBifAsFunction(bif, arity);
                pc = cp;
                if (pc === 0) return processDone(pc, cp, reductions);
                cp = 1 /* SPENT_CP */;
              }
              if (--reductions <= 0) return end(SLICE_YIELDED, isApplyBif(system, bif) ? applyArity : 1, pc, cp, reductions);
              continue;
            }
            case 10 /* call_bif_only */: {
              const arity = w[pc + 1];
              const bif = w[pc + 2];
              trapReturn = cp;
              if (isApplyBif(system, bif)) {
                pc = applyBif(bif, cp);
              } else {
                callBifAsFunction(bif, arity);
                pc = cp;
                if (pc === 0) return processDone(pc, cp, reductions);
                cp = 1 /* SPENT_CP */;
              }
              if (--reductions <= 0) return end(SLICE_YIELDED, isApplyBif(system, bif) ? applyArity : 1, pc, cp, reductions);
              continue;
            }
            case 11 /* bif0 */: {
              const result = runBif(w[pc + 1], () => [], 0);
              writeDestination(w[pc + 2], result, xr, w, context);
              pc += 3;
              continue;
            }
            case 12 /* bif1 */:
            case 13 /* bif2 */:
            case 14 /* bif3 */: {
              const count = w[pc] === 12 /* bif1 */ ? 1 : w[pc] === 13 /* bif2 */ ? 2 : 3;
              const fail = w[pc + 1];
              const bif = w[pc + 2];
              const at = pc;
              let result: number;
              if (bif < 0) {
                const entry = -1 - bif;
                throw new ErlangException(ERROR, makeAtom(ATOM_UNDEF)).withTop(w[entry + EXPORT_MODULE], w[entry + EXPORT_FUNCTION], operandArgs(at + 3, count));
              }
              try {
                result = runBif(bif, () => operandArgs(at + 3, count), 0);
              } catch (problem) {
                if (fail !== 0 && problem instanceof ErlangException) {
                  pc = fail;
                  continue;
                }
                throw problem;
              }
              writeDestination(w[pc + 3 + count], result, xr, w, context);
              pc += 4 + count;
              continue;
            }
            case 152 /* gc_bif_plus */:
            case 153 /* gc_bif_minus */:
            case 156 /* gc_bif_plus_allocate */:
            case 157 /* gc_bif_minus_allocate */:
            case 158 /* gc_bif_plus_deallocate_return */:
            case 159 /* gc_bif_minus_deallocate_return */: {
              // Two smalls whose sum or difference is a small: inline; anything else
              // (bignums, floats, overflow, badarith, the fail label) through the BIF.
              const op = w[pc];
              const aWord = w[pc + 4];
              const a = (aWord & 3) !== 0 ? aWord : (aWord & 0x3c) === 0 ? xr[aWord >>> 6] : w[context.stackTop + 1 + (aWord >>> 6)];
              const bWord = w[pc + 5];
              const b = (bWord & 3) !== 0 ? bWord : (bWord & 0x3c) === 0 ? xr[bWord >>> 6] : w[context.stackTop + 1 + (bWord >>> 6)];
              const plus = op === 152 /* gc_bif_plus */ || op === 156 /* gc_bif_plus_allocate */ || op === 158 /* gc_bif_plus_deallocate_return */;
              // (Integers only: a NaN for "not two smalls" made V8 keep `value` as a double.)
              let done = false;
              if ((a & b & 0xf) === 0xf) {
                const value = plus ? (a >> 4) + (b >> 4) : (a >> 4) - (b >> 4);
                if (value >= -0x8000000 && value <= 0x7ffffff) {
                  const result = ((value << 4) | 0xf) | 0;
                  const resultWord = w[pc + 6];
                  if ((resultWord & 0x3c) === 0) xr[resultWord >>> 6] = result;
                  else w[context.stackTop + 1 + (resultWord >>> 6)] = result;
                  done = true;
                }
              }
              if (!done) {
                const next = gcBifThroughBif(pc, 2);
                if (next !== pc + 7) {
                  pc = next;
                  continue;
                }
              }
              if (op === 152 /* gc_bif_plus */ || op === 153 /* gc_bif_minus */) {
                pc += 7;
                continue;
              }
              if (op === 156 /* gc_bif_plus_allocate */ || op === 157 /* gc_bif_minus_allocate */) {
                const slots = w[pc + 7];
                if (context.stackTop - context.heapTop < slots + 1) gc(slots + 1, w[pc + 8]);
                const top = (context.stackTop -= slots + 1);
                w[top] = cp << 2;
                for (let i = 1; i <= slots; i++) w[top + i] = nil;
                pc += 9;
                continue;
              }
              cp = w[context.stackTop] >>> 2;
              context.stackTop += w[pc + 7] + 1;
              if (cp === 0) return processDone(pc, cp, reductions);
              pc = cp;
              cp = 1 /* SPENT_CP */;
              continue;
            }
            case 15 /* gc_bif1 */:
            case 16 /* gc_bif2 */:
            case 17 /* gc_bif3 */:
              pc = gcBifThroughBif(pc, w[pc] === 15 /* gc_bif1 */ ? 1 : w[pc] === 16 /* gc_bif2 */ ? 2 : 3);
              continue;

            // ---- frames and heap ----
            case 18 /* allocate */: {
              const slots = w[pc + 1];
              if (context.stackTop - context.heapTop < slots + 1) gc(slots + 1, w[pc + 2]);
              const top = (context.stackTop -= slots + 1);
              w[top] = cp << 2;
              for (let i = 1; i <= slots; i++) w[top + i] = nil;
              pc += 3;
              continue;
            }
            case 19 /* allocate_heap */: {
              const slots = w[pc + 1];
              const need = slots + 1 + w[pc + 2];
              if (context.stackTop - context.heapTop < need) gc(need, w[pc + 3]);
              const top = (context.stackTop -= slots + 1);
              w[top] = cp << 2;
              for (let i = 1; i <= slots; i++) w[top + i] = nil;
              pc += 4;
              continue;
            }
            case 20 /* test_heap */: {
              const need = w[pc + 1];
              if (context.stackTop - context.heapTop < need) gc(need, w[pc + 2]);
              pc += 3;
              continue;
            }
            case 21 /* deallocate */:
              cp = w[context.stackTop] >>> 2;
              context.stackTop += w[pc + 1] + 1;
              pc += 2;
              continue;
            case 22 /* return */:
              if (cp === 0) return processDone(pc, cp, reductions);
              pc = cp;
              // Spent: the caller has a frame, and its next call or deallocate sets cp
              // again. Left set, it would look like a live return address to a stack
              // trace taken before that (ERTS has no such register: a return pops it).
              cp = 1 /* SPENT_CP */;
              continue;
            case 148 /* deallocate_return */:
              cp = w[context.stackTop] >>> 2;
              context.stackTop += w[pc + 1] + 1;
              if (cp === 0) return processDone(pc, cp, reductions);
              pc = cp;
              cp = 1 /* SPENT_CP */;
              continue;
            case 151 /* is_nonempty_list_allocate */: {
              const termWord = w[pc + 2];
              const term = (termWord & 3) !== 0 ? termWord : (termWord & 0x3c) === 0 ? xr[termWord >>> 6] : w[context.stackTop + 1 + (termWord >>> 6)];
              if ((term & 3) !== 1) {
                pc = w[pc + 1];
                continue;
              }
              const slots = w[pc + 3];
              if (context.stackTop - context.heapTop < slots + 1) gc(slots + 1, w[pc + 4]);
              const top = (context.stackTop -= slots + 1);
              w[top] = cp << 2;
              for (let i = 1; i <= slots; i++) w[top + i] = nil;
              pc += 5;
              continue;
            }
            case 101 /* trim */: {
              const count = w[pc + 1];
              const saved = w[context.stackTop];
              context.stackTop += count;
              w[context.stackTop] = saved;
              pc += 3;
              continue;
            }
            case 100 /* init_yregs */: {
              const count = w[pc + 1];
              for (let i = 0; i < count; i++) writeDestination(w[pc + 2 + i], NIL, xr, w, context);
              pc += 2 + count;
              continue;
            }

            // ---- receive ----
            case 23 /* send */: {
              xr[0] = runBif(SEND_BIF, xArgs(2), 2);
              pc += 1;
              if (--reductions <= 0) return end(SLICE_YIELDED, 1, pc, cp, reductions);
              continue;
            }
            case 26 /* loop_rec */: {
              const message = context.peekMessage();
              refresh();
              if (message === THE_NON_VALUE) {
                pc = w[pc + 1];
                continue;
              }
              writeDestination(w[pc + 2], message, xr, w, context);
              pc += 3;
              continue;
            }
            case 27 /* loop_rec_end */:
              context.nextMessage();
              pc = w[pc + 1];
              if (--reductions <= 0) return end(SLICE_YIELDED, 0, pc, cp, reductions);
              continue;
            case 24 /* remove_message */:
              context.removeMessage();
              pc += 1;
              continue;
            case 25 /* timeout */:
              context.timeoutReceive();
              pc += 1;
              continue;
            case 28 /* wait */:
              pc = w[pc + 1];
              context.waitTimeout = -1;
              return end(SLICE_WAITING, 0, pc, cp, reductions);
            case 29 /* wait_timeout */: {
              if (context.receiveTimedOut()) {
                pc += 3;
                continue;
              }
              if (context.receiveTimerRunning()) {
                // A message no clause took woke the process: as in ERTS, the timeout is not
                // evaluated again (no x register survives a wait) and the running timer
                // keeps counting from the start of the receive.
                context.waitTimeout = 0;
                pc = w[pc + 1];
                return end(SLICE_WAITING, 0, pc, cp, reductions);
              }
              const timeout = readSource(w[pc + 2], xr, w, context);
              if (timeout === makeAtom(ATOM_INFINITY)) {
                pc = w[pc + 1];
                context.waitTimeout = -1;
                return end(SLICE_WAITING, 0, pc, cp, reductions);
              }
              // Any integer from 0 to 2^32-1 milliseconds, as ERTS accepts (beyond a small).
              const milliseconds = isIntegerTerm(w, timeout) ? integerBigValue(w, timeout) : -1n;
              if (milliseconds < 0n || milliseconds > 0xffffffffn) {
                throw error(system.atom('timeout_value'));
              }
              if (milliseconds === 0n) {
                pc += 3;
                continue;
              }
              context.waitTimeout = Number(milliseconds);
              pc = w[pc + 1];
              return end(SLICE_WAITING, 0, pc, cp, reductions);
            }
            // Receive markers (ProcessContext): they only move where the next receive starts.
            case 142 /* recv_marker_reserve */: {
              const marker = context.reserveMarker();
              refresh();
              writeDestination(w[pc + 1], marker, xr, w, context);
              pc += 2;
              continue;
            }
            case 143 /* recv_marker_bind */:
              context.bindMarker(readSource(w[pc + 1], xr, w, context), readSource(w[pc + 2], xr, w, context));
              pc += 3;
              continue;
            case 144 /* recv_marker_use */:
              context.useMarker(readSource(w[pc + 1], xr, w, context));
              pc += 2;
              continue;
            case 145 /* recv_marker_clear */:
              context.clearMarker(readSource(w[pc + 1], xr, w, context));
              pc += 2;
              continue;
            case 146 /* recv_mark */:
              context.markOld();
              refresh();
              pc += 1;
              continue;
            case 147 /* recv_set */:
              context.useOldMarker();
              pc += 1;
              continue;

            // ---- comparisons and type tests ----
            // Two smalls compare as their tagged words do (same tag, value in the high bits).
            case 30 /* is_lt */: {
              const aWord = w[pc + 2];
              const a = (aWord & 3) !== 0 ? aWord : (aWord & 0x3c) === 0 ? xr[aWord >>> 6] : w[context.stackTop + 1 + (aWord >>> 6)];
              const bWord = w[pc + 3];
              const b = (bWord & 3) !== 0 ? bWord : (bWord & 0x3c) === 0 ? xr[bWord >>> 6] : w[context.stackTop + 1 + (bWord >>> 6)];
              const less = (a & b & 0xf) === 0xf ? a < b : termCompare(system, a, b) < 0;
              pc = less ? pc + 4 : w[pc + 1];
              continue;
            }
            case 31 /* is_ge */: {
              const aWord = w[pc + 2];
              const a = (aWord & 3) !== 0 ? aWord : (aWord & 0x3c) === 0 ? xr[aWord >>> 6] : w[context.stackTop + 1 + (aWord >>> 6)];
              const bWord = w[pc + 3];
              const b = (bWord & 3) !== 0 ? bWord : (bWord & 0x3c) === 0 ? xr[bWord >>> 6] : w[context.stackTop + 1 + (bWord >>> 6)];
              const atLeast = (a & b & 0xf) === 0xf ? a >= b : termCompare(system, a, b) >= 0;
              pc = atLeast ? pc + 4 : w[pc + 1];
              continue;
            }
            case 32 /* is_eq */:
              pc = termEquals(system, readSource(w[pc + 2], xr, w, context), readSource(w[pc + 3], xr, w, context)) ? pc + 4 : w[pc + 1];
              continue;
            case 33 /* is_ne */:
              pc = !termEquals(system, readSource(w[pc + 2], xr, w, context), readSource(w[pc + 3], xr, w, context)) ? pc + 4 : w[pc + 1];
              continue;
            case 34 /* is_eq_exact */:
              pc = termExactEquals(system, readSource(w[pc + 2], xr, w, context), readSource(w[pc + 3], xr, w, context)) ? pc + 4 : w[pc + 1];
              continue;
            case 35 /* is_ne_exact */:
              pc = !termExactEquals(system, readSource(w[pc + 2], xr, w, context), readSource(w[pc + 3], xr, w, context)) ? pc + 4 : w[pc + 1];
              continue;
            case 36 /* is_eq_exact_immediate */: {
              const termWord = w[pc + 2];
              const term = (termWord & 3) !== 0 ? termWord : (termWord & 0x3c) === 0 ? xr[termWord >>> 6] : w[context.stackTop + 1 + (termWord >>> 6)];
              pc = term === w[pc + 3] ? pc + 4 : w[pc + 1];
              continue;
            }
            case 37 /* is_ne_exact_immediate */: {
              const termWord = w[pc + 2];
              const term = (termWord & 3) !== 0 ? termWord : (termWord & 0x3c) === 0 ? xr[termWord >>> 6] : w[context.stackTop + 1 + (termWord >>> 6)];
              pc = term !== w[pc + 3] ? pc + 4 : w[pc + 1];
              continue;
            }
            // The tests that list and integer loops run on every iteration, inline: the
            // table below is a call through a megamorphic function table.
            case 48 /* is_nonempty_list */: {
              const termWord = w[pc + 2];
              const term = (termWord & 3) !== 0 ? termWord : (termWord & 0x3c) === 0 ? xr[termWord >>> 6] : w[context.stackTop + 1 + (termWord >>> 6)];
              pc = (term & 3) === 1 ? pc + 3 : w[pc + 1];
              continue;
            }
            case 45 /* is_nil */: {
              const termWord = w[pc + 2];
              const term = (termWord & 3) !== 0 ? termWord : (termWord & 0x3c) === 0 ? xr[termWord >>> 6] : w[context.stackTop + 1 + (termWord >>> 6)];
              pc = term === nil ? pc + 3 : w[pc + 1];
              continue;
            }
            case 47 /* is_list */: {
              const termWord = w[pc + 2];
              const term = (termWord & 3) !== 0 ? termWord : (termWord & 0x3c) === 0 ? xr[termWord >>> 6] : w[context.stackTop + 1 + (termWord >>> 6)];
              pc = term === nil || (term & 3) === 1 ? pc + 3 : w[pc + 1];
              continue;
            }
            case 41 /* is_atom */: {
              const termWord = w[pc + 2];
              const term = (termWord & 3) !== 0 ? termWord : (termWord & 0x3c) === 0 ? xr[termWord >>> 6] : w[context.stackTop + 1 + (termWord >>> 6)];
              pc = isAtom(term) ? pc + 3 : w[pc + 1];
              continue;
            }
            case 38 /* is_integer */: {
              const termWord = w[pc + 2];
              const term = (termWord & 3) !== 0 ? termWord : (termWord & 0x3c) === 0 ? xr[termWord >>> 6] : w[context.stackTop + 1 + (termWord >>> 6)];
              pc = isSmall(term) || termTests[38 /* is_integer */](w, term) ? pc + 3 : w[pc + 1];
              continue;
            }
            case 39 /* is_float */:
            case 40 /* is_number */:
            case 42 /* is_pid */:
            case 43 /* is_reference */:
            case 44 /* is_port */:
            case 46 /* is_binary */:
            case 49 /* is_tuple */:
            case 50 /* is_function */:
            case 52 /* is_boolean */:
            case 53 /* is_bitstr */:
            case 54 /* is_map */:
              pc = termTests[w[pc]](w, readSource(w[pc + 2], xr, w, context)) ? pc + 3 : w[pc + 1];
              continue;
            case 51 /* is_function2 */: {
              const fun = readSource(w[pc + 2], xr, w, context);
              const arity = readSource(w[pc + 3], xr, w, context);
              pc = isSmall(arity) && funArity(fun) === smallValue(arity) ? pc + 4 : w[pc + 1];
              continue;
            }
            case 55 /* test_arity */: {
              const tupleWord = w[pc + 2];
              const tuple = (tupleWord & 3) !== 0 ? tupleWord : (tupleWord & 0x3c) === 0 ? xr[tupleWord >>> 6] : w[context.stackTop + 1 + (tupleWord >>> 6)];
              pc = w[tuple >>> 2] === makeHeader(HEADER_TUPLE, w[pc + 3]) ? pc + 4 : w[pc + 1];
              continue;
            }
            case 56 /* is_tagged_tuple */: {
              const tupleWord = w[pc + 2];
              const tuple = (tupleWord & 3) !== 0 ? tupleWord : (tupleWord & 0x3c) === 0 ? xr[tupleWord >>> 6] : w[context.stackTop + 1 + (tupleWord >>> 6)];
              const at = tuple >>> 2;
              pc = isBoxed(tuple) && w[at] === makeHeader(HEADER_TUPLE, w[pc + 3]) && w[at + 1] === w[pc + 4] ? pc + 5 : w[pc + 1];
              continue;
            }
            case 57 /* select_val */: {
              const valueWord = w[pc + 1];
              const value = (valueWord & 3) !== 0 ? valueWord : (valueWord & 0x3c) === 0 ? xr[valueWord >>> 6] : w[context.stackTop + 1 + (valueWord >>> 6)];
              const count = w[pc + 3];
              let target = w[pc + 2];
              for (let i = 0; i < count; i += 2) {
                const candidate = w[pc + 4 + i];
                if (candidate === value || (!isSmall(candidate) && isBoxed(candidate) && termExactEquals(system, candidate, value))) {
                  target = w[pc + 5 + i];
                  break;
                }
              }
              pc = target;
              continue;
            }
            case 58 /* select_tuple_arity */: {
              const tuple = readSource(w[pc + 1], xr, w, context);
              let target = w[pc + 2];
              if (isBoxed(tuple) && (w[tuple >>> 2] & HEADER_TAG_MASK) === HEADER_TUPLE) {
                const arity = headerArity(w[tuple >>> 2]);
                const count = w[pc + 3];
                for (let i = 0; i < count; i += 2) {
                  if (w[pc + 4 + i] === arity) {
                    target = w[pc + 5 + i];
                    break;
                  }
                }
              }
              pc = target;
              continue;
            }
            case 154 /* select_val_table */: {
              // Labels for Min, Min+1, ... (the fail label in the holes).
              const valueWord = w[pc + 1];
              const value = (valueWord & 3) !== 0 ? valueWord : (valueWord & 0x3c) === 0 ? xr[valueWord >>> 6] : w[context.stackTop + 1 + (valueWord >>> 6)];
              let target = w[pc + 2];
              if ((value & 0xf) === 0xf) {
                const index = (value >> 4) - (w[pc + 3] >> 4);
                if (index >= 0 && index < w[pc + 4]) target = w[pc + 5 + index];
              }
              if (w[target] === 22 /* return */ && cp !== 0) {
                // A clause that only returns (fib(0) -> 0): its return, without a dispatch.
                pc = cp;
                cp = 1 /* SPENT_CP */;
                continue;
              }
              pc = target;
              continue;
            }
            case 59 /* jump */:
              pc = w[pc + 1];
              continue;

            // ---- moves ----
            case 62 /* move */: {
              const valueWord = w[pc + 1];
              const value = (valueWord & 3) !== 0 ? valueWord : (valueWord & 0x3c) === 0 ? xr[valueWord >>> 6] : w[context.stackTop + 1 + (valueWord >>> 6)];
              const destinationWord = w[pc + 2];
              if ((destinationWord & 0x3c) === 0) xr[destinationWord >>> 6] = value;
              else w[context.stackTop + 1 + (destinationWord >>> 6)] = value;
              pc += 3;
              continue;
            }
            case 63 /* move_xx */:
              xr[w[pc + 2]] = xr[w[pc + 1]];
              pc += 3;
              continue;
            case 64 /* move_cx */:
              xr[w[pc + 2]] = w[pc + 1];
              pc += 3;
              continue;
            case 65 /* move_xy */:
              w[context.stackTop + 1 + w[pc + 2]] = xr[w[pc + 1]];
              pc += 3;
              continue;
            case 66 /* move_yx */:
              xr[w[pc + 2]] = w[context.stackTop + 1 + w[pc + 1]];
              pc += 3;
              continue;
            case 149 /* move2 */: {
              const firstWord = w[pc + 1];
              const first = (firstWord & 3) !== 0 ? firstWord : (firstWord & 0x3c) === 0 ? xr[firstWord >>> 6] : w[context.stackTop + 1 + (firstWord >>> 6)];
              const firstDestinationWord = w[pc + 2];
              if ((firstDestinationWord & 0x3c) === 0) xr[firstDestinationWord >>> 6] = first;
              else w[context.stackTop + 1 + (firstDestinationWord >>> 6)] = first;
              const secondWord = w[pc + 3];
              const second = (secondWord & 3) !== 0 ? secondWord : (secondWord & 0x3c) === 0 ? xr[secondWord >>> 6] : w[context.stackTop + 1 + (secondWord >>> 6)];
              const secondDestinationWord = w[pc + 4];
              if ((secondDestinationWord & 0x3c) === 0) xr[secondDestinationWord >>> 6] = second;
              else w[context.stackTop + 1 + (secondDestinationWord >>> 6)] = second;
              pc += 5;
              continue;
            }
            case 99 /* swap */: {
              const a = readSource(w[pc + 1], xr, w, context);
              writeDestination(w[pc + 1], readSource(w[pc + 2], xr, w, context), xr, w, context);
              writeDestination(w[pc + 2], a, xr, w, context);
              pc += 3;
              continue;
            }

            // ---- lists and tuples ----
            case 67 /* get_list */: {
              const listWord = w[pc + 1];
              const list = (listWord & 3) !== 0 ? listWord : (listWord & 0x3c) === 0 ? xr[listWord >>> 6] : w[context.stackTop + 1 + (listWord >>> 6)];
              const at = list >>> 2;
              const head = w[at];
              const tail = w[at + 1];
              const headWord = w[pc + 2];
              if ((headWord & 0x3c) === 0) xr[headWord >>> 6] = head;
              else w[context.stackTop + 1 + (headWord >>> 6)] = head;
              const tailWord = w[pc + 3];
              if ((tailWord & 0x3c) === 0) xr[tailWord >>> 6] = tail;
              else w[context.stackTop + 1 + (tailWord >>> 6)] = tail;
              pc += 4;
              continue;
            }
            case 68 /* get_hd */: {
              const listWord = w[pc + 1];
              const list = (listWord & 3) !== 0 ? listWord : (listWord & 0x3c) === 0 ? xr[listWord >>> 6] : w[context.stackTop + 1 + (listWord >>> 6)];
              const head = w[list >>> 2];
              const headWord = w[pc + 2];
              if ((headWord & 0x3c) === 0) xr[headWord >>> 6] = head;
              else w[context.stackTop + 1 + (headWord >>> 6)] = head;
              pc += 3;
              continue;
            }
            case 69 /* get_tl */: {
              const listWord = w[pc + 1];
              const list = (listWord & 3) !== 0 ? listWord : (listWord & 0x3c) === 0 ? xr[listWord >>> 6] : w[context.stackTop + 1 + (listWord >>> 6)];
              const tail = w[(list >>> 2) + 1];
              const tailWord = w[pc + 2];
              if ((tailWord & 0x3c) === 0) xr[tailWord >>> 6] = tail;
              else w[context.stackTop + 1 + (tailWord >>> 6)] = tail;
              pc += 3;
              continue;
            }
            case 70 /* get_tuple_element */: {
              const tupleWord = w[pc + 1];
              const tuple = (tupleWord & 3) !== 0 ? tupleWord : (tupleWord & 0x3c) === 0 ? xr[tupleWord >>> 6] : w[context.stackTop + 1 + (tupleWord >>> 6)];
              const element = w[(tuple >>> 2) + 1 + w[pc + 2]];
              const elementWord = w[pc + 3];
              if ((elementWord & 0x3c) === 0) xr[elementWord >>> 6] = element;
              else w[context.stackTop + 1 + (elementWord >>> 6)] = element;
              pc += 4;
              continue;
            }
            case 71 /* set_tuple_element */:
              w[pointerIndex(readSource(w[pc + 2], xr, w, context)) + 1 + w[pc + 3]] = readSource(w[pc + 1], xr, w, context);
              pc += 4;
              continue;
            case 72 /* put_list */: {
              const headWord = w[pc + 1];
              const head = (headWord & 3) !== 0 ? headWord : (headWord & 0x3c) === 0 ? xr[headWord >>> 6] : w[context.stackTop + 1 + (headWord >>> 6)];
              const tailWord = w[pc + 2];
              const tail = (tailWord & 3) !== 0 ? tailWord : (tailWord & 0x3c) === 0 ? xr[tailWord >>> 6] : w[context.stackTop + 1 + (tailWord >>> 6)];
              const at = allocate(context, 2);
              w[at] = head;
              w[at + 1] = tail;
              const listWord = w[pc + 3];
              if ((listWord & 0x3c) === 0) xr[listWord >>> 6] = ((at << 2) | 1);
              else w[context.stackTop + 1 + (listWord >>> 6)] = ((at << 2) | 1);
              pc += 4;
              continue;
            }
            case 150 /* test_heap_put_list */:
            case 160 /* test_heap_put_list_deallocate_return */: {
              const need = w[pc + 1];
              if (context.stackTop - context.heapTop < need) gc(need, w[pc + 2]);
              const headWord = w[pc + 3];
              const head = (headWord & 3) !== 0 ? headWord : (headWord & 0x3c) === 0 ? xr[headWord >>> 6] : w[context.stackTop + 1 + (headWord >>> 6)];
              const tailWord = w[pc + 4];
              const tail = (tailWord & 3) !== 0 ? tailWord : (tailWord & 0x3c) === 0 ? xr[tailWord >>> 6] : w[context.stackTop + 1 + (tailWord >>> 6)];
              const at = allocate(context, 2);
              w[at] = head;
              w[at + 1] = tail;
              const listWord = w[pc + 5];
              if ((listWord & 0x3c) === 0) xr[listWord >>> 6] = ((at << 2) | 1);
              else w[context.stackTop + 1 + (listWord >>> 6)] = ((at << 2) | 1);
              if (w[pc] === 150 /* test_heap_put_list */) {
                pc += 6;
                continue;
              }
              cp = w[context.stackTop] >>> 2;
              context.stackTop += w[pc + 6] + 1;
              if (cp === 0) return processDone(pc, cp, reductions);
              pc = cp;
              cp = 1 /* SPENT_CP */;
              continue;
            }
            case 73 /* put_tuple2 */: {
              const count = w[pc + 2];
              const at = allocate(context, count + 1);
              w[at] = makeHeader(HEADER_TUPLE, count);
              for (let i = 0; i < count; i++) w[at + 1 + i] = readSource(w[pc + 3 + i], xr, w, context);
              writeDestination(w[pc + 1], makeBoxed(at), xr, w, context);
              pc += 3 + count;
              continue;
            }

            // ---- errors ----
            case 74 /* badmatch */:
              throw errorTuple(ATOM_BADMATCH, readSource(w[pc + 1], xr, w, context), 0);
            case 76 /* case_end */:
              throw errorTuple(ATOM_CASE_CLAUSE, readSource(w[pc + 1], xr, w, context), 0);
            case 77 /* try_case_end */:
              throw errorTuple(ATOM_TRY_CLAUSE, readSource(w[pc + 1], xr, w, context), 0);
            case 78 /* badrecord */:
              throw errorTuple(ATOM_BADRECORD, readSource(w[pc + 1], xr, w, context), 0);
            case 75 /* if_end */:
              throw error(makeAtom(ATOM_IF_CLAUSE));

            // ---- funs and apply ----
            case 79 /* call_fun */: {
              const arity = w[pc + 1];
              const next = pc + 2;
              const target = enterFun(xr[arity], arity);
              if (target > 0) {
                cp = next;
                pc = target;
              } else {
                callBifAsFunction(-1 - target, arity);
                pc = next;
              }
              if (--reductions <= 0) return end(SLICE_YIELDED, target > 0 ? enteredLive : 1, pc, cp, reductions);
              continue;
            }
            case 80 /* call_fun2 */: {
              const arity = w[pc + 1];
              const next = pc + 3;
              const target = enterFun(readSource(w[pc + 2], xr, w, context), arity);
              if (target > 0) {
                cp = next;
                pc = target;
              } else {
                callBifAsFunction(-1 - target, arity);
                pc = next;
              }
              if (--reductions <= 0) return end(SLICE_YIELDED, target > 0 ? enteredLive : 1, pc, cp, reductions);
              continue;
            }
            case 81 /* make_fun3 */: {
              const entry = w[pc + 1];
              const count = w[pc + 3];
              const at = allocate(context, FUN_FIXED_WORDS + count);
              writeFun(w, at, entry, count, context.process.get(PCB_PID), system);
              for (let i = 0; i < count; i++) w[at + FUN_FIXED_WORDS + i] = readSource(w[pc + 4 + i], xr, w, context);
              writeDestination(w[pc + 2], makeBoxed(at), xr, w, context);
              pc += 4 + count;
              continue;
            }
            case 82 /* apply */: {
              const arity = w[pc + 1];
              const next = pc + 2;
              const target = setupApply(xr[arity], xr[arity + 1], arity);
              if (target > 0) {
                cp = next;
                pc = target;
              } else {
                callBifAsFunction(-1 - target, arity);
                pc = next;
              }
              if (--reductions <= 0) return end(SLICE_YIELDED, liveAt(target, arity), pc, cp, reductions);
              continue;
            }
            case 83 /* apply_last */: {
              const arity = w[pc + 1];
              const target = setupApply(xr[arity], xr[arity + 1], arity);
              cp = w[context.stackTop] >>> 2;
              context.stackTop += w[pc + 2] + 1;
              pc = callTarget(target, arity, cp);
              if (pc === 0) return processDone(pc, cp, reductions);
              if (--reductions <= 0) return end(SLICE_YIELDED, liveAt(target, arity), pc, cp, reductions);
              continue;
            }

            // ---- exceptions ----
            case 60 /* catch */:
            case 84 /* try */:
              writeDestination(w[pc + 1], makeCatch(w[pc + 2]), xr, w, context);
              pc += 3;
              continue;
            case 85 /* try_end */:
              writeDestination(w[pc + 1], NIL, xr, w, context);
              pc += 2;
              continue;
            case 61 /* catch_end */: {
              writeDestination(w[pc + 1], NIL, xr, w, context);
              if (xr[0] === THE_NON_VALUE) {
                if (xr[1] === THROW) {
                  xr[0] = xr[2];
                } else {
                  if (context.stackTop - context.heapTop < 6) gc(6, 4);
                  const exitTag = makeAtom(ATOM_EXIT);
                  if (xr[1] === ERROR) xr[0] = makeTuple(context, [exitTag, makeTuple(context, [xr[2], xr[3]])]);
                  else xr[0] = makeTuple(context, [exitTag, xr[2]]);
                }
              }
              pc += 2;
              continue;
            }
            case 86 /* try_case */:
              writeDestination(w[pc + 1], NIL, xr, w, context);
              xr[0] = xr[1];
              xr[1] = xr[2];
              xr[2] = xr[3];
              pc += 2;
              continue;
            case 87 /* raise */: {
              // The class travels with the stack trace, as in ERTS's raw stack traces: the PCB
              // keeps the class and trace of the last caught exception (both GC roots).
              const trace = readSource(w[pc + 1], xr, w, context);
              const value = readSource(w[pc + 2], xr, w, context);
              const process = context.process;
              const klass = trace !== NIL && trace === process.get(PCB_EXCEPTION_TRACE) ? process.get(PCB_EXCEPTION_CLASS) : ERROR;
              throw new ErlangException(klass, value, trace === NIL ? 0 : trace);
            }
            case 88 /* build_stacktrace */:
              // Stack traces are kept built (a list), so there is nothing to convert.
              pc += 1;
              continue;
            case 89 /* raw_raise */: {
              const klass = xr[0];
              if (klass !== ERROR && klass !== EXIT_CLASS && klass !== THROW) throw error(makeAtom(ATOM_BADARG));
              throw new ErlangException(klass, xr[1], xr[2] === NIL ? 0 : xr[2]);
            }

            default:
              {
                const next = executeDataInstruction(pc);
                if (next >= 0) {
                  pc = next;
                  continue;
                }
              }
              if (pc >= w.length) {
                refresh();
                if (pc < w.length) continue;
              }
              throw new UnsupportedInstruction(`the interpreter does not execute instruction ${w[pc]} at ${pc} yet`);
          }
        }
      } catch (problem) {
        if (problem instanceof BifTrap) {
          pc = trapReturn;
          context.trap = problem.trap;
          return end(SLICE_TRAPPED, 1, pc, cp, reductions);
        }
        if (!(problem instanceof ErlangException)) {
          if (problem instanceof HeapNeeded) {
            // An instruction ran out of the heap its test_heap reserved: the loaded code
            // and the interpreter disagree on sizes. Fail the process, not the scheduler.
            problem = new ErlangException(ERROR, system.atom('system_limit'));
          } else {
            throw problem;
          }
        }
        const outcome = raise(problem as ErlangException, pc, cp, reductions);
        if (outcome !== undefined) return outcome;
        pc = caughtPc;
        cp = caughtCp;
        refresh();
      }
    }

  }


  /**
   * Floats, maps and binaries: instructions that only move pc (or raise). They run here,
   * outside executeSlice, so that the hot loop V8 compiles (in every scheduler thread,
   * before it runs at full speed) is about two thirds smaller. Returns the next pc, or
   * -1 when the word at pc is none of them.
   */
  function executeDataInstruction(pc: number): number {
    switch (w[pc]) {
      // ---- floats ----
      case 90 /* fload */: {
        const value = src(w[pc + 1]);
        fr[w[pc + 2] >>> REGISTER_INDEX_SHIFT] = floatValue(w, value);
        pc += 3;
        return pc;
      }
      case 91 /* fstore */: {
        const value = fr[w[pc + 1] >>> REGISTER_INDEX_SHIFT];
        dst(w[pc + 2], makeFloat(context, value));
        pc += 3;
        return pc;
      }
      case 92 /* fmove */:
        fr[w[pc + 2] >>> REGISTER_INDEX_SHIFT] = fr[w[pc + 1] >>> REGISTER_INDEX_SHIFT];
        pc += 3;
        return pc;
      case 93 /* fconv */: {
        const value = src(w[pc + 1]);
        if (!isNumberTerm(w, value)) throw error(makeAtom(ATOM_BADARITH));
        fr[w[pc + 2] >>> REGISTER_INDEX_SHIFT] = numberAsFloat(w, value);
        pc += 3;
        return pc;
      }
      case 94 /* fadd */:
      case 95 /* fsub */:
      case 96 /* fmul */:
      case 97 /* fdiv */: {
        const a = fr[w[pc + 2] >>> REGISTER_INDEX_SHIFT];
        const b = fr[w[pc + 3] >>> REGISTER_INDEX_SHIFT];
        const op = w[pc];
        const result = op === 94 /* fadd */ ? a + b : op === 95 /* fsub */ ? a - b : op === 96 /* fmul */ ? a * b : a / b;
        if (!Number.isFinite(result)) throw error(makeAtom(ATOM_BADARITH));
        fr[w[pc + 4] >>> REGISTER_INDEX_SHIFT] = result;
        pc += 5;
        return pc;
      }
      case 98 /* fnegate */:
        fr[w[pc + 3] >>> REGISTER_INDEX_SHIFT] = -fr[w[pc + 2] >>> REGISTER_INDEX_SHIFT];
        pc += 4;
        return pc;

      // ---- records (OTP 26) ----
      case 161 /* update_record */: {
        // Mode Size Src Dst Count [Index Value ...]; the heap comes from a test_heap before.
        const source = src(w[pc + 3]);
        const size = w[pc + 2];
        const count = w[pc + 5];
        // Only broken code gets here without a tuple of Size elements (the compiler proved it).
        if (!isBoxed(source) || w[pointerIndex(source)] !== makeHeader(HEADER_TUPLE, size)) throw error(makeAtom(ATOM_BADARG));
        const from = pointerIndex(source);
        let unchanged = w[pc + 1] === UPDATE_RECORD_REUSE;
        for (let i = 0; unchanged && i < count; i += 2) unchanged = w[from + w[pc + 6 + i]] === src(w[pc + 7 + i]);
        let result = source;
        if (!unchanged) {
          const at = allocate(context, size + 1);
          w.copyWithin(at, from, from + size + 1);
          for (let i = 0; i < count; i += 2) w[at + w[pc + 6 + i]] = src(w[pc + 7 + i]);
          result = makeBoxed(at);
        }
        dst(w[pc + 4], result);
        return pc + 6 + count;
      }

      // ---- maps ----
      case 102 /* put_map_assoc */:
      case 103 /* put_map_exact */: {
        const exact = w[pc] === 103 /* put_map_exact */;
        const live = w[pc + 4];
        const count = w[pc + 5];
        const at = pc;
        let result: { map: number } | { missing: number } | undefined;
        for (;;) {
          const map = src(w[at + 2]);
          if (!isMapTerm(system.store, map)) throw errorTuple(ATOM_BADMAP, map, live);
          const pairs = new Array<number>(count);
          for (let i = 0; i < count; i++) pairs[i] = src(w[at + 6 + i]);
          try {
            result = updateMap(system.store, context, map, pairs, exact);
            break;
          } catch (problem) {
            if (!(problem instanceof HeapNeeded)) throw problem;
            gc(problem.words, live);
          }
        }
        if ('missing' in result) {
          if (w[at + 1] !== 0) {
            pc = w[at + 1];
            return pc;
          }
          throw errorTuple(ATOM_BADKEY, result.missing, live);
        }
        dst(w[at + 3], result.map);
        pc += 6 + count;
        return pc;
      }
      case 104 /* has_map_fields */: {
        const map = src(w[pc + 2]);
        const count = w[pc + 3];
        let ok = isMapTerm(system.store, map);
        for (let i = 0; ok && i < count; i++) ok = mapGet(system.store, map, src(w[pc + 4 + i])) !== undefined;
        pc = ok ? pc + 4 + count : w[pc + 1];
        return pc;
      }
      case 105 /* get_map_elements */: {
        const map = src(w[pc + 2]);
        const count = w[pc + 3];
        let ok = isMapTerm(system.store, map);
        // Look everything up first: a destination may also be a key's register.
        const found: number[] = [];
        for (let i = 0; ok && i < count; i += 2) {
          const value = mapGet(system.store, map, src(w[pc + 4 + i]));
          if (value === undefined) ok = false;
          else found.push(value);
        }
        if (!ok) {
          pc = w[pc + 1];
          return pc;
        }
        for (let i = 0; i < count; i += 2) dst(w[pc + 5 + i], found[i / 2]);
        pc += 4 + count;
        return pc;
      }

      // ---- binary matching ----
      case 122 /* bs_start_match */: {
        // Fail Live Src Slots Dst
        const live = w[pc + 2];
        let source = src(w[pc + 3]);
        if (isMatchContext(w, source)) {
          dst(w[pc + 5], source);
          pc += 6;
          return pc;
        }
        if (!isBitstring(w, source)) {
          if (w[pc + 1] !== 0) {
            pc = w[pc + 1];
            return pc;
          }
          throw error(makeAtom(ATOM_BADARG));
        }
        if (context.stackTop - context.heapTop < MATCH_CONTEXT_WORDS) {
          gc(MATCH_CONTEXT_WORDS, live);
          source = src(w[pc + 3]);
        }
        dst(w[pc + 5], newMatchContext(context, source));
        pc += 6;
        return pc;
      }
      case 123 /* bs_get_integer2 */:
      case 124 /* bs_get_float2 */:
      case 125 /* bs_get_binary2 */: {
        // Fail Ctx Live Size Unit Flags Dst
        const op = w[pc];
        const live = w[pc + 3];
        let matchContext = src(w[pc + 2]);
        const sizeTerm = src(w[pc + 4]);
        const unit = w[pc + 5];
        const flags = w[pc + 6];
        const remaining = contextRemaining(w, matchContext);
        let bits: number;
        if (isSmall(sizeTerm) && smallValue(sizeTerm) >= 0) bits = smallValue(sizeTerm) * unit;
        else if (op === 125 /* bs_get_binary2 */ && isAtomWord(sizeTerm) && system.atomName(sizeTerm) === 'all') {
          if (remaining % unit !== 0) {
            pc = w[pc + 1];
            return pc;
          }
          bits = remaining;
        } else if (isSmall(sizeTerm) || isBoxed(sizeTerm)) {
          pc = w[pc + 1];
          return pc;
        } else throw error(makeAtom(ATOM_BADARG));
        if (bits > remaining || (op === 124 /* bs_get_float2 */ && bits !== 64 && bits !== 32 && bits !== 16)) {
          pc = w[pc + 1];
          return pc;
        }
        const u8 = context.arena.u8;
        const address = contextBitAddress(context.arena, matchContext);
        let result: number;
        if (op === 123 /* bs_get_integer2 */) {
          const value = readIntegerSegment(u8, address, bits, (flags & FIELD_LITTLE_OR_NATIVE) !== 0, (flags & 4) !== 0);
          const need = integerWords(value);
          if (context.stackTop - context.heapTop < need) {
            gc(need, live);
            matchContext = src(w[pc + 2]);
          }
          result = makeInteger(context, value);
        } else if (op === 124 /* bs_get_float2 */) {
          const bytes = readBitsAsBytes(u8, address, bits);
          const view = new DataView(bytes.buffer);
          const little = (flags & FIELD_LITTLE_OR_NATIVE) !== 0;
          const value = bits === 64 ? view.getFloat64(0, little) : bits === 32 ? view.getFloat32(0, little) : float16(view.getUint16(0, little));
          if (!Number.isFinite(value)) {
            pc = w[pc + 1];
            return pc;
          }
          if (context.stackTop - context.heapTop < 3) {
            gc(3, live);
            matchContext = src(w[pc + 2]);
          }
          result = makeFloat(context, value);
        } else {
          if (context.stackTop - context.heapTop < SUB_BINARY_OBJECT_WORDS) {
            gc(SUB_BINARY_OBJECT_WORDS, live);
            matchContext = src(w[pc + 2]);
          }
          const at = pointerIndex(matchContext);
          result = makeSubBinaryTerm(context, w[at + 3], contextOffset(w, matchContext), bits);
        }
        advanceContext(w, matchContext, bits);
        dst(w[pc + 7], result);
        pc += 8;
        return pc;
      }
      case 126 /* bs_skip_bits2 */: {
        // Fail Ctx Size Unit Flags
        const matchContext = src(w[pc + 2]);
        const sizeTerm = src(w[pc + 3]);
        const unit = w[pc + 4];
        const remaining = contextRemaining(w, matchContext);
        let bits: number;
        if (isSmall(sizeTerm) && smallValue(sizeTerm) >= 0) bits = smallValue(sizeTerm) * unit;
        else if (isAtomWord(sizeTerm) && system.atomName(sizeTerm) === 'all') bits = remaining % unit === 0 ? remaining : remaining + 1;
        else bits = remaining + 1;
        if (bits > remaining) {
          pc = w[pc + 1];
          return pc;
        }
        advanceContext(w, matchContext, bits);
        pc += 6;
        return pc;
      }
      case 127 /* bs_test_tail2 */:
        pc = contextRemaining(w, src(w[pc + 2])) === w[pc + 3] ? pc + 4 : w[pc + 1];
        return pc;
      case 128 /* bs_test_unit */:
        pc = contextRemaining(w, src(w[pc + 2])) % w[pc + 3] === 0 ? pc + 4 : w[pc + 1];
        return pc;
      case 129 /* bs_match_string */: {
        const matchContext = src(w[pc + 2]);
        const bits = w[pc + 3];
        if (contextRemaining(w, matchContext) < bits) {
          pc = w[pc + 1];
          return pc;
        }
        const u8 = context.arena.u8;
        const expected = readBitsAsBytes(u8, w[pc + 4] * 8, bits);
        const actual = readBitsAsBytes(u8, contextBitAddress(context.arena, matchContext), bits);
        let same = true;
        for (let i = 0; i < expected.length; i++) if (expected[i] !== actual[i]) same = false;
        if (!same) {
          pc = w[pc + 1];
          return pc;
        }
        advanceContext(w, matchContext, bits);
        pc += 5;
        return pc;
      }
      case 130 /* bs_get_utf8 */:
      case 131 /* bs_get_utf16 */:
      case 132 /* bs_get_utf32 */:
      case 133 /* bs_skip_utf8 */:
      case 134 /* bs_skip_utf16 */:
      case 135 /* bs_skip_utf32 */: {
        // Fail Ctx Live Flags [Dst]
        const op = w[pc];
        const type = op === 130 /* bs_get_utf8 */ || op === 133 /* bs_skip_utf8 */ ? 'utf8' : op === 131 /* bs_get_utf16 */ || op === 134 /* bs_skip_utf16 */ ? 'utf16' : 'utf32';
        const matchContext = src(w[pc + 2]);
        const decoded = decodeCodePoint(context.arena.u8, contextBitAddress(context.arena, matchContext), contextRemaining(w, matchContext), type, (w[pc + 4] & FIELD_LITTLE_OR_NATIVE) !== 0);
        if (decoded === undefined) {
          pc = w[pc + 1];
          return pc;
        }
        advanceContext(w, matchContext, decoded.bits);
        if (op === 130 /* bs_get_utf8 */ || op === 131 /* bs_get_utf16 */ || op === 132 /* bs_get_utf32 */) {
          dst(w[pc + 5], makeSmall(decoded.code));
          pc += 6;
        } else {
          pc += 5;
        }
        return pc;
      }
      case 136 /* bs_get_tail */: {
        // Ctx Dst Live
        let matchContext = src(w[pc + 1]);
        if (context.stackTop - context.heapTop < SUB_BINARY_OBJECT_WORDS) {
          gc(SUB_BINARY_OBJECT_WORDS, w[pc + 3]);
          matchContext = src(w[pc + 1]);
        }
        const at = pointerIndex(matchContext);
        dst(w[pc + 2], makeSubBinaryTerm(context, w[at + 3], contextOffset(w, matchContext), contextRemaining(w, matchContext)));
        pc += 4;
        return pc;
      }
      case 137 /* bs_get_position */:
        dst(w[pc + 2], makeSmall(contextOffset(w, src(w[pc + 1]))));
        pc += 4;
        return pc;
      case 138 /* bs_set_position */:
        setContextPosition(w, src(w[pc + 1]), smallValue(src(w[pc + 2])));
        pc += 3;
        return pc;

      case 162 /* bs_match */: {
        // Fail Ctx Count Command...: the commands run in order over one match context; the
        // first that fails restores the position it started from and jumps to Fail.
        let matchContext = matchContextIn(w[pc + 2]);
        const start = contextOffset(w, matchContext);
        const end = pc + 4 + w[pc + 3];
        let at = pc + 4;
        let matched = true;
        // The context is kept in a local: a command may write its result over the context's
        // register once no later command needs it. A collection moves it, so it is read
        // again from the register, which a valid program has not overwritten yet.
        while (matched && at < end) {
          const remaining = contextRemaining(w, matchContext);
          switch (w[at]) {
            case BSM_ENSURE_AT_LEAST: {
              const bits = w[at + 1] >>> 0;
              matched = remaining >= bits && (remaining - bits) % w[at + 2] === 0;
              at += 3;
              break;
            }
            case BSM_ENSURE_EXACTLY:
              matched = remaining === w[at + 1] >>> 0;
              at += 2;
              break;
            case BSM_INTEGER: {
              // Live Flags Bits Dst
              const bits = w[at + 3] >>> 0;
              if (bits > remaining) {
                matched = false;
                break;
              }
              const flags = w[at + 2];
              const value = readIntegerSegment(context.arena.u8, contextBitAddress(context.arena, matchContext), bits, (flags & FIELD_LITTLE_OR_NATIVE) !== 0, (flags & 4) !== 0);
              const need = integerWords(value);
              if (context.stackTop - context.heapTop < need) {
                gc(need, w[at + 1]);
                matchContext = matchContextIn(w[pc + 2]);
              }
              advanceContext(w, matchContext, bits);
              dst(w[at + 4], makeInteger(context, value));
              at += 5;
              break;
            }
            case BSM_BINARY: {
              // Live Bits Dst
              const bits = w[at + 2] >>> 0;
              if (bits > remaining) {
                matched = false;
                break;
              }
              if (context.stackTop - context.heapTop < SUB_BINARY_OBJECT_WORDS) {
                gc(SUB_BINARY_OBJECT_WORDS, w[at + 1]);
                matchContext = matchContextIn(w[pc + 2]);
              }
              const binary = makeSubBinaryTerm(context, bitsOf(w, matchContext).original, contextOffset(w, matchContext), bits);
              advanceContext(w, matchContext, bits);
              dst(w[at + 3], binary);
              at += 4;
              break;
            }
            case BSM_SKIP: {
              const bits = w[at + 1] >>> 0;
              if (bits > remaining) matched = false;
              else advanceContext(w, matchContext, bits);
              at += 2;
              break;
            }
            case BSM_GET_TAIL: {
              // Live Dst: the rest as a sub-binary; the position stays, as bs_get_tail's does.
              if (context.stackTop - context.heapTop < SUB_BINARY_OBJECT_WORDS) {
                gc(SUB_BINARY_OBJECT_WORDS, w[at + 1]);
                matchContext = matchContextIn(w[pc + 2]);
              }
              dst(w[at + 2], makeSubBinaryTerm(context, bitsOf(w, matchContext).original, contextOffset(w, matchContext), contextRemaining(w, matchContext)));
              at += 3;
              break;
            }
            case BSM_EQUAL: {
              // Bits High Low: the next bits, big-endian unsigned, against a 64-bit value.
              const bits = w[at + 1];
              if (bits > remaining) {
                matched = false;
                break;
              }
              const actual = readIntegerSegment(context.arena.u8, contextBitAddress(context.arena, matchContext), bits, false, false);
              const high = w[at + 2] >>> 0;
              const low = w[at + 3] >>> 0;
              matched = typeof actual === 'number' ? actual === high * 0x100000000 + low : actual === ((BigInt(high) << 32n) | BigInt(low));
              if (matched) advanceContext(w, matchContext, bits);
              at += 4;
              break;
            }
            default:
              throw new UnsupportedInstruction(`bs_match command ${w[at]} at ${at}`);
          }
        }
        if (!matched) {
          setContextPosition(w, matchContext, start);
          return w[pc + 1];
        }
        return end;
      }

      case 121 /* bs_init_writable */: {
        // x0 = a binary to append to (its size hint in x0 is not needed: appends copy).
        if (context.stackTop - context.heapTop < 4) gc(4, 0);
        x[0] = finishBitstring(context, new BitWriter());
        pc += 1;
        return pc;
      }

      // ---- binary construction (OTP 22-24: bs_init2 / bs_put_* / bs_append) ----
      case 107 /* bs_init2 */:
      case 108 /* bs_init_bits */: {
        // Fail Size Words Live Flags Dst
        const sizeTerm = src(w[pc + 2]);
        if (!isSmall(sizeTerm) || smallValue(sizeTerm) < 0) {
          if (w[pc + 1] !== 0) {
            pc = w[pc + 1];
            return pc;
          }
          throw error(makeAtom(ATOM_BADARG));
        }
        const bits = w[pc] === 107 /* bs_init2 */ ? smallValue(sizeTerm) * 8 : smallValue(sizeTerm);
        const need = bitstringWords(bits) + w[pc + 3];
        if (context.stackTop - context.heapTop < need) gc(need, w[pc + 4]);
        const built = newBitstring(context, bits);
        construction.dataBit = built.dataBit;
        construction.position = 0;
        dst(w[pc + 6], built.term);
        pc += 7;
        return pc;
      }
      case 109 /* bs_add */: {
        // Fail Src1 Src2 Unit Dst
        const a = src(w[pc + 2]);
        const b = src(w[pc + 3]);
        if (!isSmall(a) || !isSmall(b) || smallValue(a) < 0 || smallValue(b) < 0) {
          if (w[pc + 1] !== 0) {
            pc = w[pc + 1];
            return pc;
          }
          throw error(makeAtom(ATOM_BADARG));
        }
        dst(w[pc + 5], makeSmall(smallValue(a) + smallValue(b) * w[pc + 4]));
        pc += 6;
        return pc;
      }
      case 110 /* bs_put_integer */:
      case 111 /* bs_put_binary */:
      case 112 /* bs_put_float */: {
        // Fail Size Unit Flags Src
        const op = w[pc];
        const segment = new BitWriter();
        const sizeTerm = src(w[pc + 2]);
        const value = src(w[pc + 5]);
        const little = (w[pc + 4] & FIELD_LITTLE_OR_NATIVE) !== 0;
        let ok = true;
        if (op === 110 /* bs_put_integer */) {
          if (!isSmall(sizeTerm) || smallValue(sizeTerm) < 0 || !isIntegerTerm(w, value)) ok = false;
          else segment.writeInteger(integerBigValue(w, value), smallValue(sizeTerm) * w[pc + 3], little);
        } else if (op === 112 /* bs_put_float */) {
          const bits = isSmall(sizeTerm) ? smallValue(sizeTerm) * w[pc + 3] : -1;
          if ((bits !== 64 && bits !== 32) || !isNumberTerm(w, value)) ok = false;
          else {
            const bytes = new Uint8Array(bits / 8);
            const view = new DataView(bytes.buffer);
            if (bits === 64) view.setFloat64(0, numberAsFloat(w, value), little);
            else view.setFloat32(0, numberAsFloat(w, value), little);
            segment.writeBytes(bytes, bits);
          }
        } else if (!isBitstring(w, value)) ok = false;
        else {
          const { original, offset, size } = bitsOf(w, value);
          const bits = isSmall(sizeTerm) ? smallValue(sizeTerm) * w[pc + 3] : size;
          if (bits > size) ok = false;
          else segment.writeBytes(readBitsAsBytes(arena.fixedU8, binaryDataByte(arena, original) * 8 + offset, bits), bits);
        }
        if (!ok) {
          if (w[pc + 1] !== 0) {
            pc = w[pc + 1];
            return pc;
          }
          throw error(makeAtom(ATOM_BADARG));
        }
        copyBitsInto(arena.fixedU8, construction.dataBit + construction.position, segment.bytes, segment.bits);
        construction.position += segment.bits;
        pc += 6;
        return pc;
      }
      case 113 /* bs_put_string */: {
        const length = w[pc + 1];
        const u8 = arena.fixedU8;
        copyBitsInto(u8, construction.dataBit + construction.position, u8.slice(w[pc + 2], w[pc + 2] + length), length * 8);
        construction.position += length * 8;
        pc += 3;
        return pc;
      }
      case 114 /* bs_put_utf8 */:
      case 115 /* bs_put_utf16 */:
      case 116 /* bs_put_utf32 */: {
        // Fail Flags Src
        const op = w[pc];
        const value = src(w[pc + 3]);
        const bytes = isSmall(value) ? encodeCodePoint(smallValue(value), op === 114 ? 'utf8' : op === 115 ? 'utf16' : 'utf32', (w[pc + 2] & FIELD_LITTLE_OR_NATIVE) !== 0) : undefined;
        if (bytes === undefined) {
          if (w[pc + 1] !== 0) {
            pc = w[pc + 1];
            return pc;
          }
          throw error(makeAtom(ATOM_BADARG));
        }
        copyBitsInto(arena.fixedU8, construction.dataBit + construction.position, Uint8Array.from(bytes), bytes.length * 8);
        construction.position += bytes.length * 8;
        pc += 4;
        return pc;
      }
      case 117 /* bs_utf8_size */:
      case 118 /* bs_utf16_size */: {
        // Fail Src Dst
        const value = src(w[pc + 2]);
        const bytes = isSmall(value) ? encodeCodePoint(smallValue(value), w[pc] === 117 ? 'utf8' : 'utf16', false) : undefined;
        if (bytes === undefined) {
          if (w[pc + 1] !== 0) {
            pc = w[pc + 1];
            return pc;
          }
          throw error(makeAtom(ATOM_BADARG));
        }
        dst(w[pc + 3], makeSmall(bytes.length));
        pc += 4;
        return pc;
      }
      case 119 /* bs_append */:
      case 120 /* bs_private_append */: {
        // bs_append: Fail Size Extra Live Unit Bin Flags Dst; bs_private_append: Fail Size Unit Bin Flags Dst
        const append = w[pc] === 119;
        const sizeTerm = src(w[pc + 2]);
        const binaryOperand = append ? w[pc + 6] : w[pc + 4];
        const live = append ? w[pc + 4] : 0;
        let binary = src(binaryOperand);
        if (!isSmall(sizeTerm) || smallValue(sizeTerm) < 0 || !isBitstring(w, binary)) {
          if (w[pc + 1] !== 0) {
            pc = w[pc + 1];
            return pc;
          }
          throw error(makeAtom(ATOM_BADARG));
        }
        const oldBits = bitsOf(w, binary).size;
        const total = oldBits + smallValue(sizeTerm);
        const need = bitstringWords(total) + (append ? w[pc + 3] : 0);
        if (context.stackTop - context.heapTop < need) {
          // bs_private_append names no live registers, so it cannot collect (ERTS grows the
          // binary off-heap instead): running out of heap here fails the process.
          if (!append) throw new HeapNeeded(need);
          x[live] = binary;
          gc(need, live + 1);
          binary = x[live];
        }
        const old = bitsOf(w, binary);
        const oldBytes = readBitsAsBytes(arena.fixedU8, binaryDataByte(arena, old.original) * 8 + old.offset, old.size);
        const built = newBitstring(context, total);
        copyBitsInto(arena.fixedU8, built.dataBit, oldBytes, old.size);
        construction.dataBit = built.dataBit;
        construction.position = old.size;
        dst(w[pc + (append ? 8 : 6)], built.term);
        pc += append ? 9 : 7;
        return pc;
      }

      // ---- binary construction (OTP 25) ----
      case 106 /* bs_create_bin */: {
        // Fail Alloc Live Unit Dst [Type Unit Flags Src Size]...
        const alloc = w[pc + 2];
        const live = w[pc + 3];
        const count = w[pc + 6];
        const at = pc;
        let built: number | undefined;
        for (;;) {
          const writer = new BitWriter();
          const failed = buildSegments(at + 7, count, writer);
          if (failed) {
            if (w[at + 1] !== 0) break;
            throw error(makeAtom(ATOM_BADARG));
          }
          try {
            built = finishBitstring(context, writer);
            break;
          } catch (problem) {
            if (!(problem instanceof HeapNeeded)) throw problem;
            gc(problem.words + alloc, live);
          }
        }
        if (built === undefined) {
          pc = w[at + 1];
          return pc;
        }
        // Alloc words must be free after the binary: the compiler folds the test_heap of
        // the instructions that follow into it (a put_tuple2 of the result, say).
        if (context.stackTop - context.heapTop < alloc) {
          x[live] = built;
          gc(alloc, live + 1);
          built = x[live];
        }
        dst(w[at + 5], built);
        pc += 7 + count;
        return pc;
      }
      default:
        return -1;
    }
  }

  // ---- helpers that need the loop's state ----

  /** Appends bs_create_bin segments to `writer`; true when a segment's value or size is bad. */
  function buildSegments(start: number, count: number, writer: BitWriter): boolean {
    const u8 = context.arena.u8;
    for (let s = start; s < start + count; s += 5) {
      const type = w[s];
      const unit = w[s + 1];
      const flags = w[s + 2];
      const little = (flags & FIELD_LITTLE_OR_NATIVE) !== 0;
      const sizeTerm = w[s + 4];
      if (type === SEGMENT_STRING) {
        const length = smallValue(sizeTerm);
        writer.writeBytes(u8.subarray(w[s + 3], w[s + 3] + length), length * 8);
        continue;
      }
      const value = src(w[s + 3]);
      const size = src(sizeTerm);
      switch (type) {
        case SEGMENT_INTEGER: {
          if (!isSmall(size) || smallValue(size) < 0) return true;
          if (!isSmall(value) && !isBignumWord(value)) return true;
          writer.writeInteger(integerBigValue(w, value), smallValue(size) * unit, little);
          break;
        }
        case SEGMENT_FLOAT: {
          if (!isSmall(size)) return true;
          const bits = smallValue(size) * unit;
          if (!isNumberTerm(w, value) || (bits !== 64 && bits !== 32 && bits !== 16)) return true;
          const bytes = new Uint8Array(bits / 8);
          const view = new DataView(bytes.buffer);
          const number = numberAsFloat(w, value);
          if (bits === 64) view.setFloat64(0, number, little);
          else if (bits === 32) view.setFloat32(0, number, little);
          else return true;
          writer.writeBytes(bytes, bits);
          break;
        }
        case SEGMENT_BINARY:
        case SEGMENT_APPEND:
        case SEGMENT_PRIVATE_APPEND: {
          if (!isBitstring(w, value)) return true;
          const { original, offset, size: available } = bitsOf(w, value);
          let bits: number;
          if (isAtomWord(size)) {
            bits = available;
            if (bits % unit !== 0) return true;
          } else if (isSmall(size) && smallValue(size) >= 0) {
            bits = smallValue(size) * unit;
            if (bits > available) return true;
          } else return true;
          const address = binaryDataByte(context.arena, original) * 8 + offset;
          writer.writeBytes(readBitsAsBytes(u8, address, bits), bits);
          break;
        }
        case SEGMENT_UTF8:
        case SEGMENT_UTF16:
        case SEGMENT_UTF32: {
          if (!isSmall(value)) return true;
          const kind = type === SEGMENT_UTF8 ? 'utf8' : type === SEGMENT_UTF16 ? 'utf16' : 'utf32';
          const bytes = encodeCodePoint(smallValue(value), kind, little);
          if (bytes === undefined) return true;
          writer.writeBytes(Uint8Array.from(bytes), bytes.length * 8);
          break;
        }
        default:
          return true;
      }
    }
    return false;
  }

  function isBignumWord(term: number): boolean {
    return isIntegerTerm(w, term);
  }

  /**
   * The gc_bif1/2/3 (or gc_bif_plus/minus...) at `at`, with `count` sources, through its
   * BIF: the address after its `count + 5` words, or its fail label when the BIF failed
   * and it has one.
   */
  function gcBifThroughBif(at: number, count: number): number {
    const fail = w[at + 1];
    const live = w[at + 2];
    const bif = w[at + 3];
    if (bif < 0) {
      const entry = -1 - bif;
      throw new ErlangException(ERROR, makeAtom(ATOM_UNDEF)).withTop(w[entry + EXPORT_MODULE], w[entry + EXPORT_FUNCTION], operandArgs(at + 4, count));
    }
    let result: number;
    try {
      result = runBif(bif, () => operandArgs(at + 4, count), live);
    } catch (problem) {
      if (fail !== 0 && problem instanceof ErlangException) return fail;
      throw problem;
    }
    dst(w[at + 4 + count], result);
    return at + 5 + count;
  }

  function operandArgs(at: number, count: number): number[] {
    const args = new Array<number>(count);
    for (let i = 0; i < count; i++) args[i] = src(w[at + i]);
    return args;
  }

  function processDone(pc: number, cp: number, reductions: number): SliceOutcome {
    context.exitReason = makeAtom(ATOM_NORMAL);
    return end(SLICE_EXITED, 1, pc, cp, reductions);
  }

  function funArity(fun: number): number {
    if (!isBoxed(fun)) return -1;
    const at = pointerIndex(fun);
    const tag = w[at] & HEADER_TAG_MASK;
    if (tag === HEADER_FUN) return w[at + FUN_LAYOUT.ARITY];
    if (tag === HEADER_EXPORT) return smallValue(w[at + 3]);
    return -1;
  }

  /** Returns where to go on; when it enters code (appliedIntoCode), the caller sets cp = returnTo. */
  function applyBif(bif: number, returnTo: number): number {
    appliedIntoCode = false;
    // erlang:apply/2 (Fun, Args) or apply/3 (M, F, Args), called as a BIF.
    const definition = system.bifs.definition(bif);
    if (definition.arity === 3) {
      const module = x[0];
      const fn = x[1];
      const arity = spreadListOrBadarg(x[2]);
      applyArity = arity;
      const target = setupApply(module, fn, arity);
      appliedIntoCode = target > 0;
      if (target > 0) return target;
      callBifAsFunction(-1 - target, arity);
      return returnTo;
    }
    const fun = x[0];
    const arity = spreadListOrBadarg(x[1]);
    const target = enterFun(fun, arity);
    applyArity = enteredLive;
    appliedIntoCode = target > 0;
    if (target > 0) return target;
    callBifAsFunction(-1 - target, arity);
    return returnTo;
  }

  function spreadListOrBadarg(list: number): number {
    const arity = spreadList(list);
    if (arity < 0) throw error(makeAtom(ATOM_BADARG));
    return arity;
  }

  /** Unwinds to the nearest catch, or ends the process. */
  function raise(exception: ErlangException, pc: number, cp: number, reductions: number): SliceOutcome | undefined {
    const process = context.process;
    process.set(PCB_EXCEPTION_CLASS, exception.classWord);
    process.set(PCB_EXCEPTION_REASON, exception.reason);
    process.set(PCB_EXCEPTION_TRACE, exception.stackTrace === 0 ? NIL : exception.stackTrace);
    if (exception.stackTrace === 0) {
      const trace = buildStackTrace(system, context, pc, cp, exception);
      process.set(PCB_EXCEPTION_TRACE, trace);
    }
    refresh();
    const klass = process.get(PCB_EXCEPTION_CLASS);
    const reason = process.get(PCB_EXCEPTION_REASON);
    const trace = process.get(PCB_EXCEPTION_TRACE);
    // Find the nearest catch tag on the stack.
    for (let at = context.stackTop; at < context.heapEnd; at++) {
      const word = w[at];
      if (!isCatch(word)) continue;
      w[at] = NIL;
      let frame = at;
      while (frame > context.stackTop && (w[frame] & 3) !== 0) frame--;
      context.stackTop = frame;
      caughtCp = w[frame] >>> 2;
      // The handler's frame is the one holding the catch slot; its CP stays on the stack.
      caughtPc = word >>> IMMEDIATE2_SIZE;
      x[0] = THE_NON_VALUE;
      x[1] = klass;
      x[2] = reason;
      x[3] = trace;
      // Class and trace stay in the PCB so that a `raise` of this trace rethrows this class.
      process.set(PCB_EXCEPTION_REASON, NIL);
      return undefined;
    }
    // Uncaught: the process exits.
    let exitReason = reason;
    if (klass !== EXIT_CLASS) {
      if (context.stackTop - context.heapTop < 6) {
        context.ensureHeap(6, 0);
        refresh();
      }
      const r = process.get(PCB_EXCEPTION_REASON);
      const t = process.get(PCB_EXCEPTION_TRACE);
      const value = klass === THROW ? makeTuple(context, [makeAtom(ATOM_NOCATCH), r]) : r;
      exitReason = makeTuple(context, [value, t]);
    }
    x[0] = process.get(PCB_EXCEPTION_CLASS);
    x[1] = process.get(PCB_EXCEPTION_REASON);
    x[2] = process.get(PCB_EXCEPTION_TRACE);
    context.exitReason = exitReason;
    return end(SLICE_EXITED, 3, pc, cp, reductions);
  }

  return executeSlice;
}

/** One interpreter per system (the scheduler thread's or a test's). */
const interpreters = new WeakMap<InterpreterSystem, SliceRunner>();

/** Runs one slice of the bound process with the interpreter of `system`. */
export function executeSlice(system: InterpreterSystem, context: ProcessContext, budget: number): SliceOutcome {
  let run = interpreters.get(system);
  if (run === undefined) {
    run = createInterpreter(system);
    interpreters.set(system, run);
  }
  return run(context, budget);
}


function isAtomWord(word: number): boolean {
  return (word & IMMEDIATE2_MASK) === 0x0b;
}

/**
 * Binary field flags (genop.tab's field_flags: little 2, signed 4, native 16): `native` is
 * little-endian on the hosts Node runs on (x86-64, arm64), as ERTS's loader makes it there.
 */
const FIELD_LITTLE_OR_NATIVE = 2 | 16;

const applyBifs = new WeakMap<InterpreterSystem, [number, number]>();
function isApplyBif(system: InterpreterSystem, bif: number): boolean {
  let numbers = applyBifs.get(system);
  if (numbers === undefined) {
    numbers = [system.bifs.bifNumber('erlang', 'apply', 2), system.bifs.bifNumber('erlang', 'apply', 3)];
    applyBifs.set(system, numbers);
  }
  return bif === numbers[0] || bif === numbers[1];
}

/** Writes the fixed part of a closure (terms' fun layout) for fun table entry `entry`. */
function writeFun(w: Int32Array, at: number, entry: number, freeCount: number, pid: number, system: InterpreterSystem): void {
  w[at] = makeHeader(HEADER_FUN, FUN_LAYOUT.FIXED_WORDS - 1 + freeCount);
  w[at + FUN_LAYOUT.ENTRY] = entry;
  w[at + FUN_LAYOUT.ARITY] = w[entry + FUN_ARITY];
  w[at + FUN_LAYOUT.INDEX] = w[entry + FUN_INDEX];
  w[at + FUN_LAYOUT.OLD_INDEX] = w[entry + FUN_INDEX];
  w[at + FUN_LAYOUT.OLD_UNIQ] = w[entry + FUN_OLD_UNIQ];
  for (let i = 0; i < 4; i++) w[at + FUN_LAYOUT.UNIQ + i] = 0;
  w[at + FUN_LAYOUT.MODULE] = moduleOfFunEntry(w, entry, system);
  w[at + FUN_LAYOUT.CREATOR] = pid;
}

function moduleOfFunEntry(w: Int32Array, entry: number, _system: InterpreterSystem): number {
  return w[entry + FUN_MODULE];
}

void allocate;
void isFloatTerm;
void FALSE;
void TRUE;
void ATOM_BADFUN;
