/** self/0, send/2,3 and '!'/2, make_ref/0, is_process_alive/1, yield/0. */

import { ATOM_FALSE, ATOM_TRUE, HEADER_TUPLE, headerArity, headerTag, isAtom, isBoxed, makeAtom, pointerIndex } from '@beamload/terms';
import { BifTrap } from '../../interpreter/erlang-exception.js';
import { isPid } from '../../process/process.js';
import type { BifCall, BifDefinition } from '../bif.js';
import { badarg } from '../bif-errors.js';
import { newRef, properList, refNumbers, requirePid, servicesOf } from './process-bif-support.js';
import { aliasDestination } from '../../system/aliases.js';
import { isOtherIncarnationPid } from '../node-of.js';

const TRUE = makeAtom(ATOM_TRUE);
const FALSE = makeAtom(ATOM_FALSE);

/** Pid for a send destination: a pid, a registered name, or {Name, Node} on this node. */
function destination(call: BifCall, to: number, args: readonly number[]): number {
  const services = servicesOf(call);
  if (isPid(to)) return to;
  let name = to;
  if (isBoxed(to)) {
    const words = call.context.words;
    const at = pointerIndex(to);
    if (headerTag(words[at]) !== HEADER_TUPLE || headerArity(words[at]) !== 2) throw badarg(args);
    name = words[at + 1];
    const node = words[at + 2];
    if (!isAtom(node) || call.system.atomName(node) !== call.system.store.nodeName) throw badarg(args);
  }
  if (!isAtom(name)) throw badarg(args);
  const pid = services.whereis(name);
  if (pid === 0) throw badarg(args);
  return pid;
}

function send(call: BifCall, args: number[]): number {
  return sendTo(call, args[0], args[1], args);
}

/** send/2,3: `args` are what a badarg names. */
function sendTo(call: BifCall, to: number, message: number, args: readonly number[]): number {
  // As erl: a message to a process of another incarnation of this node is dropped (erl
  // also logs "Discarding message ... in an old incarnation"; nothing is logged here).
  if (isOtherIncarnationPid(call, to)) return message;
  // A ref: to the process it is an active alias of; dropped when it is none (as erl).
  const numbers = refNumbers(call.context.words, to);
  if (numbers !== null) {
    const owner = numbers.length >= 2 ? aliasDestination(servicesOf(call).view, numbers[0], numbers[1]) : 0;
    if (owner !== 0) servicesOf(call).send(call.context, owner, message);
    return message;
  }
  const pid = destination(call, to, args);
  servicesOf(call).send(call.context, pid, message);
  return message;
}

/** send/3: send/2 with options; noconnect and nosuspend change nothing on one node. */
function send3(call: BifCall, args: number[]): number {
  for (const option of properList(call, args[2], args)) {
    const name = isAtom(option) ? call.system.atomName(option) : '';
    if (name !== 'noconnect' && name !== 'nosuspend') throw badarg(args);
  }
  sendTo(call, args[0], args[1], args);
  return call.system.atom('ok');
}

export const MESSAGING_BIFS: readonly BifDefinition[] = [
  { module: 'erlang', name: 'self', arity: 0, run: (call) => call.context.process.pid },
  { module: 'erlang', name: 'send', arity: 2, run: send },
  { module: 'erlang', name: 'send', arity: 3, run: send3 },
  { module: 'erlang', name: '!', arity: 2, run: send },
  { module: 'erlang', name: 'make_ref', arity: 0, run: (call) => newRef(call).term },
  {
    module: 'erlang',
    name: 'is_process_alive',
    arity: 1,
    run: (call, args) => (!isOtherIncarnationPid(call, args[0]) && servicesOf(call).isAlive(requirePid(args[0], args)) ? TRUE : FALSE),
  },
  {
    module: 'erlang',
    name: 'yield',
    arity: 0,
    run: () => {
      throw new BifTrap({ kind: 'yield', result: TRUE });
    },
  },
];
