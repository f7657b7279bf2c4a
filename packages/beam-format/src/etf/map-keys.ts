import { ErlAtom, ErlFloat, type Term } from '../term/values.js';
import { compareTerms } from './term-order.js';

/** Up to this many keys, pairwise comparison is cheaper than hash sets. */
const SMALL_MAP = 8;

function sameKey(a: Term, b: Term): boolean {
  if (a === b) return true;
  const simpleA = typeof a === 'number' || typeof a === 'bigint' || a instanceof ErlAtom || a instanceof ErlFloat;
  const simpleB = typeof b === 'number' || typeof b === 'bigint' || b instanceof ErlAtom || b instanceof ErlFloat;
  if (simpleA || simpleB) {
    // 0.0 and -0.0 are the same key (=:= on OTP 25); 1 and 1.0 are not.
    return a instanceof ErlFloat && b instanceof ErlFloat && a.value === b.value;
  }
  return compareTerms(a, b) === 0;
}

/**
 * Index of the first key that repeats an earlier one (exact equality, as OTP 25's
 * `=:=`, under which 0.0 and -0.0 are the same key), or -1. ERTS refuses a MAP_EXT
 * with a repeated key, and so does the decoder.
 *
 * Integers, floats and atoms (almost every real key) go through hash sets; the other
 * keys are sorted in term order and compared with their neighbours.
 */
export function findDuplicateKey(entries: ReadonlyArray<readonly [Term, Term]>): number {
  if (entries.length < 2) return -1;
  if (entries.length <= SMALL_MAP) {
    // Most maps are small: compare pairs directly instead of building sets.
    for (let i = 1; i < entries.length; i++) {
      for (let j = 0; j < i; j++) if (sameKey(entries[j]![0], entries[i]![0])) return i;
    }
    return -1;
  }
  const integers = new Set<number | bigint>();
  const floats = new Set<number>();
  const atoms = new Set<ErlAtom>();
  const others: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const key = entries[i]![0];
    let set: Set<unknown> | undefined;
    let value: unknown;
    if (typeof key === 'number' || typeof key === 'bigint') {
      set = integers;
      value = key;
    } else if (key instanceof ErlAtom) {
      set = atoms;
      value = key;
    } else if (key instanceof ErlFloat) {
      // A Set treats 0 and -0 as one value, which is the equality wanted here.
      set = floats;
      value = key.value;
    }
    if (set === undefined) {
      others.push(i);
    } else {
      if (set.has(value)) return i;
      set.add(value);
    }
  }
  if (others.length < 2) return -1;
  others.sort((a, b) => compareTerms(entries[a]![0], entries[b]![0]) || a - b);
  let duplicate = -1;
  for (let i = 1; i < others.length; i++) {
    if (compareTerms(entries[others[i - 1]!]![0], entries[others[i]!]![0]) === 0) {
      duplicate = duplicate === -1 ? others[i]! : Math.min(duplicate, others[i]!);
    }
  }
  return duplicate;
}
