/** send_after/3, start_timer/3, cancel_timer/1,2, read_timer/1. */

import { ATOM_FALSE, isAtom, isSmall, makeAtom, makeSmall, smallValue } from '@beamload/terms';
import { allocate } from '../../interpreter/heap.js';
import { isPid } from '../../process/process.js';
import { TIMER_REF_MARK, TimerServiceError } from '../../process/timer-service.js';
import type { BifCall, BifDefinition } from '../bif.js';
import { badarg, errorWith } from '../bif-errors.js';
import { refNumbers, servicesOf } from './process-bif-support.js';

const FALSE = makeAtom(ATOM_FALSE);
/** The longest timer erlang accepts (2^32 - 1 ms); beyond a small it is a bignum, refused here. */
function timeOf(word: number, args: readonly number[]): number {
  if (!isSmall(word) || smallValue(word) < 0) throw badarg(args);
  return smallValue(word);
}

function startTimer(call: BifCall, args: number[], withTimeoutTuple: boolean): number {
  const [time, destination, message] = args;
  const ms = timeOf(time, args);
  if (!isPid(destination) && !isAtom(destination)) throw badarg(args);
  const services = servicesOf(call);
  const at = allocate(call.context, services.refWords);
  // A well-formed placeholder first: the heap below heapTop must always parse (gc.ts).
  services.signals.writeRef(at, 0, 0, 0);
  let numbers: [number, number];
  try {
    numbers = services.timers.start(call.context.process.pid, destination, ms, message, withTimeoutTuple ? call.system.atom('timeout') : null);
  } catch (error) {
    if (error instanceof TimerServiceError) throw errorWith(call.system.atom('system_limit'), args);
    throw error;
  }
  return services.signals.writeRef(at, numbers[0], numbers[1], TIMER_REF_MARK);
}

function timerLeft(call: BifCall, args: number[], cancel: boolean): number {
  const numbers = refNumbers(call.context.words, args[0]);
  if (numbers === null) throw badarg(args);
  const left = servicesOf(call).timers.remaining(numbers, cancel);
  return left < 0 ? FALSE : makeSmall(left);
}

export const TIMER_BIFS: readonly BifDefinition[] = [
  { module: 'erlang', name: 'send_after', arity: 3, run: (call, args) => startTimer(call, args, false) },
  { module: 'erlang', name: 'start_timer', arity: 3, run: (call, args) => startTimer(call, args, true) },
  { module: 'erlang', name: 'cancel_timer', arity: 1, run: (call, args) => timerLeft(call, args, true) },
  { module: 'erlang', name: 'cancel_timer', arity: 2, run: (call, args) => timerLeft(call, args, true) },
  { module: 'erlang', name: 'read_timer', arity: 1, run: (call, args) => timerLeft(call, args, false) },
];
