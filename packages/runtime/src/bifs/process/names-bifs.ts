/** register/2, unregister/1, whereis/1, registered/0, processes/0. */

import { ATOM_TRUE, ATOM_UNDEFINED, NIL, isAtom, makeAtom, makeList } from '@beamload/terms';
import { allocate } from '../../interpreter/heap.js';
import { isPid } from '../../process/process.js';
import { lookupProcess } from '../../system/process-table.js';
import { REGISTRY_CAPACITY, REGISTRY_DELETED, REGISTRY_EMPTY } from '../../shared/runtime-memory.js';
import type { BifCall, BifDefinition } from '../bif.js';
import { badarg } from '../bif-errors.js';
import { servicesOf } from './process-bif-support.js';

const TRUE = makeAtom(ATOM_TRUE);
const UNDEFINED = makeAtom(ATOM_UNDEFINED);

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

function registered(call: BifCall): number {
  const view = servicesOf(call).view;
  const names: number[] = [];
  for (let slot = 0; slot < REGISTRY_CAPACITY; slot++) {
    const key = Atomics.load(view.memory, view.layout.registry + slot * 2);
    if (key !== REGISTRY_EMPTY && key !== REGISTRY_DELETED) names.push(key);
  }
  return list(call, names);
}

function processes(call: BifCall): number {
  const view = servicesOf(call).view;
  const pids: number[] = [];
  for (let slot = 0; slot < view.layout.maxProcesses; slot++) {
    const pid = view.processAt(slot).pid;
    if (pid !== 0 && lookupProcess(view, pid) !== null) pids.push(pid);
  }
  return list(call, pids);
}

export const NAME_BIFS: readonly BifDefinition[] = [
  {
    module: 'erlang',
    name: 'register',
    arity: 2,
    run: (call, args) => {
      const [name, pid] = args;
      if (!isAtom(name) || name === UNDEFINED || !isPid(pid)) throw badarg(args);
      if (!servicesOf(call).register(call.context, name, pid)) throw badarg(args);
      return TRUE;
    },
  },
  {
    module: 'erlang',
    name: 'unregister',
    arity: 1,
    run: (call, args) => {
      if (!isAtom(args[0]) || !servicesOf(call).unregister(args[0])) throw badarg(args);
      return TRUE;
    },
  },
  {
    module: 'erlang',
    name: 'whereis',
    arity: 1,
    run: (call, args) => {
      if (!isAtom(args[0])) throw badarg(args);
      const pid = servicesOf(call).whereis(args[0]);
      return pid === 0 ? UNDEFINED : pid;
    },
  },
  { module: 'erlang', name: 'registered', arity: 0, run: registered },
  { module: 'erlang', name: 'processes', arity: 0, run: processes },
];
