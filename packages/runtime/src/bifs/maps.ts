import { ATOM_ERROR, ATOM_FALSE, ATOM_OK, ATOM_TRUE, HEADER_TUPLE, isBoxed, makeAtom, makeHeader, makeSmall, mapSize, pointerIndex } from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { listItems } from './erlang-data.js';
import { badkey, badmap, isMapTerm, mapEntries, mapGet, newMap, removeFromMap, updateMap } from '../interpreter/map-ops.js';
import { makeList_, makeTuple } from '../interpreter/heap.js';
import { mapRemoveWords, sortedEntries } from '@beamload/terms';
import { HeapNeeded, type ErlangException } from '../interpreter/erlang-exception.js';

/** The maps functions ERTS implements natively, and the erlang map BIFs. */

const TRUE = makeAtom(ATOM_TRUE);
const FALSE = makeAtom(ATOM_FALSE);

/**
 * A badmap/badkey error naming the BIF with its arguments in the top frame, as ERTS
 * does; maps:get/2, is_key/2 and size/1 are erlang:map_get/is_map_key/map_size there.
 */
function mapError(call: BifCall, error: ErlangException, args: number[], erlangName?: string): ErlangException {
  if (erlangName !== undefined) return error.withTop(call.system.atom('erlang'), call.system.atom(erlangName), args);
  error.args = args;
  return error;
}

function requireMap(call: BifCall, map: number, args: number[], erlangName?: string): void {
  if (!isMapTerm(call.system.store, map)) throw mapError(call, badmap(call.context, map), args, erlangName);
}

function get(call: BifCall, args: number[]): number {
  requireMap(call, args[1], args, 'map_get');
  const value = mapGet(call.system.store, args[1], args[0]);
  if (value === undefined) throw mapError(call, badkey(call.context, args[0]), args, 'map_get');
  return value;
}

function get3(call: BifCall, args: number[]): number {
  requireMap(call, args[1], args);
  return mapGet(call.system.store, args[1], args[0]) ?? args[2];
}

function find(call: BifCall, args: number[]): number {
  requireMap(call, args[1], args);
  const value = mapGet(call.system.store, args[1], args[0]);
  return value === undefined ? makeAtom(ATOM_ERROR) : makeTuple(call.context, [makeAtom(ATOM_OK), value]);
}

function isKey(call: BifCall, args: number[]): number {
  requireMap(call, args[1], args, 'is_map_key');
  return mapGet(call.system.store, args[1], args[0]) === undefined ? FALSE : TRUE;
}

function put(call: BifCall, args: number[]): number {
  requireMap(call, args[2], args);
  const result = updateMap(call.system.store, call.context, args[2], [args[0], args[1]], false);
  return (result as { map: number }).map;
}

function update(call: BifCall, args: number[]): number {
  requireMap(call, args[2], args);
  const result = updateMap(call.system.store, call.context, args[2], [args[0], args[1]], true);
  if ('missing' in result) throw mapError(call, badkey(call.context, args[0]), args);
  return result.map;
}

function remove(call: BifCall, args: number[]): number {
  requireMap(call, args[1], args);
  return removeFromMap(call.system.store, call.context, args[1], args[0]);
}

/** Keys and values in the map's iteration order (key order for flat maps, as OTP). */
function entries(call: BifCall, map: number): { keys: number[]; values: number[] } {
  return sortedEntries(call.system.store, map);
}

function keys(call: BifCall, args: number[]): number {
  requireMap(call, args[0], args);
  return makeList_(call.context, entries(call, args[0]).keys);
}

function values(call: BifCall, args: number[]): number {
  requireMap(call, args[0], args);
  return makeList_(call.context, entries(call, args[0]).values);
}

function toList(call: BifCall, args: number[]): number {
  requireMap(call, args[0], args);
  const { keys, values } = entries(call, args[0]);
  if (call.context.stackTop - call.context.heapTop < keys.length * 5) {
    // makeTuple/makeList_ below would run out half-way: ask for all of it at once.
    throw new HeapNeeded(keys.length * 5);
  }
  return makeList_(call.context, keys.map((key, i) => makeTuple(call.context, [key, values[i]])));
}


function fromList(call: BifCall, args: number[]): number {
  const items = listItems(call.context.words, args[0]);
  if (items === undefined) throw badarg(args);
  const w = call.context.words;
  const keysList: number[] = [];
  const valuesList: number[] = [];
  for (const item of items) {
    if (!isBoxed(item) || w[pointerIndex(item)] !== makeHeader(HEADER_TUPLE, 2)) throw badarg(args);
    const at = pointerIndex(item);
    keysList.push(w[at + 1]);
    valuesList.push(w[at + 2]);
  }
  return newMap(call.system.store, call.context, keysList, valuesList);
}

function size(call: BifCall, args: number[]): number {
  requireMap(call, args[0], args, 'map_size');
  return makeSmall(mapSize(call.system.store.arena, args[0]));
}

function merge(call: BifCall, args: number[]): number {
  requireMap(call, args[0], args);
  requireMap(call, args[1], args);
  const second = mapEntries(call.system.store.arena, args[1]);
  const pairs: number[] = [];
  for (let i = 0; i < second.keys.length; i++) pairs.push(second.keys[i], second.values[i]);
  return (updateMap(call.system.store, call.context, args[0], pairs, false) as { map: number }).map;
}

function newEmpty(call: BifCall): number {
  return newMap(call.system.store, call.context, [], []);
}

/** maps:take(Key, Map): {Value, Map without Key}, or `error` when Key is absent. */
function take(call: BifCall, args: number[]): number {
  requireMap(call, args[1], args);
  const store = call.system.store;
  const value = mapGet(store, args[1], args[0]);
  if (value === undefined) return makeAtom(ATOM_ERROR);
  // Room for the smaller map and the pair at once: a retry would rebuild the map.
  const words = mapRemoveWords(store, args[1], args[0]) + 3;
  if (call.context.stackTop - call.context.heapTop < words) throw new HeapNeeded(words);
  return makeTuple(call.context, [value, removeFromMap(store, call.context, args[1], args[0])]);
}

/** maps:from_keys(Keys, Value): every key of the proper list `Keys` mapped to `Value`. */
function fromKeys(call: BifCall, args: number[]): number {
  const keysList = listItems(call.context.words, args[0]);
  if (keysList === undefined) throw badarg(args);
  return newMap(call.system.store, call.context, keysList, keysList.map(() => args[1]));
}

export const MAPS_BIFS: BifDefinition[] = [
  { module: 'maps', name: 'get', arity: 2, run: get },
  { module: 'maps', name: 'get', arity: 3, run: get3 },
  { module: 'maps', name: 'find', arity: 2, run: find },
  { module: 'maps', name: 'is_key', arity: 2, run: isKey },
  { module: 'maps', name: 'put', arity: 3, run: put },
  { module: 'maps', name: 'update', arity: 3, run: update },
  { module: 'maps', name: 'remove', arity: 2, run: remove },
  { module: 'maps', name: 'take', arity: 2, run: take },
  { module: 'maps', name: 'keys', arity: 1, run: keys },
  { module: 'maps', name: 'values', arity: 1, run: values },
  { module: 'maps', name: 'to_list', arity: 1, run: toList },
  { module: 'maps', name: 'from_list', arity: 1, run: fromList },
  { module: 'maps', name: 'from_keys', arity: 2, run: fromKeys },
  { module: 'maps', name: 'merge', arity: 2, run: merge },
  { module: 'maps', name: 'new', arity: 0, run: newEmpty },
  { module: 'erlang', name: 'map_size', arity: 1, run: size },
  { module: 'erlang', name: 'map_get', arity: 2, run: get },
  { module: 'erlang', name: 'is_map_key', arity: 2, run: isKey },
];
