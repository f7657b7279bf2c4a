/**
 * pid_to_list/1, ref_to_list/1, port_to_list/1 (the text ~w prints for them, as erl's
 * "<0.85.0>" and "#Ref<0.1.2.3>"), and io:printable_range/0, which ERTS answers natively:
 * latin1, erl's default without +pc unicode (io_lib decides from it which lists ~p
 * prints as strings).
 */

import { writeTerm } from '@beamload/terms';
import { Op } from '@beamload/loader-core';
import { makeCharList } from '../interpreter/heap.js';
import { termTests } from '../interpreter/term-tests.js';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';

function toText(test: number): (call: BifCall, args: number[]) => number {
  return (call, args) => {
    if (!termTests[test](call.context.words, args[0])) throw badarg(args);
    return makeCharList(call.context, writeTerm(call.system.store, args[0]));
  };
}

export const IDENTITY_TEXT_BIFS: readonly BifDefinition[] = [
  { module: 'erlang', name: 'pid_to_list', arity: 1, run: toText(Op.is_pid) },
  { module: 'erlang', name: 'ref_to_list', arity: 1, run: toText(Op.is_reference) },
  { module: 'erlang', name: 'port_to_list', arity: 1, run: toText(Op.is_port) },
  { module: 'io', name: 'printable_range', arity: 0, run: (call) => call.system.atom('latin1') },
];

