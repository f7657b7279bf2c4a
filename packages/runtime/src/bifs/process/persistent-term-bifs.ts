/** persistent_term:put/2, get/0,1,2, erase/1 (system/persistent-terms.ts has the store). */

import { ATOM_FALSE, ATOM_OK, ATOM_TRUE, makeAtom } from '@beamload/terms';
import { makeList_, makeTuple } from '../../interpreter/heap.js';
import { HeapNeeded } from '../../interpreter/erlang-exception.js';
import { allPersistent, erasePersistent, getPersistent, putPersistent } from '../../system/persistent-terms.js';
import type { BifCall, BifDefinition } from '../bif.js';
import { badarg, errorWith } from '../bif-errors.js';
import { servicesOf } from './process-bif-support.js';

const OK = makeAtom(ATOM_OK);
const TRUE = makeAtom(ATOM_TRUE);
const FALSE = makeAtom(ATOM_FALSE);

function put(call: BifCall, args: number[]): number {
  if (!putPersistent(servicesOf(call).view, call.system.store, args[0], args[1])) throw errorWith(call.system.atom('system_limit'), args);
  return OK;
}

function get1(call: BifCall, args: number[]): number {
  const value = getPersistent(servicesOf(call).view, call.system.store, args[0]);
  if (value === undefined) throw badarg(args);
  return value;
}

function get2(call: BifCall, args: number[]): number {
  return getPersistent(servicesOf(call).view, call.system.store, args[0]) ?? args[1];
}

function get0(call: BifCall): number {
  const pairs = allPersistent(servicesOf(call).view, call.system.store);
  // A {Key, Value} tuple and a cons cell per pair, checked before anything is built.
  const words = pairs.length * 5;
  if (call.context.stackTop - call.context.heapTop < words) throw new HeapNeeded(words);
  return makeList_(call.context, pairs.map(([key, value]) => makeTuple(call.context, [key, value])));
}

export const PERSISTENT_TERM_BIFS: readonly BifDefinition[] = [
  { module: 'persistent_term', name: 'put', arity: 2, run: put },
  { module: 'persistent_term', name: 'get', arity: 0, run: get0 },
  { module: 'persistent_term', name: 'get', arity: 1, run: get1 },
  { module: 'persistent_term', name: 'get', arity: 2, run: get2 },
  { module: 'persistent_term', name: 'erase', arity: 1, run: (call, args) => (erasePersistent(servicesOf(call).view, call.system.store, args[0]) ? TRUE : FALSE) },
];
