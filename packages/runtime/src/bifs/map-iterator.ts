import { HEADER_MAP_HASH, HEADER_TAG_MASK, NIL, isAtom, isList, isSmall, makeCons, makeSmall, makeTuple, pointerIndex, smallValue, sortedEntries } from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { isMapTerm } from '../interpreter/map-ops.js';
import { buildWithWriter } from '../interpreter/heap.js';
import { PCB_GC_COUNT } from '../process/process.js';

/**
 * erts_internal:map_next(Path, Map, Acc), the BIF under OTP 25's maps:next/1 (Acc =
 * `iterator`) and the map walks that collect a list (Acc = a list).
 *
 * As ERTS, one call hands over a batch of entries: a flat map's are all its entries; a
 * hash map's first batch is 32 entries, later ones 835. With `iterator` the batch is
 * chained as {K1, V1, {K2, V2, ... Rest}}; with a list it is prepended to Acc (in map
 * order for a flat map, reversed for a hash map), with Path and Map in front when more
 * remain. Rest is `none` or the iterator [NextPath | Map] of the remaining entries.
 * ERTS's hash-map paths encode a position in its trie; here a path is the index of the
 * next entry in this runtime's iteration order (keys in term order).
 */

const FIRST_HASH_BATCH = 32;
const LATER_HASH_BATCH = 835;

function mapNext(call: BifCall, args: number[]): number {
  const [path, map, accumulator] = args;
  const w = call.context.words;
  if (!isSmall(path) || smallValue(path) < 0 || !isMapTerm(call.system.store, map)) throw badarg(args);
  const toIterator = isAtom(accumulator) && call.system.atomName(accumulator) === 'iterator';
  if (!toIterator && !isList(accumulator) && accumulator !== NIL) throw badarg(args);
  const { keys, values } = iterationEntries(call, map);
  const hashed = (w[pointerIndex(map)] & HEADER_TAG_MASK) === HEADER_MAP_HASH;
  const start = smallValue(path);
  if (start > keys.length) throw badarg(args);
  const from = hashed ? start : 0;
  const end = hashed ? Math.min(keys.length, from + (start === 0 ? FIRST_HASH_BATCH : LATER_HASH_BATCH)) : keys.length;
  const more = end < keys.length;
  const none = call.system.atom('none');
  if (toIterator) {
    if (from === end) return none;
    return buildWithWriter(call.context, (end - from) * 4 + (more ? 2 : 0), (writer) => {
      let rest = more ? makeCons(writer, makeSmall(end), map) : none;
      for (let i = end - 1; i >= from; i--) rest = makeTuple(writer, [keys[i], values[i], rest]);
      return rest;
    });
  }
  return buildWithWriter(call.context, (end - from) * 5 + (more ? 4 : 0), (writer) => {
    let list = accumulator;
    if (hashed) for (let i = from; i < end; i++) list = makeCons(writer, makeTuple(writer, [keys[i], values[i]]), list);
    else for (let i = end - 1; i >= from; i--) list = makeCons(writer, makeTuple(writer, [keys[i], values[i]]), list);
    return more ? makeCons(writer, makeSmall(end), makeCons(writer, map, list)) : list;
  });
}

/**
 * The entries of the map an iteration walks, computed once per map rather than once per
 * batch: the cache is keyed by the map's word, the process and its GC count (a collection
 * moves maps, after which the same word may name another one).
 */
let iterationCache: { map: number; pid: number; gcCount: number; keys: number[]; values: number[] } | undefined;
function iterationEntries(call: BifCall, map: number): { keys: number[]; values: number[] } {
  const process = call.context.process;
  const pid = process.pid;
  const gcCount = process.get(PCB_GC_COUNT);
  const cached = iterationCache;
  if (cached !== undefined && cached.map === map && cached.pid === pid && cached.gcCount === gcCount) return cached;
  const { keys, values } = sortedEntries(call.system.store, map);
  iterationCache = { map, pid, gcCount, keys, values };
  return iterationCache;
}

export const MAP_ITERATOR_BIFS: BifDefinition[] = [{ module: 'erts_internal', name: 'map_next', arity: 3, run: mapNext }];
