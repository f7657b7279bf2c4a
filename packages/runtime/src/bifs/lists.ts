import { ATOM_FALSE, ATOM_TRUE, HEADER_TAG_MASK, HEADER_TUPLE, headerArity, isBoxed, isList, isSmall, makeAtom, NIL, pointerIndex, smallValue } from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { listItems } from './erlang-data.js';
import { makeList_, makeTuple } from '../interpreter/heap.js';
import { termEquals, termExactEquals } from '../interpreter/term-order.js';

const TRUE = makeAtom(ATOM_TRUE);
const FALSE = makeAtom(ATOM_FALSE);

/** The lists functions ERTS implements natively. */

function reverse(call: BifCall, args: number[]): number {
  const items = listItems(call.context.words, args[0]);
  if (items === undefined) throw badarg(args);
  items.reverse();
  return makeList_(call.context, items, args.length > 1 ? args[1] : NIL);
}

function member(call: BifCall, args: number[]): number {
  const w = call.context.words;
  let list = args[1];
  while (isList(list)) {
    const at = pointerIndex(list);
    if (termExactEquals(call.system, w[at], args[0])) return TRUE;
    list = w[at + 1];
  }
  if (list !== NIL) throw badarg(args);
  return FALSE;
}

/** The first tuple whose N-th element == Key, or 0. */
function keyFind(call: BifCall, args: number[]): number {
  const w = call.context.words;
  const [key, position, list] = args;
  if (!isSmall(position) || smallValue(position) < 1) throw badarg(args);
  const n = smallValue(position);
  let rest = list;
  while (isList(rest)) {
    const at = pointerIndex(rest);
    const item = w[at];
    if (isBoxed(item)) {
      const tuple = pointerIndex(item);
      const header = w[tuple];
      if ((header & HEADER_TAG_MASK) === HEADER_TUPLE && headerArity(header) >= n && termEquals(call.system, w[tuple + n], key)) return item;
    }
    rest = w[at + 1];
  }
  if (rest !== NIL) throw badarg(args);
  return 0;
}

export const LISTS_BIFS: BifDefinition[] = [
  { module: 'lists', name: 'reverse', arity: 1, run: reverse },
  { module: 'lists', name: 'reverse', arity: 2, run: reverse },
  { module: 'lists', name: 'member', arity: 2, run: member },
  { module: 'lists', name: 'keyfind', arity: 3, run: (call, args) => keyFind(call, args) || FALSE },
  {
    module: 'lists',
    name: 'keysearch',
    arity: 3,
    run: (call, args) => {
      const found = keyFind(call, args);
      return found ? makeTuple(call.context, [call.system.atom('value'), found]) : FALSE;
    },
  },
  { module: 'lists', name: 'keymember', arity: 3, run: (call, args) => (keyFind(call, args) ? TRUE : FALSE) },
];
