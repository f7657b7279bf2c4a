/** alias/0,1, unalias/1 (OTP 24's process aliases; system/aliases.ts has the table). */

import { ATOM_FALSE, ATOM_TRUE, isAtom, makeAtom } from '@beamload/terms';
import { ALIAS_MODE_DEMONITOR, ALIAS_MODE_EXPLICIT_UNALIAS, ALIAS_MODE_REPLY, addAlias, removeAlias } from '../../system/aliases.js';
import type { BifCall, BifDefinition } from '../bif.js';
import { badarg, errorWith } from '../bif-errors.js';
import { newRef, properList, refNumbers, servicesOf } from './process-bif-support.js';

const TRUE = makeAtom(ATOM_TRUE);
const FALSE = makeAtom(ATOM_FALSE);

/** Every mode unalias/1 removes. */
const ANY_MODE = [ALIAS_MODE_EXPLICIT_UNALIAS, ALIAS_MODE_DEMONITOR, ALIAS_MODE_REPLY];

/** Makes a fresh ref an alias of the caller (`mode`: ALIAS_MODE_*). */
export function makeAlias(call: BifCall, mode: number, args: readonly number[]): number {
  const ref = newRef(call);
  if (!addAlias(servicesOf(call).view, ref.numbers, call.context.process.pid, mode)) throw errorWith(call.system.atom('system_limit'), args);
  return ref.term;
}

/** alias/1's option list: [] or [explicit_unalias] (the default), [reply]. */
function aliasMode(call: BifCall, options: number, args: readonly number[]): number {
  let mode = ALIAS_MODE_EXPLICIT_UNALIAS;
  for (const option of properList(call, options, args)) {
    const name = isAtom(option) ? call.system.atomName(option) : '';
    if (name === 'explicit_unalias') mode = ALIAS_MODE_EXPLICIT_UNALIAS;
    else if (name === 'reply') mode = ALIAS_MODE_REPLY;
    else throw badarg(args);
  }
  return mode;
}

function unalias(call: BifCall, args: number[]): number {
  const numbers = refNumbers(call.context.words, args[0]);
  if (numbers === null) throw badarg(args);
  return removeAlias(servicesOf(call).view, numbers[0], numbers[1], call.context.process.pid, ANY_MODE) ? TRUE : FALSE;
}

export const ALIAS_BIFS: readonly BifDefinition[] = [
  { module: 'erlang', name: 'alias', arity: 0, run: (call, args) => makeAlias(call, ALIAS_MODE_EXPLICIT_UNALIAS, args) },
  { module: 'erlang', name: 'alias', arity: 1, run: (call, args) => makeAlias(call, aliasMode(call, args[0], args), args) },
  { module: 'erlang', name: 'unalias', arity: 1, run: unalias },
];
