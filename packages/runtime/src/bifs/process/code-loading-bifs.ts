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
 * prepare_loading/2 runs the strategy's prepare step and returns a ref naming the
 * prepared module in the code server's table (system/code-server.ts); finish_loading/1
 * runs its finish step. code:ensure_loaded/1 (the error_handler's way in) and
 * code:load_binary/3 load with on_load; erlang:load_module/2 refuses on_load modules, as
 * OTP's does.
 */

import {
  ATOM_BADARG,
  ATOM_FALSE,
  ATOM_OK,
  ATOM_TRUE,
  ATOM_UNDEFINED,
  HEADER_TUPLE,
  NIL,
  ATOM_EXIT_CLASS,
  ATOM_NORMAL,
  isAtom,
  isList,
  isSmall,
  smallValue,
  makeAtom,
  makeBoxed,
  makeHeader,
  makeList,
  pointerIndex,
  termToValue,
} from '@beamload/terms';
import { purgeModule, deleteModule, finishLeftPrepared, type LoadResult, type SystemTask, type Wait } from '@beamload/loader-core';
import { readFileSync } from 'node:fs';
import { BifTrap, ErlangException } from '../../interpreter/erlang-exception.js';
import type { CodeServer } from '../../system/code-server.js';
import { findOnCodePath } from '../../host/code-path.js';
import { PRELOADED_MODULES } from '../../preloaded/preloaded-modules.js';
import { allocate } from '../../interpreter/heap.js';
import type { ProcessContext } from '../../process/process-context.js';
import type { Scheduler } from '../../scheduler/scheduler.js';
import { lookupProcess } from '../../system/process-table.js';
import { checkOrAskCode } from '../../system/code-references.js';
import type { BifCall, BifDefinition } from '../bif.js';
import { badarg, errorWith } from '../bif-errors.js';
import { properList, refNumbers, requireAtom, requirePid } from './process-bif-support.js';

const TRUE = makeAtom(ATOM_TRUE);
const FALSE = makeAtom(ATOM_FALSE);
const OK = makeAtom(ATOM_OK);
const UNDEFINED = makeAtom(ATOM_UNDEFINED);
const BADARG = makeAtom(ATOM_BADARG);
/** Ref numbers of a code server entry that no ref names (make_ref's counter stops short of them). */
const NO_REF: [number, number] = [-1, -1];

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

/**
 * {Tag, [Elements...]} (immediates) on the bound process's heap, in one reservation: a
 * collection between building the list and the tuple would leave the tuple pointing at
 * the list's old place.
 */
function heapTaggedList(context: ProcessContext, tag: number, elements: readonly number[]): number {
  context.ensureHeap(3 + elements.length * 2, context.arity);
  const list = heapList(context, elements, false);
  const at = allocate(context, 3);
  const words = context.words;
  words[at] = makeHeader(HEADER_TUPLE, 2);
  words[at + 1] = tag;
  words[at + 2] = list;
  return makeBoxed(at);
}

function binaryBytes(call: BifCall, term: number, args: readonly number[]): Uint8Array {
  const value = termToValue(call.system.store, term);
  if (!(value instanceof Uint8Array)) throw badarg(args);
  return value;
}

function codeServerOf(scheduler: Scheduler, args: readonly number[]): CodeServer {
  if (scheduler.codeServer === null) throw badarg(args);
  return scheduler.codeServer;
}

/** A local ref with the given numbers on the bound process's heap (inside a system task). */
function heapRef(context: ProcessContext, numbers: [number, number]): number {
  const services = context.host.services;
  context.ensureHeap(services.refWords, context.arity);
  return services.writeRef(allocate(context, services.refWords), numbers);
}

function errorTuple(call: BifCall, context: ProcessContext, reason: string): number {
  return heapTuple(context, [call.system.atom('error'), call.system.atom(reason)]);
}

/**
 * The whole load of one module for load_module/2, code:load_binary/3 and
 * code:ensure_loaded/1: the strategy's prepare step, then its finish step (which runs
 * an on_load function). While it runs, the prepared module is in the code server's table
 * owned by the caller, so that it is discarded if the caller dies in between.
 * `allowOnLoad` false: a module with -on_load is refused with `on_load` (erlang:load_module/2).
 */
function* loadOne(scheduler: Scheduler, pid: number, request: { bytes: Uint8Array; module: string }, allowOnLoad: boolean): SystemTask<{ ok: true } | { ok: false; reason: string }> {
  const loader = scheduler.loader!;
  const codeServer = scheduler.codeServer!;
  const context = { loader, system: scheduler.system };
  const preparation = yield* scheduler.loadStrategy!.prepareModule(context, request);
  if (!preparation.ok) return { ok: false, reason: 'badfile' };
  const { prepared } = preparation;
  // Entered as being finished, under ref numbers no ref of ours has: no finish_loading/1 can claim it.
  if (!codeServer.registerPrepared(prepared.instance, NO_REF, pid, true)) {
    loader.discard(prepared);
    return { ok: false, reason: 'system_limit' };
  }
  // Still ours to discard at the end, unless the finish installed it (a failed on_load
  // frees it: its header must not be read again, it may be reused already).
  let leftPrepared = true;
  try {
    if (prepared.hasOnLoad && !allowOnLoad) return { ok: false, reason: 'on_load' };
    const result = yield* scheduler.loadStrategy!.finishModules(context, [prepared]);
    leftPrepared = finishLeftPrepared(result);
    if (result.ok) return { ok: true };
    return { ok: false, reason: result.error.code };
  } finally {
    codeServer.forgetPrepared(prepared.instance);
    if (leftPrepared) loader.discard(prepared);
  }
}

function loadModule(call: BifCall, args: number[]): number {
  const module = requireAtom(args[0], args);
  const bytes = binaryBytes(call, args[1], args);
  const scheduler = schedulerOf(call);
  codeServerOf(scheduler, args);
  const context = call.context;
  const pid = context.process.pid;
  const task = (function* (): SystemTask<number> {
    const result = yield* loadOne(scheduler, pid, { bytes, module: call.system.atomName(module) }, false);
    if (result.ok) return heapTuple(context, [call.system.atom('module'), module]);
    return errorTuple(call, context, result.reason === 'not_purged' || result.reason === 'on_load' || result.reason === 'system_limit' ? result.reason : 'badfile');
  })();
  throw new BifTrap({ kind: 'system-task', task });
}

/** code:load_binary/3: as load_module/2, but a module's on_load function runs (as the code server does). */
function loadBinary(call: BifCall, args: number[]): number {
  const context = call.context;
  if (!isAtom(args[0])) return errorTupleNow(call, 'badarg');
  const value = termToValue(call.system.store, args[2]);
  if (!(value instanceof Uint8Array)) return errorTupleNow(call, 'badarg');
  const module = args[0];
  const scheduler = schedulerOf(call);
  codeServerOf(scheduler, args);
  const pid = context.process.pid;
  const task = (function* (): SystemTask<number> {
    const result = yield* loadOne(scheduler, pid, { bytes: value, module: call.system.atomName(module) }, true);
    if (result.ok) return heapTuple(context, [call.system.atom('module'), module]);
    return errorTuple(call, context, result.reason === 'on_load_failure' || result.reason === 'not_purged' || result.reason === 'system_limit' ? result.reason : 'badfile');
  })();
  throw new BifTrap({ kind: 'system-task', task });
}

/** {error, Reason} allocated inside a BIF (HeapNeeded reruns it). */
function errorTupleNow(call: BifCall, reason: string): number {
  const at = allocate(call.context, 3);
  const words = call.context.words;
  words[at] = makeHeader(HEADER_TUPLE, 2);
  words[at + 1] = call.system.atom('error');
  words[at + 2] = call.system.atom(reason);
  return makeBoxed(at);
}

/**
 * code:ensure_loaded/1, the code server's answer to the error_handler: {module, M} when
 * M is loaded; otherwise M.beam is looked up on the runtime's code path and loaded
 * through the configured strategy (on_load included). One load per module at a time:
 * a caller that finds another process loading M waits for it, then finds M loaded. The
 * on_load function of M calling M itself gets an error at once (it would wait for
 * itself), as with ERTS's code server.
 */
function ensureLoaded(call: BifCall, args: number[]): number {
  if (!isAtom(args[0])) return errorTupleNow(call, 'badarg');
  const module = args[0];
  const name = call.system.atomName(module);
  const scheduler = schedulerOf(call);
  const loader = scheduler.loader!;
  if (loader.moduleLoaded(name)) {
    const at = allocate(call.context, 3);
    const words = call.context.words;
    words[at] = makeHeader(HEADER_TUPLE, 2);
    words[at + 1] = call.system.atom('module');
    words[at + 2] = module;
    return makeBoxed(at);
  }
  const codeServer = codeServerOf(scheduler, args);
  const context = call.context;
  const pid = context.process.pid;
  const task = (function* (): SystemTask<number> {
    const result = yield* loadFromCodePath(scheduler, codeServer, pid, module, name);
    if (result.ok) return heapTuple(context, [call.system.atom('module'), module]);
    return errorTuple(call, context, result.reason);
  })();
  throw new BifTrap({ kind: 'system-task', task });
}

/**
 * Loads `module` from the code path unless it is loaded by the time the load lock is
 * ours; the reason of a failure is as code:ensure_loaded/1 reports it.
 */
function* loadFromCodePath(scheduler: Scheduler, codeServer: CodeServer, pid: number, module: number, name: string): SystemTask<{ ok: true } | { ok: false; reason: string }> {
  const loader = scheduler.loader!;
  if (codeServer.runsOnLoadOf(pid, module)) return { ok: false, reason: 'pending_on_load' };
  for (;;) {
    const attempt = codeServer.tryLock(module, pid);
    if (attempt === 'taken') break;
    // Another process loads it (or the lock table is full): give the scheduler back, look again.
    yield { kind: 'prepare-slice' };
    if (loader.moduleLoaded(name)) return { ok: true };
  }
  try {
    if (loader.moduleLoaded(name)) return { ok: true };
    const file = findOnCodePath(codeServer.codePath, name);
    if (file === null) return { ok: false, reason: 'nofile' };
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch {
      return { ok: false, reason: 'nofile' };
    }
    const result = yield* loadOne(scheduler, pid, { bytes, module: name }, true);
    if (result.ok) return result;
    return { ok: false, reason: result.reason === 'on_load_failure' || result.reason === 'not_purged' || result.reason === 'pending_on_load' ? result.reason : 'badfile' };
  } finally {
    codeServer.unlock(pid, module);
  }
}

/**
 * code:ensure_modules_loaded/1 (io_lib calls it when a format fails): ok when every
 * module is loaded or loads from the code path, else {error, [{Module, Reason}]} for the
 * failures, each module once, in list order. A list that is not a proper list of atoms
 * is a function_clause, as in OTP's code module.
 */
function ensureModulesLoaded(call: BifCall, args: number[]): number {
  const modules = listOfAtoms(call, args[0]);
  if (modules === undefined) throw errorWith(call.system.atom('function_clause'), args);
  const scheduler = schedulerOf(call);
  const loader = scheduler.loader!;
  const missing = [...new Set(modules)].filter((module) => !loader.moduleLoaded(call.system.atomName(module)));
  if (missing.length === 0) return call.system.atom('ok');
  const codeServer = codeServerOf(scheduler, args);
  const context = call.context;
  const pid = context.process.pid;
  const task = (function* (): SystemTask<number> {
    const failures: Array<[number, string]> = [];
    for (const module of missing) {
      const result = yield* loadFromCodePath(scheduler, codeServer, pid, module, call.system.atomName(module));
      if (!result.ok) failures.push([module, result.reason]);
    }
    if (failures.length === 0) return call.system.atom('ok');
    // One reservation: a collection between the pieces would move the earlier ones.
    context.ensureHeap(3 + failures.length * 5, context.arity);
    const words = context.words;
    const pairs = failures.map(([module, reason]) => {
      const at = allocate(context, 3);
      words[at] = makeHeader(HEADER_TUPLE, 2);
      words[at + 1] = module;
      words[at + 2] = call.system.atom(reason);
      return makeBoxed(at);
    });
    return heapTaggedList(context, call.system.atom('error'), pairs);
  })();
  throw new BifTrap({ kind: 'system-task', task });
}

function listOfAtoms(call: BifCall, list: number): number[] | undefined {
  const words = call.context.words;
  const items: number[] = [];
  while (isList(list)) {
    const head = words[pointerIndex(list)];
    if (!isAtom(head)) return undefined;
    items.push(head);
    list = words[pointerIndex(list) + 1];
  }
  return list === NIL ? items : undefined;
}

/**
 * erlang:prepare_loading/2: the strategy's prepare step runs now (where the strategy
 * says: inline, in slices, or with the world stopped) and the result is a ref naming a
 * code server entry that owns the prepared module, as ERTS's magic ref does; bad input
 * gives {error, badfile}.
 */
function prepareLoading(call: BifCall, args: number[]): number {
  const module = requireAtom(args[0], args);
  const bytes = binaryBytes(call, args[1], args);
  const scheduler = schedulerOf(call);
  const codeServer = codeServerOf(scheduler, args);
  const loader = scheduler.loader!;
  const context = call.context;
  const pid = context.process.pid;
  const task = (function* (): SystemTask<number> {
    const preparation = yield* scheduler.loadStrategy!.prepareModule({ loader, system: scheduler.system }, { bytes, module: call.system.atomName(module) });
    if (!preparation.ok) return errorTuple(call, context, 'badfile');
    const numbers = context.host.services.newRefNumbers();
    if (!codeServer.registerPrepared(preparation.prepared.instance, numbers, pid)) {
      loader.discard(preparation.prepared);
      return errorTuple(call, context, 'system_limit');
    }
    return heapRef(context, numbers);
  })();
  throw new BifTrap({ kind: 'system-task', task });
}

function preparedRefs(call: BifCall, list: number, args: readonly number[]): number[][] {
  return properList(call, list, args).map((item) => {
    const numbers = refNumbers(call.context.words, item);
    if (numbers === null) throw badarg(args);
    return numbers;
  });
}

function hasPreparedCodeOnLoad(call: BifCall, args: number[]): number {
  const numbers = refNumbers(call.context.words, args[0]);
  const scheduler = schedulerOf(call);
  const instance = numbers === null ? 0 : codeServerOf(scheduler, args).preparedInstance(numbers);
  if (instance === 0) throw badarg(args);
  return scheduler.loader!.instance(instance).onLoadEntry !== 0 ? TRUE : FALSE;
}

/**
 * erlang:finish_loading/1: installs the prepared modules atomically through the
 * strategy's finish step. Each ref is claimed first, so prepared code already finished
 * (or being finished) is badarg, as in ERTS. A refusal before the install (not_purged,
 * duplicated) leaves the refs usable, as in ERTS. A module with -on_load gives
 * {on_load, [M]} and its prepared code is consumed: ERTS parks it for the code server to
 * run the function; here only code:load_binary/3 and code:ensure_loaded/1 run on_load.
 */
function finishLoading(call: BifCall, args: number[]): number {
  const refs = preparedRefs(call, args[0], args);
  if (refs.length === 0) return OK;
  const scheduler = schedulerOf(call);
  const codeServer = codeServerOf(scheduler, args);
  const loader = scheduler.loader!;
  const context = call.context;
  const instances = codeServer.claimPrepared(refs, context.process.pid);
  if (instances === null) throw badarg(args);
  const prepared = instances.map((instance) => loader.preparedModule(instance));
  const task = (function* (): SystemTask<number> {
    const withOnLoad = [...new Set(prepared.filter((module) => module.hasOnLoad).map((module) => module.instance))];
    if (withOnLoad.length > 0) {
      // Named before they are discarded: a freed header may be reused at once.
      const names = withOnLoad.map((instance) => loader.instance(instance).moduleAtom);
      for (const instance of withOnLoad) {
        codeServer.forgetPrepared(instance);
        loader.discard(loader.preparedModule(instance));
      }
      codeServer.settlePrepared(instances.filter((instance) => !withOnLoad.includes(instance)), true);
      return heapTaggedList(context, call.system.atom('on_load'), names);
    }
    const result: LoadResult = yield* scheduler.loadStrategy!.finishModules({ loader, system: scheduler.system }, prepared);
    codeServer.settlePrepared(instances, finishLeftPrepared(result));
    if (result.ok) return OK;
    const modules = [...new Set(result.error.modules)].map((name) => call.system.atom(name));
    const code = result.error.code === 'on_load_not_allowed' ? 'on_load' : result.error.code;
    return heapTaggedList(context, call.system.atom(code), modules);
  })();
  throw new BifTrap({ kind: 'system-task', task });
}

/** erlang:function_exported/3: M is current and exports F/A, or F/A of M is a BIF. */
function functionExported(call: BifCall, args: number[]): number {
  const module = call.system.atomName(requireAtom(args[0], args));
  const fn = call.system.atomName(requireAtom(args[1], args));
  if (!isSmall(args[2]) || smallValue(args[2]) < 0) throw badarg(args);
  try {
    schedulerOf(call).loader!.resolveCall(module, fn, smallValue(args[2]));
    return TRUE;
  } catch {
    return FALSE;
  }
}

/** beamload_code:on_load_returned/1, called by beamload_on_load:returned/1 in an on_load runner: report, then end normally. */
function onLoadReturned(call: BifCall, args: number[]): number {
  const scheduler = schedulerOf(call);
  if (!codeServerOf(scheduler, args).reportOnLoad(call.context.process.pid, args[0] === OK)) throw badarg(args);
  throw new ErlangException(makeAtom(ATOM_EXIT_CLASS), makeAtom(ATOM_NORMAL));
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
  { module: 'erlang', name: 'pre_loaded', arity: 0, run: (call) => heapList(call.context, PRELOADED_MODULES.map((module) => call.system.atom(module.name)), false) },
  { module: 'erlang', name: 'has_prepared_code_on_load', arity: 1, run: hasPreparedCodeOnLoad },
  { module: 'erlang', name: 'function_exported', arity: 3, run: functionExported },
  { module: 'code', name: 'ensure_loaded', arity: 1, run: ensureLoaded },
  { module: 'code', name: 'ensure_modules_loaded', arity: 1, run: ensureModulesLoaded },
  { module: 'code', name: 'load_binary', arity: 3, run: loadBinary },
  { module: 'beamload_code', name: 'on_load_returned', arity: 1, run: onLoadReturned },
];
