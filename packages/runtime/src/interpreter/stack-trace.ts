import { CodeArea, type CodeLocation } from '@beamload/loader-core';
import { ATOM_FUNCTION_CLAUSE, ATOM_UNDEF, makeAtom, makeSmall, NIL } from '@beamload/terms';
import type { ProcessContext } from '../process/process-context.js';
import type { ErlangException } from './erlang-exception.js';
import { makeCharList, makeList_, makeTuple } from './heap.js';
import type { InterpreterSystem } from './system.js';
import { newMap } from './map-ops.js';

/**
 * What the interpreter's cp register holds after a return: no return address (word 1 of
 * the arena is its header, never code, so a return through it would fail loudly).
 */
export const SPENT_CP = 1;

/** Frames kept in a stack trace (ERTS's default backtrace_depth). */
export const STACK_TRACE_DEPTH = 8;

interface Frame {
  module: number;
  function: number;
  /** Arity, or the arguments (parked in x registers while the heap is made ready). */
  arity: number;
  args: number;
  file: string;
  line: number;
  /** The erl_*_errors module of a BIF frame's {error_info, #{module => M}}, or ''. */
  errorInfo: string;
  /** Whether the location ends with error/3's {error_info, Term} (Term parked after the args). */
  errorInfoTerm?: boolean;
}

/** Modules whose BIFs ERTS explains through erl_erts_errors (the rest: erl_stdlib_errors). */
const ERTS_ERRORS_MODULES = new Set(['erlang', 'erts_internal', 'persistent_term', 'atomics', 'counters']);

/** Words of [{error_info, #{module => M}}] beyond a location list's own. */
const ERROR_INFO_WORDS = 2 + 3 + 16;

/**
 * As ERTS, a BIF that raises names itself in the top frame with the location
 * [{error_info, #{module => M}}], M being the module that formats its errors. Undefined
 * functions and function clauses are not BIF errors.
 */
function errorInfoModule(system: InterpreterSystem, exception: ErlangException, arity: number): string {
  if (exception.reason === makeAtom(ATOM_UNDEF) || exception.reason === makeAtom(ATOM_FUNCTION_CLAUSE)) return '';
  const module = system.atomName(exception.topModule);
  if (system.bifs.bifNumber(module, system.atomName(exception.topFunction), arity) < 0) return '';
  return ERTS_ERRORS_MODULES.has(module) ? 'erl_erts_errors' : 'erl_stdlib_errors';
}

/**
 * The stack trace of an exception raised at `pc`: `[{M, F, ArityOrArgs, Location}]`,
 * from the faulting function (or the BIF / undefined function it called) outwards,
 * following the continuation pointers on the stack. Allocates on the heap, collecting
 * garbage first if needed; the exception's arguments survive in x registers.
 */
export function buildStackTrace(system: InterpreterSystem, context: ProcessContext, pc: number, cp: number, exception: ErlangException): number {
  let w = context.words;
  const frames: Frame[] = [];
  // error/2,3 name the raising function itself with their Args (and error_info).
  const ownFrameArgs = exception.topModule === 0 && exception.args === undefined ? exception.currentFrameArgs : undefined;
  const args = exception.args ?? ownFrameArgs ?? [];
  const errorInfoTerm = ownFrameArgs !== undefined ? exception.errorInfo : 0;
  const locate = (address: number): CodeLocation | undefined => {
    const base = system.codeAreaContaining(address);
    return base === 0 ? undefined : new CodeArea(w, base).locate(address);
  };
  const pushLocation = (location: CodeLocation | undefined): void => {
    if (location === undefined || frames.length >= STACK_TRACE_DEPTH) return;
    frames.push({
      module: location.module,
      function: location.function,
      arity: location.arity,
      args: -1,
      file: location.file === 0 ? '' : system.atomName(location.file),
      line: location.line,
      errorInfo: '',
    });
  };
  const here = locate(pc);
  if (exception.topModule !== 0) {
    const sameFunction = here !== undefined && here.module === exception.topModule && here.function === exception.topFunction && here.arity === args.length;
    frames.push({
      module: exception.topModule,
      function: exception.topFunction,
      arity: args.length,
      args: 1,
      file: sameFunction && here.file !== 0 ? system.atomName(here.file) : '',
      line: sameFunction ? here.line : 0,
      errorInfo: sameFunction ? '' : errorInfoModule(system, exception, args.length),
    });
    if (!sameFunction) pushLocation(here);
  } else {
    pushLocation(here);
    if (ownFrameArgs !== undefined && frames.length > 0) {
      frames[0].args = 1;
      frames[0].arity = args.length;
      frames[0].errorInfoTerm = errorInfoTerm !== 0;
    }
  }
  // The CP register, unless the current function already saved it in its frame.
  const stackStart = context.stackTop;
  let firstStackCp = -1;
  for (let at = stackStart; at < context.heapEnd; at++) {
    if ((w[at] & 3) === 0) {
      firstStackCp = w[at] >>> 2;
      break;
    }
  }
  // As ERTS, a continuation pointer equal to the one recorded just before is recorded
  // once: a body recursion (or a list comprehension) n calls deep shows as one frame.
  let previousCp = -1;
  const pushCp = (address: number): void => {
    if (address === previousCp) return;
    previousCp = address;
    pushLocation(locate(address - 1));
  };
  if (cp !== 0 && cp !== SPENT_CP && cp !== firstStackCp) pushCp(cp);
  for (let at = stackStart; at < context.heapEnd && frames.length < STACK_TRACE_DEPTH; at++) {
    const word = w[at];
    if ((word & 3) !== 0) continue;
    const address = word >>> 2;
    if (address !== 0) pushCp(address);
  }

  // Size everything, make room once (arguments parked in x0..), then build.
  let need = 0;
  for (const frame of frames) {
    need += 5 + 2;
    if (frame.args >= 0) need += args.length * 2;
    if (frame.line > 0) need += 4 + 6 + frame.file.length * 2;
    if (frame.errorInfo !== '') need += ERROR_INFO_WORDS;
    if (frame.errorInfoTerm === true) need += 2 + 3;
  }
  for (let i = 0; i < args.length; i++) context.x[i] = args[i];
  const parked = args.length + (errorInfoTerm !== 0 ? 1 : 0);
  if (errorInfoTerm !== 0) context.x[args.length] = errorInfoTerm;
  context.ensureHeap(need, parked);
  w = context.words;
  const movedArgs = Array.from(context.x.subarray(0, args.length));
  const movedErrorInfo = errorInfoTerm !== 0 ? context.x[args.length] : 0;
  const fileAtom = system.atom('file');
  const lineAtom = system.atom('line');
  const entries = frames.map((frame) => {
    const third = frame.args >= 0 ? makeList_(context, movedArgs) : makeSmall(frame.arity);
    const ownErrorInfo = frame.errorInfoTerm === true ? [makeTuple(context, [system.atom('error_info'), movedErrorInfo])] : [];
    const location =
      frame.line > 0
        ? makeList_(context, [
            makeTuple(context, [fileAtom, makeCharList(context, frame.file)]),
            makeTuple(context, [lineAtom, makeSmall(frame.line)]),
            ...ownErrorInfo,
          ])
        : ownErrorInfo.length > 0
          ? makeList_(context, ownErrorInfo)
          : frame.errorInfo !== ''
          ? makeList_(context, [makeTuple(context, [system.atom('error_info'), newMap(system.store, context, [system.atom('module')], [system.atom(frame.errorInfo)])])])
          : NIL;
    return makeTuple(context, [frame.module, frame.function, third, location]);
  });
  return makeList_(context, entries);
}
