/**
 * spawn/1,3, spawn_link/1,3, spawn_monitor/1,3, spawn_opt/2,4. A fun is started as
 * erlang:apply(Fun, []), as ERTS does. Options: link, monitor, {priority, low|normal|high|max},
 * {min_heap_size, Words}, {fullsweep_after, N}.
 */

import { HEADER_EXPORT, HEADER_FUN, HEADER_TUPLE, NIL, headerTag, makeBoxed, makeHeader, isAtom, isBoxed, isSmall, makeAtom, pointerIndex, smallValue } from '@beamload/terms';
import { ProcessTableError } from '../../system/process-table.js';
import { PRIORITY_HIGH, PRIORITY_NORMAL } from '../../shared/runtime-memory.js';
import type { SpawnOptions } from '../../process/process-services.js';
import type { BifCall, BifDefinition } from '../bif.js';
import { badarg, errorWith } from '../bif-errors.js';
import { allocate } from '../../interpreter/heap.js';
import { properList, requireAtom, servicesOf } from './process-bif-support.js';

function isFun(words: Int32Array, term: number): boolean {
  if (!isBoxed(term)) return false;
  const tag = headerTag(words[pointerIndex(term)]);
  return tag === HEADER_FUN || tag === HEADER_EXPORT;
}

/** Priority number for a priority atom, or -1. */
export function priorityOf(call: BifCall, word: number): number {
  if (!isAtom(word)) return -1;
  switch (call.system.atomName(word)) {
    case 'max':
    case 'high':
      return PRIORITY_HIGH;
    case 'normal':
    case 'low':
      return PRIORITY_NORMAL;
    default:
      return -1;
  }
}

function parseOptions(call: BifCall, list: number, args: readonly number[]): SpawnOptions {
  const options: SpawnOptions = {};
  const words = call.context.words;
  for (const option of properList(call, list, args)) {
    if (isAtom(option)) {
      const name = call.system.atomName(option);
      if (name === 'link') options.link = true;
      else if (name === 'monitor') options.monitor = true;
      else throw badarg(args);
      continue;
    }
    if (!isBoxed(option) || words[pointerIndex(option)] !== (makeHeader(HEADER_TUPLE, 2))) throw badarg(args);
    const key = words[pointerIndex(option) + 1];
    const value = words[pointerIndex(option) + 2];
    const keyName = isAtom(key) ? call.system.atomName(key) : '';
    if (keyName === 'priority') {
      const priority = priorityOf(call, value);
      if (priority < 0) throw badarg(args);
      options.priority = priority;
    } else if (keyName === 'min_heap_size' && isSmall(value) && smallValue(value) >= 0) {
      options.minHeapWords = smallValue(value);
    } else if (keyName === 'fullsweep_after' && isSmall(value) && smallValue(value) >= 0) {
      options.fullsweepAfter = smallValue(value);
    } else if (keyName === 'min_bin_vheap_size' || keyName === 'message_queue_data') {
      // Accepted and ignored: refc binaries are not counted as virtual heap, and messages are always off-heap fragments until received.
    } else {
      throw badarg(args);
    }
  }
  return options;
}

function spawnWith(call: BifCall, module: number, functionName: number, argumentList: readonly number[], options: SpawnOptions, args: readonly number[]): number {
  const services = servicesOf(call);
  // Allocate the result first (a HeapNeeded rerun must not spawn twice).
  let refAt = 0;
  let tupleAt = 0;
  if (options.monitor) {
    // Well-formed placeholders at once: the heap below heapTop must always parse (gc.ts).
    refAt = allocate(call.context, services.refWords);
    services.writeRef(refAt, [0, 0]);
    tupleAt = allocate(call.context, 3);
    call.context.words.fill(makeHeader(HEADER_TUPLE, 0), tupleAt, tupleAt + 3);
  }
  const numbers = options.monitor ? services.newRefNumbers() : undefined;
  let child: number;
  try {
    child = services.spawn(call.context, module, functionName, argumentList, options, numbers);
  } catch (error) {
    if (error instanceof ProcessTableError) throw errorWith(makeAtom(call.system.store.atoms.intern('system_limit')), args);
    throw error;
  }
  if (!options.monitor) return child;
  const ref = services.writeRef(refAt, numbers!);
  const words = call.context.words;
  words[tupleAt] = makeHeader(HEADER_TUPLE, 2);
  words[tupleAt + 1] = child;
  words[tupleAt + 2] = ref;
  return makeBoxed(tupleAt);
}

function spawnFun(call: BifCall, fun: number, options: SpawnOptions, args: readonly number[]): number {
  if (!isFun(call.context.words, fun)) throw badarg(args);
  // erlang:apply(Fun, []): the new process's initial call.
  return spawnWith(call, call.system.atom('erlang'), call.system.atom('apply'), [fun, NIL], options, args);
}

function spawnMfa(call: BifCall, args: readonly number[], options: SpawnOptions): number {
  const module = requireAtom(args[0], args);
  const functionName = requireAtom(args[1], args);
  const argumentList = properList(call, args[2], args);
  return spawnWith(call, module, functionName, argumentList, options, args);
}

export const SPAWN_BIFS: readonly BifDefinition[] = [
  { module: 'erlang', name: 'spawn', arity: 1, run: (call, args) => spawnFun(call, args[0], {}, args) },
  { module: 'erlang', name: 'spawn', arity: 3, run: (call, args) => spawnMfa(call, args, {}) },
  { module: 'erlang', name: 'spawn_link', arity: 1, run: (call, args) => spawnFun(call, args[0], { link: true }, args) },
  { module: 'erlang', name: 'spawn_link', arity: 3, run: (call, args) => spawnMfa(call, args, { link: true }) },
  { module: 'erlang', name: 'spawn_monitor', arity: 1, run: (call, args) => spawnFun(call, args[0], { monitor: true }, args) },
  { module: 'erlang', name: 'spawn_monitor', arity: 3, run: (call, args) => spawnMfa(call, args, { monitor: true }) },
  { module: 'erlang', name: 'spawn_opt', arity: 2, run: (call, args) => spawnFun(call, args[0], parseOptions(call, args[1], args), args) },
  { module: 'erlang', name: 'spawn_opt', arity: 4, run: (call, args) => spawnMfa(call, args, parseOptions(call, args[3], args)) },
];
