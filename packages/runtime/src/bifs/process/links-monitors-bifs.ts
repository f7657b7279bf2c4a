/** link/1, unlink/1, monitor/2,3, demonitor/1,2, exit/2, process_flag/2. */

import { ATOM_FALSE, ATOM_NOPROC, ATOM_TRUE, HEADER_TUPLE, THE_NON_VALUE, isAtom, isBoxed, makeAtom, makeBoxed, makeHeader, pointerIndex } from '@beamload/terms';
import { BifTrap } from '../../interpreter/erlang-exception.js';
import { allocate } from '../../interpreter/heap.js';
import { FRAGMENT_NEXT, FRAGMENT_TERM } from '../../process/fragment.js';
import { PCB_MESSAGE_FIRST, PCB_PRIORITY, PROCESS_FLAG_TRAP_EXIT, isPid } from '../../process/process.js';
import { PRIORITY_HIGH } from '../../shared/runtime-memory.js';
import type { BifCall, BifDefinition } from '../bif.js';
import { badarg, errorWith } from '../bif-errors.js';
import { newRef, properList, refNumbers, requirePid, servicesOf } from './process-bif-support.js';
import { priorityOf } from './spawn-bifs.js';
import { isOtherIncarnationPid } from '../node-of.js';
import { ALIAS_MODE_DEMONITOR, ALIAS_MODE_EXPLICIT_UNALIAS, ALIAS_MODE_REPLY, DEMONITOR_ALIAS_MODES, addAlias, removeAlias } from '../../system/aliases.js';

const TRUE = makeAtom(ATOM_TRUE);
const FALSE = makeAtom(ATOM_FALSE);
const NOPROC = makeAtom(ATOM_NOPROC);

function link(call: BifCall, args: number[]): number {
  // A process of another incarnation of this node is as dead as an exited local one.
  const gone = isOtherIncarnationPid(call, args[0]);
  const other = gone ? args[0] : requirePid(args[0], args);
  const services = servicesOf(call);
  if (!gone && services.link(call.context, other)) return TRUE;
  if (!call.context.process.hasFlag(PROCESS_FLAG_TRAP_EXIT)) throw errorWith(NOPROC, args);
  // Trapping exits: the failure arrives as {'EXIT', Pid, noproc}.
  const at = allocate(call.context, 4);
  const words = call.context.words;
  words[at] = makeHeader(HEADER_TUPLE, 3);
  words[at + 1] = call.system.atom('EXIT');
  words[at + 2] = other;
  words[at + 3] = NOPROC;
  services.send(call.context, call.context.process.pid, makeBoxed(at));
  return TRUE;
}

/**
 * monitor/3: monitor/2 with options. [{alias, Mode}] also makes the monitor's ref an alias
 * of the caller (OTP's gen:call does this: the reply comes through it), removed by
 * unalias/1 only (explicit_unalias), also by demonitor or the 'DOWN' (demonitor), or also
 * by the first message through it (reply_demonitor). {tag, Tag} is not supported: badarg.
 */
function monitor3(call: BifCall, args: number[]): number {
  let aliasMode = 0;
  for (const option of properList(call, args[2], args)) {
    const mode = aliasOption(call, option);
    if (mode === 0) throw badarg(args);
    aliasMode = mode;
  }
  const ref = monitor(call, args.slice(0, 2), args);
  if (aliasMode !== 0) {
    const numbers = refNumbers(call.context.words, ref)!;
    if (!addAlias(servicesOf(call).view, [numbers[0], numbers[1]], call.context.process.pid, aliasMode)) throw errorWith(call.system.atom('system_limit'), args);
  }
  return ref;
}

/** The ALIAS_MODE_* of a {alias, Mode} option, 0 for anything else. */
function aliasOption(call: BifCall, option: number): number {
  if (!isBoxed(option)) return 0;
  const words = call.context.words;
  const at = pointerIndex(option);
  if (words[at] !== makeHeader(HEADER_TUPLE, 2) || !isAtom(words[at + 1]) || !isAtom(words[at + 2])) return 0;
  if (call.system.atomName(words[at + 1]) !== 'alias') return 0;
  switch (call.system.atomName(words[at + 2])) {
    case 'explicit_unalias':
      return ALIAS_MODE_EXPLICIT_UNALIAS;
    case 'demonitor':
      return ALIAS_MODE_DEMONITOR;
    case 'reply_demonitor':
      return ALIAS_MODE_REPLY;
    default:
      return 0;
  }
}

function monitor(call: BifCall, args: number[], errorArgs: readonly number[] = args): number {
  const [type, item] = args;
  if (!isAtom(type) || call.system.atomName(type) !== 'process') throw badarg(errorArgs);
  const services = servicesOf(call);
  let target = item;
  if (isOtherIncarnationPid(call, item)) return downAtOnce(call, item);
  if (isAtom(item)) {
    target = services.whereis(item);
  } else if (!isPid(item)) {
    throw badarg(errorArgs);
  }
  const ref = newRef(call);
  // An unregistered name is monitored as a process that is already gone.
  services.monitor(call.context, target === 0 ? item : target, ref.numbers);
  return ref.term;
}

/**
 * monitor/2 of a process of another incarnation of this node: as erl, a ref and at once
 * {'DOWN', Ref, process, Pid, noproc}. Built here and sent to the caller, since the signal
 * path keeps a monitored pid in one word and this pid is a term on the caller's heap;
 * no monitor is recorded, as none is active (demonitor(Ref, [info]) is false).
 */
function downAtOnce(call: BifCall, pid: number): number {
  const ref = newRef(call);
  const at = allocate(call.context, 6);
  const words = call.context.words;
  words[at] = makeHeader(HEADER_TUPLE, 5);
  words[at + 1] = call.system.atom('DOWN');
  words[at + 2] = ref.term;
  words[at + 3] = call.system.atom('process');
  words[at + 4] = pid;
  words[at + 5] = NOPROC;
  servicesOf(call).send(call.context, call.context.process.pid, makeBoxed(at));
  return ref.term;
}

/** Removes the first queued {'DOWN', Ref, ...} message for `numbers` (demonitor flush). */
function flushDown(call: BifCall, numbers: readonly number[]): boolean {
  const context = call.context;
  const process = context.process;
  const words = context.words;
  const down = call.system.atom('DOWN');
  let previous = 0;
  for (let fragment = process.get(PCB_MESSAGE_FIRST); fragment !== 0; previous = fragment, fragment = words[fragment + FRAGMENT_NEXT]) {
    const message = words[fragment + FRAGMENT_TERM];
    const at = pointerIndex(message);
    if ((message & 3) !== 2 || words[at] !== makeHeader(HEADER_TUPLE, 5) || words[at + 1] !== down) continue;
    const found = refNumbers(words, words[at + 2]);
    if (found === null || found[0] !== numbers[0] || found[1] !== numbers[1]) continue;
    // Unlink it (the cursor and the receive marker stay valid); it stays alive attached
    // to the heap like any received message.
    context.unlinkMessage(previous, fragment);
    return true;
  }
  return false;
}

function demonitor(call: BifCall, args: number[], options: number): number {
  const numbers = refNumbers(call.context.words, args[0]);
  if (numbers === null) throw badarg(args);
  let flush = false;
  let info = false;
  if (options !== THE_NON_VALUE) {
    for (const option of properList(call, options, args)) {
      const name = isAtom(option) ? call.system.atomName(option) : '';
      if (name === 'flush') flush = true;
      else if (name === 'info') info = true;
      else throw badarg(args);
    }
  }
  const services = servicesOf(call);
  const wasActive = services.demonitor(call.context, [numbers[0], numbers[1]]);
  // A monitor/3 alias in demonitor mode goes with the monitor.
  removeAlias(services.view, numbers[0], numbers[1], call.context.process.pid, DEMONITOR_ALIAS_MODES);
  if (flush) {
    call.context.host.drainInbox(call.context); // so that a DOWN already sent is in the queue
    flushDown(call, numbers);
  }
  // With info: true when the monitor was still active (no DOWN had been delivered).
  return !info || wasActive ? TRUE : FALSE;
}

function exit2(call: BifCall, args: number[]): number {
  const [target, reason] = args;
  if (isOtherIncarnationPid(call, target)) return TRUE; // no such process: nothing to signal
  if (!isPid(target)) throw badarg(args);
  servicesOf(call).exitSignal(call.context, target, reason);
  // A signal to itself takes effect before the caller goes on.
  if (target === call.context.process.pid) throw new BifTrap({ kind: 'yield', result: TRUE });
  return TRUE;
}

function processFlag(call: BifCall, args: number[]): number {
  const [flag, value] = args;
  if (!isAtom(flag)) throw badarg(args);
  const process = call.context.process;
  switch (call.system.atomName(flag)) {
    case 'trap_exit': {
      if (value !== TRUE && value !== FALSE) throw badarg(args);
      return servicesOf(call).setTrapExit(call.context, value === TRUE) ? TRUE : FALSE;
    }
    case 'priority': {
      const priority = priorityOf(call, value);
      if (priority < 0) throw badarg(args);
      const old = process.get(PCB_PRIORITY);
      process.set(PCB_PRIORITY, priority);
      return call.system.atom(old === PRIORITY_HIGH ? 'high' : 'normal');
    }
    case 'min_heap_size':
    case 'fullsweep_after':
    case 'message_queue_data':
    case 'sensitive':
      return FALSE;
    default:
      throw badarg(args);
  }
}

export const LINK_MONITOR_BIFS: readonly BifDefinition[] = [
  { module: 'erlang', name: 'link', arity: 1, run: link },
  {
    module: 'erlang',
    name: 'unlink',
    arity: 1,
    run: (call, args) => {
      if (!isOtherIncarnationPid(call, args[0])) servicesOf(call).unlink(call.context, requirePid(args[0], args));
      return TRUE;
    },
  },
  { module: 'erlang', name: 'monitor', arity: 2, run: (call, args) => monitor(call, args) },
  { module: 'erlang', name: 'monitor', arity: 3, run: monitor3 },
  { module: 'erlang', name: 'demonitor', arity: 1, run: (call, args) => demonitor(call, args, THE_NON_VALUE) },
  { module: 'erlang', name: 'demonitor', arity: 2, run: (call, args) => demonitor(call, args, args[1]) },
  { module: 'erlang', name: 'exit', arity: 2, run: exit2 },
  { module: 'erlang', name: 'process_flag', arity: 2, run: processFlag },
];
