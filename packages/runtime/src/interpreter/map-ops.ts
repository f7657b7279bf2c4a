import { ATOM_BADKEY, ATOM_BADMAP, isBoxed, isList, isMap, makeAtom, makeMap, mapEntries, mapGet, mapPut, mapPutWords, mapRemove, mapRemoveWords, mapWords, exactEquals, type TermStore } from '@beamload/terms';
import type { ProcessContext } from '../process/process-context.js';
import { ErlangException, HeapNeeded } from './erlang-exception.js';
import { buildWithWriter, makeTuple } from './heap.js';
import { ERROR_CLASS } from '../bifs/bif-errors.js';

/**
 * Map updates shared by put_map_assoc/put_map_exact and the maps BIFs. They read
 * everything before allocating, so a HeapNeeded retry after a GC starts afresh.
 */

export function isMapTerm(store: TermStore, term: number): boolean {
  return isMap(store.arena, term);
}

export function badmap(context: ProcessContext, map: number): ErlangException {
  return new ErlangException(ERROR_CLASS, makeTuple(context, [makeAtom(ATOM_BADMAP), map]));
}

export function badkey(context: ProcessContext, key: number): ErlangException {
  return new ErlangException(ERROR_CLASS, makeTuple(context, [makeAtom(ATOM_BADKEY), key]));
}

/**
 * `map` with `pairs` (key, value, key, value...) put in; with `exact`, every key must
 * already be there (else the key it misses is returned as `missing`). Each pair is one
 * terms `mapPut`, which copies only the path to the key (a hash map shares the rest with
 * the old map), so an update costs O(log n), not a rebuild of the whole map.
 */
export function updateMap(store: TermStore, context: ProcessContext, map: number, pairs: readonly number[], exact: boolean): { map: number } | { missing: number } {
  if (exact) {
    for (let i = 0; i < pairs.length; i += 2) if (mapGet(store, map, pairs[i]) === undefined) return { missing: pairs[i] };
  }
  let result = map;
  let wordsUsed = 0;
  for (let i = 0; i < pairs.length; i += 2) {
    const words = mapPutWords(store, result, pairs[i]);
    requireHeap(context, words, wordsUsed, (pairs.length - i) / 2);
    result = buildWithWriter(context, words, (writer) => mapPut(store, writer, result, pairs[i], pairs[i + 1]));
    wordsUsed += words;
  }
  return { map: result };
}

/** `map` without `key` (the same map when the key is absent), copying only the path to it. */
export function removeFromMap(store: TermStore, context: ProcessContext, map: number, key: number): number {
  const words = mapRemoveWords(store, map, key);
  return buildWithWriter(context, words, (writer) => mapRemove(store, writer, map, key));
}

/**
 * Asks for a GC when the next step of a multi-pair update does not fit. The retry starts
 * the whole update afresh (the maps built so far become garbage), so it asks for what
 * the steps so far took plus this step's words for each step left: the word counts are
 * the same on every attempt, so each retry gets at least one step further.
 */
function requireHeap(context: ProcessContext, words: number, wordsUsed: number, stepsLeft: number): void {
  if (context.stackTop - context.heapTop < words) throw new HeapNeeded(wordsUsed + words * stepsLeft);
}

export function newMap(store: TermStore, context: ProcessContext, keys: number[], values: number[]): number {
  // Later duplicates win, as maps:from_list. An immediate key (small integer, atom...) is
  // equal only to the same word, so those are found through a JS Map; only boxed keys
  // (tuples, bignums, floats...) are compared term by term, among the boxed keys.
  const uniqueKeys: number[] = [];
  const uniqueValues: number[] = [];
  const immediateIndex = new Map<number, number>();
  const boxedIndexes: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    let index: number | undefined;
    if (isImmediate(key)) {
      index = immediateIndex.get(key);
      if (index === undefined) immediateIndex.set(key, uniqueKeys.length);
    } else {
      index = boxedIndexes.find((at) => exactEquals(store, uniqueKeys[at], key));
      if (index === undefined) boxedIndexes.push(uniqueKeys.length);
    }
    if (index !== undefined) uniqueValues[index] = values[i];
    else {
      uniqueKeys.push(key);
      uniqueValues.push(values[i]);
    }
  }
  return buildWithWriter(context, mapWords(store, uniqueKeys), (writer) => makeMap(store, writer, uniqueKeys, uniqueValues));
}

/** A word that is its own value (no pointer): equal terms are the same word. */
function isImmediate(word: number): boolean {
  return !isBoxed(word) && !isList(word);
}

export { mapGet, mapEntries };
