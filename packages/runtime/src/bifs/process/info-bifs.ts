/**
 * process_info/2 (for the calling process: every item below; for another process only
 * the counters it publishes), garbage_collect/0 (a major collection), system_info/1 (scheduler and process
 * items), statistics/1 (reductions, runtime, wall_clock), node/0.
 */

import { ATOM_FALSE, ATOM_TRUE, ATOM_UNDEFINED, HEADER_TUPLE, MAX_SMALL, NIL, isAtom, makeAtom, makeBoxed, makeHeader, makeList, makeSmall } from '@beamload/terms';
import { BifTrap, ErlangException } from '../../interpreter/erlang-exception.js';
import { buildStackTrace } from '../../interpreter/stack-trace.js';
import { allocate, makeCharList } from '../../interpreter/heap.js';
import { FRAGMENT_NEXT, FRAGMENT_TERM } from '../../process/fragment.js';
import {
  PCB_HEAP_END,
  PCB_STACK_TOP,
  PCB_CURRENT_ARITY,
  PCB_CURRENT_FUNCTION,
  PCB_CURRENT_MODULE,
  PCB_FULLSWEEP_AFTER,
  PCB_LINKS,
  PCB_LINK_COUNT,
  PCB_MESSAGE_COUNT,
  PCB_MESSAGE_FIRST,
  PCB_MESSAGES_EXAMINED,
  PCB_MIN_HEAP_SIZE,
  PCB_MINOR_GCS,
  PCB_PRIORITY,
  PCB_STATE,
  PROCESS_FLAG_TRAP_EXIT,
  STATE_MASK,
  STATE_RUNNING,
  STATE_WAITING,
  type Process,
} from '../../process/process.js';
import { lookupProcess, liveProcessCount } from '../../system/process-table.js';
import { CONTROL_REDUCTIONS_HIGH, CONTROL_REDUCTIONS_LOW, PRIORITY_HIGH } from '../../shared/runtime-memory.js';
import type { BifCall, BifDefinition } from '../bif.js';
import { badarg } from '../bif-errors.js';
import { requirePid, servicesOf } from './process-bif-support.js';
import { isOtherIncarnationPid } from '../node-of.js';

const TRUE = makeAtom(ATOM_TRUE);
const FALSE = makeAtom(ATOM_FALSE);
const UNDEFINED = makeAtom(ATOM_UNDEFINED);

function tuple(call: BifCall, elements: readonly number[]): number {
  const at = allocate(call.context, elements.length + 1);
  const words = call.context.words;
  words[at] = makeHeader(HEADER_TUPLE, elements.length);
  for (let i = 0; i < elements.length; i++) words[at + 1 + i] = elements[i];
  return makeBoxed(at);
}

function list(call: BifCall, elements: readonly number[]): number {
  if (elements.length === 0) return NIL;
  const at = allocate(call.context, elements.length * 2);
  const words = call.context.words;
  for (let i = 0; i < elements.length; i++) {
    words[at + 2 * i] = elements[i];
    words[at + 2 * i + 1] = i + 1 < elements.length ? makeList(at + 2 * i + 2) : NIL;
  }
  return makeList(at);
}

/** The value of one item, or null when the item is unknown. */
function itemValue(call: BifCall, process: Process, item: string, self: boolean): number | null {
  const words = call.context.words;
  switch (item) {
    case 'message_queue_len':
      return makeSmall(process.get(PCB_MESSAGE_COUNT));
    case 'reductions':
      return makeSmall(Math.min(process.reductions, 2 ** 27 - 1));
    case 'registered_name':
      return process.registeredName === NIL ? NIL : process.registeredName;
    case 'priority':
      return call.system.atom(process.get(PCB_PRIORITY) === PRIORITY_HIGH ? 'high' : 'normal');
    case 'trap_exit':
      return process.hasFlag(PROCESS_FLAG_TRAP_EXIT) ? TRUE : FALSE;
    case 'status': {
      const state = Atomics.load(process.memory, process.base + PCB_STATE) & STATE_MASK;
      return call.system.atom(state === STATE_RUNNING ? 'running' : state === STATE_WAITING ? 'waiting' : 'runnable');
    }
    case 'heap_size':
      // As ERTS: the youngest generation, stack included.
      return makeSmall(process.heapSize);
    case 'stack_size':
      // Words on the stack (frames and return addresses); the caller's own stack is in
      // its context, another process's as it left it at the end of its last slice.
      return makeSmall(self ? call.context.heapEnd - call.context.stackTop : process.get(PCB_HEAP_END) - process.get(PCB_STACK_TOP));
    case 'total_heap_size':
      // Both generations (ERTS also counts unreceived messages kept on the heap; ours
      // stay in their fragments until received).
      return makeSmall(process.heapSize + process.oldHeapSize);
    case 'garbage_collection':
      // ERTS's list also holds max_heap_size and min_bin_vheap_size, which we do not have.
      return list(call, [
        tuple(call, [call.system.atom('min_heap_size'), makeSmall(process.get(PCB_MIN_HEAP_SIZE))]),
        tuple(call, [call.system.atom('fullsweep_after'), makeSmall(Math.min(process.get(PCB_FULLSWEEP_AFTER), MAX_SMALL))]),
        tuple(call, [call.system.atom('minor_gcs'), makeSmall(Math.min(process.get(PCB_MINOR_GCS), MAX_SMALL))]),
      ]);
    case 'current_stacktrace':
      // Only the caller's own: another process's stack may be changing on another
      // scheduler. The frames are the return addresses on the stack (the function that
      // called process_info/2 itself has none there), deduplicated as a raise's are.
      if (!self) return null;
      return buildStackTrace(call.system, call.context, 0, 0, new ErlangException(0, 0));
    case 'current_function':
      return tuple(call, [process.get(PCB_CURRENT_MODULE), process.get(PCB_CURRENT_FUNCTION), makeSmall(process.get(PCB_CURRENT_ARITY))]);
    case 'links': {
      if (!self) return null;
      const block = process.get(PCB_LINKS);
      const pids: number[] = [];
      for (let i = 0; i < process.get(PCB_LINK_COUNT); i++) pids.push(words[block + i]);
      return list(call, pids);
    }
    case 'dictionary':
      return self ? process.dictionary : null;
    case 'messages': {
      if (!self) return null;
      const messages: number[] = [];
      for (let fragment = process.get(PCB_MESSAGE_FIRST); fragment !== 0; fragment = words[fragment + FRAGMENT_NEXT]) messages.push(words[fragment + FRAGMENT_TERM]);
      return list(call, messages);
    }
    case 'beamload_messages_examined':
      // Our own item (erl has none like it): messages loop_rec looked at, modulo 2^27,
      // so that tests can see what receive markers save without timing anything.
      return makeSmall(process.get(PCB_MESSAGES_EXAMINED) & MAX_SMALL);
    default:
      return null;
  }
}

function processInfo(call: BifCall, args: number[]): number {
  if (isOtherIncarnationPid(call, args[0])) {
    if (!isAtom(args[1])) throw badarg(args);
    return UNDEFINED;
  }
  const pid = requirePid(args[0], args);
  const self = pid === call.context.process.pid;
  const process = self ? call.context.process : lookupProcess(servicesOf(call).view, pid);
  if (process === null) return UNDEFINED;
  // Signals already sent to the caller count (a message sent to self is in the queue).
  if (self) call.context.host.drainInbox(call.context);
  const item = args[1];
  if (!isAtom(item)) throw badarg(args);
  const name = call.system.atomName(item);
  if (name === 'registered_name' && process.registeredName === NIL) return NIL;
  const value = itemValue(call, process, name, self);
  if (value === null) throw badarg(args);
  return tuple(call, [item, value]);
}

function systemInfo(call: BifCall, args: number[]): number {
  const item = args[0];
  if (!isAtom(item)) throw badarg(args);
  const view = servicesOf(call).view;
  switch (call.system.atomName(item)) {
    case 'schedulers':
    case 'schedulers_online':
      return makeSmall(view.schedulerCount);
    case 'process_count':
      return makeSmall(liveProcessCount(view));
    case 'process_limit':
      return makeSmall(view.layout.maxProcesses);
    case 'otp_release':
      return makeCharList(call.context, '25');
    case 'machine':
      return makeCharList(call.context, 'BEAM');
    case 'wordsize':
      return makeSmall(4);
    case 'smp_support':
    case 'threads':
      return TRUE;
    default:
      throw badarg(args);
  }
}

const startedAt = performance.timeOrigin + performance.now();
const lastRuntime = new Map<number, number>();
const lastWallClock = new Map<number, number>();
const lastReductions = new Map<number, number>();

function statistics(call: BifCall, args: number[]): number {
  const item = args[0];
  if (!isAtom(item)) throw badarg(args);
  const pid = call.context.process.pid;
  const view = servicesOf(call).view;
  switch (call.system.atomName(item)) {
    case 'reductions': {
      const total = Atomics.load(view.memory, CONTROL_REDUCTIONS_HIGH) * 2 ** 32 + (Atomics.load(view.memory, CONTROL_REDUCTIONS_LOW) >>> 0);
      const since = total - (lastReductions.get(pid) ?? 0);
      lastReductions.set(pid, total);
      return tuple(call, [makeSmall(total % 2 ** 27), makeSmall(since % 2 ** 27)]);
    }
    case 'runtime': {
      // CPU time of this thread's process (the host process), in ms.
      const now = Math.floor(process.cpuUsage().user / 1000);
      const since = now - (lastRuntime.get(pid) ?? 0);
      lastRuntime.set(pid, now);
      return tuple(call, [makeSmall(now % 2 ** 27), makeSmall(since % 2 ** 27)]);
    }
    case 'wall_clock': {
      const now = Math.floor(performance.timeOrigin + performance.now() - startedAt);
      const since = now - (lastWallClock.get(pid) ?? 0);
      lastWallClock.set(pid, now);
      return tuple(call, [makeSmall(now % 2 ** 27), makeSmall(since % 2 ** 27)]);
    }
    default:
      throw badarg(args);
  }
}

export const INFO_BIFS: readonly BifDefinition[] = [
  { module: 'erlang', name: 'process_info', arity: 2, run: processInfo },
  {
    module: 'erlang',
    name: 'garbage_collect',
    arity: 0,
    run: () => {
      throw new BifTrap({ kind: 'garbage-collect', result: TRUE });
    },
  },
  { module: 'erlang', name: 'system_info', arity: 1, run: systemInfo },
  { module: 'erlang', name: 'statistics', arity: 1, run: statistics },
  { module: 'erlang', name: 'node', arity: 0, run: (call) => call.system.atom(call.system.store.nodeName) },
];
