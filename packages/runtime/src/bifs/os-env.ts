/**
 * os:getenv/0,1,2: the environment of the host process, as erl reads its own. In ERTS
 * getenv/0,1 are BIFs and getenv/2 is kernel's Erlang code; kernel is not on a beamload
 * code path, so all three are here (stdlib's erl_features asks for OTP_TEST_FEATURES
 * before io_lib can write an atom).
 */

import { ATOM_FALSE, makeAtom } from '@beamload/terms';
import { makeCharList, makeList_ } from '../interpreter/heap.js';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { charListText } from './erlang-data.js';

const FALSE = makeAtom(ATOM_FALSE);

function variableName(call: BifCall, term: number, args: number[]): string {
  const name = charListText(call.context.words, term);
  if (name === undefined || name.includes('=') || name.length === 0) throw badarg(args);
  return name;
}

function getenv1(call: BifCall, args: number[]): number {
  const value = process.env[variableName(call, args[0], args)];
  return value === undefined ? FALSE : makeCharList(call.context, value);
}

function getenv2(call: BifCall, args: number[]): number {
  const value = process.env[variableName(call, args[0], args)];
  return value === undefined ? args[1] : makeCharList(call.context, value);
}

function getenv0(call: BifCall): number {
  const entries = Object.entries(process.env).map(([name, value]) => makeCharList(call.context, `${name}=${value ?? ''}`));
  return makeList_(call.context, entries);
}

export const OS_ENV_BIFS: readonly BifDefinition[] = [
  { module: 'os', name: 'getenv', arity: 0, run: getenv0 },
  { module: 'os', name: 'getenv', arity: 1, run: getenv1 },
  { module: 'os', name: 'getenv', arity: 2, run: getenv2 },
];
