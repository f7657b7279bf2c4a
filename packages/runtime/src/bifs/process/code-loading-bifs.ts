/**
 * The code-loading BIFs, wired to loader-core through the runtime's configured strategy:
 * erlang:load_module/2, prepare_loading/2, finish_loading/1, delete_module/1,
 * purge_module/1, check_old_code/1, module_loaded/1, check_process_code/2,3, loaded/0,
 * pre_loaded/0.
 *
 * Whatever waits (the permission, a block, thread progress, the process checks of a
 * purge) runs as a system task: the BIF traps, the scheduler suspends the calling process
 * on the task's waits (never the scheduler, except while the system is blocked) and
 * resumes it with the result in x0.
 *
 * prepare_loading/2 only checks its arguments and keeps the bytes in an opaque
 * {'$prepared_code', Module, Binary} term; the strategy prepares them inside
 * finish_loading/1, so that each strategy decides whether the world waits for prepare.
 */

import {
  ATOM_BADARG,
  ATOM_FALSE,
  ATOM_OK,
  ATOM_TRUE,
  ATOM_UNDEFINED,
  HEADER_TUPLE,
  NIL,
  headerArity,
  headerTag,
  isBoxed,
  makeAtom,
  makeBoxed,
  makeHeader,
  makeList,
  pointerIndex,
  termToValue,
} from '@beamload/terms';
import { purgeModule, deleteModule, type LoadResult, type LoadError, type SystemTask, type Wait } from '@beamload/loader-core';
import { BifTrap } from '../../interpreter/erlang-exception.js';
import { allocate } from '../../interpreter/heap.js';
import type { ProcessContext } from '../../process/process-context.js';
import type { Scheduler } from '../../scheduler/scheduler.js';
import { lookupProcess } from '../../system/process-table.js';
import { checkOrAskCode } from '../../system/code-references.js';
import type { BifCall, BifDefinition } from '../bif.js';
import { badarg } from '../bif-errors.js';
import { properList, requireAtom, requirePid } from './process-bif-support.js';

const TRUE = makeAtom(ATOM_TRUE);
const FALSE = makeAtom(ATOM_FALSE);
const OK = makeAtom(ATOM_OK);
const UNDEFINED = makeAtom(ATOM_UNDEFINED);
const BADARG = makeAtom(ATOM_BADARG);
const PREPARED_TAG = '$prepared_code';

function schedulerOf(call: BifCall): Scheduler {
  const scheduler = call.context.host as unknown as Scheduler;
  if (scheduler.loader === null || scheduler.loadStrategy === null) throw badarg();
  return scheduler;
}

/** A tuple built on the bound process's heap (inside a system task: the context is bound). */
function heapTuple(context: ProcessContext, elements: readonly number[]): number {
  context.ensureHeap(elements.length + 1, context.arity);
  const at = allocate(context, elements.length + 1);
  const words = context.words;
  words[at] = makeHeader(HEADER_TUPLE, elements.length);
  for (let i = 0; i < elements.length; i++) words[at + 1 + i] = elements[i];
  return makeBoxed(at);
}

/** `bound`: inside a system task (may collect); otherwise inside a BIF (HeapNeeded on shortage). */
function heapList(context: ProcessContext, elements: readonly number[], bound = true): number {
  if (elements.length === 0) return NIL;
  if (bound) context.ensureHeap(elements.length * 2, context.arity);
  const at = allocate(context, elements.length * 2);
  const words = context.words;
  for (let i = 0; i < elements.length; i++) {
    words[at + 2 * i] = elements[i];
    words[at + 2 * i + 1] = i + 1 < elements.length ? makeList(at + 2 * i + 2) : NIL;
  }
  return makeList(at);
}

function binaryBytes(call: BifCall, term: number, args: readonly number[]): Uint8Array {
  const value = termToValue(call.system.store, term);
  if (!(value instanceof Uint8Array)) throw badarg(args);
  return value;
}

function errorAtom(call: BifCall, error: LoadError): number {
  return call.system.atom(error.code);
}

/** Runs a strategy load in a system task; `finish` turns the outcome into the BIF's result term. */
function loadTask(call: BifCall, requests: Array<{ bytes: Uint8Array; module: string }>, finish: (result: LoadResult) => number): never {
  const scheduler = schedulerOf(call);
  const strategy = scheduler.loadStrategy!;
  const loader = scheduler.loader!;
  const task = (function* (): SystemTask<number> {
    const result = yield* strategy.loadModules({ loader, system: scheduler.system }, requests);
    return finish(result);
  })();
  throw new BifTrap({ kind: 'system-task', task });
}

function loadModule(call: BifCall, args: number[]): number {
  const module = requireAtom(args[0], args);
  const bytes = binaryBytes(call, args[1], args);
  const context = call.context;
  return loadTask(call, [{ bytes, module: call.system.atomName(module) }], (result) => {
    if (result.ok) return heapTuple(context, [call.system.atom('module'), module]);
    const reason = result.error.code === 'badfile' || result.error.code === 'not_purged' || result.error.code === 'on_load_failure' ? errorAtom(call, result.error) : call.system.atom('badfile');
    return heapTuple(context, [call.system.atom('error'), reason]);
  });
}

function prepareLoading(call: BifCall, args: number[]): number {
  const module = requireAtom(args[0], args);
  binaryBytes(call, args[1], args);
  const at = allocate(call.context, 4);
  const words = call.context.words;
  words[at] = makeHeader(HEADER_TUPLE, 3);
  words[at + 1] = call.system.atom(PREPARED_TAG);
  words[at + 2] = module;
  words[at + 3] = args[1];
  return makeBoxed(at);
}

function finishLoading(call: BifCall, args: number[]): number {
  const words = call.context.words;
  const prepared = properList(call, args[0], args).map((item) => {
    if (!isBoxed(item)) throw badarg(args);
    const at = pointerIndex(item);
    if (headerTag(words[at]) !== HEADER_TUPLE || headerArity(words[at]) !== 3 || words[at + 1] !== call.system.atom(PREPARED_TAG)) throw badarg(args);
    return { module: call.system.atomName(words[at + 2]), bytes: binaryBytes(call, words[at + 3], args) };
  });
  const context = call.context;
  return loadTask(call, prepared, (result) => {
    if (result.ok) return OK;
    const modules = result.error.modules.map((name) => call.system.atom(name));
    const code = result.error.code === 'on_load_not_allowed' ? 'on_load' : result.error.code;
    return heapTuple(context, [call.system.atom(code), heapList(context, modules)]);
  });
}

function moduleOperation(call: BifCall, args: number[], run: (scheduler: Scheduler, module: string) => SystemTask<number>): never {
  const module = call.system.atomName(requireAtom(args[0], args));
  const scheduler = schedulerOf(call);
  throw new BifTrap({ kind: 'system-task', task: run(scheduler, module) });
}

// A system task ends with a value, not an exception: the badarg cases are checked before
// trapping. (A racing loader could still change the answer meanwhile: the task then
// returns the atom the operation failed with.)
function deleteModuleBif(call: BifCall, args: number[]): number {
  const module = call.system.atomName(requireAtom(args[0], args));
  const loader = schedulerOf(call).loader!;
  const status = loader.status(module, loader.activeIndex());
  if (status.old !== 0) throw badarg(args);
  if (status.current === 0) return UNDEFINED;
  return moduleOperation(call, args, function* (scheduler, name) {
    const result = yield* deleteModule({ loader: scheduler.loader!, system: scheduler.system }, name);
    if (result.ok) return TRUE;
    return result.error.code === 'not_loaded' ? UNDEFINED : BADARG;
  });
}

function purgeModuleBif(call: BifCall, args: number[]): number {
  const module = call.system.atomName(requireAtom(args[0], args));
  if (!schedulerOf(call).loader!.checkOldCode(module)) throw badarg(args);
  return moduleOperation(call, args, function* (scheduler, name) {
    const result = yield* purgeModule({ loader: scheduler.loader!, system: scheduler.system }, name, 'hard');
    return result.purged ? TRUE : BADARG;
  });
}

function checkProcessCode(call: BifCall, args: number[]): number {
  const pid = requirePid(args[0], args);
  const module = call.system.atomName(requireAtom(args[1], args));
  const scheduler = schedulerOf(call);
  const loader = scheduler.loader!;
  const old = loader.status(module, loader.activeIndex()).old;
  if (old === 0) return FALSE;
  const code = loader.instance(old);
  const contains = (address: number): boolean => code.containsCode(address);
  if (pid === call.context.process.pid) {
    // The caller is running this very BIF: its own pc is not in old code, its stack may be.
    const words = call.context.words;
    for (let i = call.context.stackTop; i < call.context.heapEnd; i++) {
      const word = words[i];
      if ((word & 3) === 0 && contains(word >>> 2)) return TRUE;
    }
    return FALSE;
  }
  const target = lookupProcess(scheduler.view, pid);
  if (target === null) return FALSE;
  const answer = checkOrAskCode(scheduler.view, target, old, contains);
  if (answer !== 'unknown') return answer === 'yes' ? TRUE : FALSE;
  // The target is on a scheduler right now: the caller waits (suspended, not its
  // scheduler) until it is off and can be read.
  const task = (function* (): SystemTask<number> {
    const result = (yield { kind: 'process-off-scheduler', pid, instance: old } as unknown as Wait) as unknown as { references: boolean };
    return result.references ? TRUE : FALSE;
  })();
  throw new BifTrap({ kind: 'system-task', task });
}

export const CODE_LOADING_BIFS: readonly BifDefinition[] = [
  { module: 'erlang', name: 'load_module', arity: 2, run: loadModule },
  { module: 'erlang', name: 'prepare_loading', arity: 2, run: prepareLoading },
  { module: 'erlang', name: 'finish_loading', arity: 1, run: finishLoading },
  { module: 'erlang', name: 'delete_module', arity: 1, run: deleteModuleBif },
  { module: 'erlang', name: 'purge_module', arity: 1, run: purgeModuleBif },
  {
    module: 'erlang',
    name: 'check_old_code',
    arity: 1,
    run: (call, args) => (schedulerOf(call).loader!.checkOldCode(call.system.atomName(requireAtom(args[0], args))) ? TRUE : FALSE),
  },
  {
    module: 'erlang',
    name: 'module_loaded',
    arity: 1,
    run: (call, args) => (schedulerOf(call).loader!.moduleLoaded(call.system.atomName(requireAtom(args[0], args))) ? TRUE : FALSE),
  },
  { module: 'erlang', name: 'check_process_code', arity: 2, run: checkProcessCode },
  { module: 'erlang', name: 'check_process_code', arity: 3, run: (call, args) => checkProcessCode(call, args.slice(0, 2)) },
  {
    module: 'erlang',
    name: 'loaded',
    arity: 0,
    run: (call) => heapList(call.context, schedulerOf(call).loader!.loadedModules().map((name) => call.system.atom(name)), false),
  },
  { module: 'erlang', name: 'pre_loaded', arity: 0, run: () => NIL },
];
