import {
  ErlAtom,
  ErlBitstring,
  ErlClosure,
  ErlExportFun,
  ErlFloat,
  ErlImproperList,
  ErlMap,
  ErlPid,
  ErlPort,
  ErlRef,
  ErlTuple,
  type Term,
} from '../term/values.js';

/**
 * Erlang's standard term order, enough to sort what beam_lib sorts (attribute keys,
 * export tables): number < atom < reference < fun < port < pid < tuple < map < [] <
 * list < bitstring. Atoms compare by code point. Maps compare by size only here.
 */
export function compareTerms(left: Term, right: Term): number {
  const leftRank = rank(left);
  const rightRank = rank(right);
  if (leftRank !== rightRank) return leftRank - rightRank;
  if (isNumber(left) && isNumber(right)) return compareNumbers(left, right);
  if (left instanceof ErlAtom && right instanceof ErlAtom) return compareStrings(left.name, right.name);
  if (left instanceof ErlTuple && right instanceof ErlTuple) {
    if (left.elements.length !== right.elements.length) return left.elements.length - right.elements.length;
    return compareSequences(left.elements, right.elements);
  }
  if (isList(left) && isList(right)) return compareLists(left, right);
  if ((left instanceof Uint8Array || left instanceof ErlBitstring) && (right instanceof Uint8Array || right instanceof ErlBitstring)) {
    return compareSequences(Array.from(bytesOf(left)), Array.from(bytesOf(right)));
  }
  if (left instanceof ErlMap && right instanceof ErlMap) return left.entries.length - right.entries.length;
  return 0;
}

/** Compares strings by Unicode code point (JS `<` compares UTF-16 units). */
export function compareStrings(left: string, right: string): number {
  const a = Array.from(left);
  const b = Array.from(right);
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const difference = a[index]!.codePointAt(0)! - b[index]!.codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

function rank(term: Term): number {
  if (isNumber(term)) return 0;
  if (term instanceof ErlAtom) return 1;
  if (term instanceof ErlRef) return 2;
  if (term instanceof ErlExportFun || term instanceof ErlClosure) return 3;
  if (term instanceof ErlPort) return 4;
  if (term instanceof ErlPid) return 5;
  if (term instanceof ErlTuple) return 6;
  if (term instanceof ErlMap) return 7;
  if (Array.isArray(term) && term.length === 0) return 8;
  if (isList(term)) return 9;
  return 10;
}

function isNumber(term: Term): term is number | bigint | ErlFloat {
  return typeof term === 'number' || typeof term === 'bigint' || term instanceof ErlFloat;
}

function compareNumbers(left: number | bigint | ErlFloat, right: number | bigint | ErlFloat): number {
  const a = left instanceof ErlFloat ? left.value : left;
  const b = right instanceof ErlFloat ? right.value : right;
  return a < b ? -1 : a > b ? 1 : 0;
}

function isList(term: Term): term is Term[] | ErlImproperList {
  return Array.isArray(term) || term instanceof ErlImproperList;
}

function compareLists(left: Term[] | ErlImproperList, right: Term[] | ErlImproperList): number {
  const a = Array.isArray(left) ? left : left.elements;
  const b = Array.isArray(right) ? right : right.elements;
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const difference = compareTerms(a[index]!, b[index]!);
    if (difference !== 0) return difference;
  }
  if (a.length !== b.length) return a.length - b.length;
  const leftTail = Array.isArray(left) ? [] : left.tail;
  const rightTail = Array.isArray(right) ? [] : right.tail;
  return compareTerms(leftTail, rightTail);
}

function compareSequences(left: readonly Term[], right: readonly Term[]): number {
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const difference = compareTerms(left[index]!, right[index]!);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

function bytesOf(term: Uint8Array | ErlBitstring): Uint8Array {
  return term instanceof Uint8Array ? term : term.bytes;
}
