import { ATOM_BADKEY, ATOM_BADMAP, isMap, makeAtom, makeMap, mapEntries, mapGet, mapWords, exactEquals, type TermStore } from '@beamload/terms';
import type { ProcessContext } from '../process/process-context.js';
import { ErlangException } from './erlang-exception.js';
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
 * already be there (else the key it misses is returned as `missing`).
 */
export function updateMap(store: TermStore, context: ProcessContext, map: number, pairs: readonly number[], exact: boolean): { map: number } | { missing: number } {
  const { keys, values } = mapEntries(store.arena, map);
  const originalCount = keys.length;
  for (let i = 0; i < pairs.length; i += 2) {
    const key = pairs[i];
    // A lookup in the map first (logarithmic): a key it lacks can only be among the keys
    // this update appended, so the linear scan runs over the whole map only for updates.
    const same = (existing: number): boolean => existing === key || exactEquals(store, existing, key);
    let index: number;
    if (mapGet(store, map, key) === undefined) {
      const appended = keys.slice(originalCount).findIndex(same);
      index = appended < 0 ? -1 : originalCount + appended;
    } else {
      index = keys.findIndex(same);
    }
    if (index >= 0) values[index] = pairs[i + 1];
    else if (exact) return { missing: key };
    else {
      keys.push(key);
      values.push(pairs[i + 1]);
    }
  }
  const words = mapWords(store, keys);
  return { map: buildWithWriter(context, words, (writer) => makeMap(store, writer, keys, values)) };
}

export function newMap(store: TermStore, context: ProcessContext, keys: number[], values: number[]): number {
  // Later duplicates win, as maps:from_list.
  const uniqueKeys: number[] = [];
  const uniqueValues: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const index = uniqueKeys.findIndex((existing) => existing === keys[i] || exactEquals(store, existing, keys[i]));
    if (index >= 0) uniqueValues[index] = values[i];
    else {
      uniqueKeys.push(keys[i]);
      uniqueValues.push(values[i]);
    }
  }
  return buildWithWriter(context, mapWords(store, uniqueKeys), (writer) => makeMap(store, writer, uniqueKeys, uniqueValues));
}

export { mapGet, mapEntries };
