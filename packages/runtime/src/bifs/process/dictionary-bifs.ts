/**
 * The process dictionary: put/2, get/1, get/0, erase/1, erase/0, get_keys/0, get_keys/1.
 * It is a list of {Key, Value} tuples on the process heap whose head is PCB_DICTIONARY
 * (a GC root). put/erase rebuild the list without the old entry; keys compare exactly.
 */

import { ATOM_UNDEFINED, HEADER_TUPLE, NIL, exactEquals, isList, makeAtom, makeBoxed, makeHeader, makeList, pointerIndex } from '@beamload/terms';
import { allocate } from '../../interpreter/heap.js';
import type { BifCall, BifDefinition } from '../bif.js';

const UNDEFINED = makeAtom(ATOM_UNDEFINED);

interface Entry {
  tuple: number;
  key: number;
  value: number;
}

function entries(call: BifCall): Entry[] {
  const words = call.context.words;
  const result: Entry[] = [];
  for (let cursor = call.context.process.dictionary; isList(cursor); cursor = words[pointerIndex(cursor) + 1]) {
    const tuple = words[pointerIndex(cursor)];
    const at = pointerIndex(tuple);
    result.push({ tuple, key: words[at + 1], value: words[at + 2] });
  }
  return result;
}

function find(call: BifCall, list: readonly Entry[], key: number): number {
  const store = call.system.store;
  for (let i = 0; i < list.length; i++) if (exactEquals(store, list[i].key, key)) return i;
  return -1;
}

/** A list on the heap of `elements` (allocated in one piece). */
function heapList(call: BifCall, elements: readonly number[]): number {
  if (elements.length === 0) return NIL;
  const at = allocate(call.context, elements.length * 2);
  const words = call.context.words;
  for (let i = 0; i < elements.length; i++) {
    words[at + 2 * i] = elements[i];
    words[at + 2 * i + 1] = i + 1 < elements.length ? makeList(at + 2 * i + 2) : NIL;
  }
  return makeList(at);
}

function put(call: BifCall, args: number[]): number {
  const [key, value] = args;
  const list = entries(call);
  const index = find(call, list, key);
  // Allocate everything first: the new tuple and the rebuilt list.
  const kept = list.filter((_, i) => i !== index).map((entry) => entry.tuple);
  const tupleAt = allocate(call.context, 3);
  const words = call.context.words;
  words[tupleAt] = makeHeader(HEADER_TUPLE, 2);
  words[tupleAt + 1] = key;
  words[tupleAt + 2] = value;
  call.context.process.dictionary = heapList(call, [makeBoxed(tupleAt), ...kept]);
  return index < 0 ? UNDEFINED : list[index].value;
}

function erase(call: BifCall, args: number[]): number {
  const list = entries(call);
  const index = find(call, list, args[0]);
  if (index < 0) return UNDEFINED;
  call.context.process.dictionary = heapList(
    call,
    list.filter((_, i) => i !== index).map((entry) => entry.tuple),
  );
  return list[index].value;
}

export const DICTIONARY_BIFS: readonly BifDefinition[] = [
  { module: 'erlang', name: 'put', arity: 2, run: put },
  {
    module: 'erlang',
    name: 'get',
    arity: 1,
    run: (call, args) => {
      const list = entries(call);
      const index = find(call, list, args[0]);
      return index < 0 ? UNDEFINED : list[index].value;
    },
  },
  // get/0 and erase/0 return the list itself: it is already a list of {Key, Value}.
  { module: 'erlang', name: 'get', arity: 0, run: (call) => call.context.process.dictionary },
  { module: 'erlang', name: 'erase', arity: 1, run: erase },
  {
    module: 'erlang',
    name: 'erase',
    arity: 0,
    run: (call) => {
      const old = call.context.process.dictionary;
      call.context.process.dictionary = NIL;
      return old;
    },
  },
  { module: 'erlang', name: 'get_keys', arity: 0, run: (call) => heapList(call, entries(call).map((entry) => entry.key)) },
  {
    module: 'erlang',
    name: 'get_keys',
    arity: 1,
    run: (call, args) => {
      const store = call.system.store;
      return heapList(
        call,
        entries(call)
          .filter((entry) => exactEquals(store, entry.value, args[0]))
          .map((entry) => entry.key),
      );
    },
  },
];
