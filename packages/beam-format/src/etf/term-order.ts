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
 * Erlang's term order in its exact form (ERTS `CMP_TERM`), the order in which
 * `term_to_binary(T, [deterministic])` writes map keys and in which maps compare keys:
 * number < atom < reference < fun < port < pid < tuple < map < [] < list < bitstring,
 * with every integer before every float ("map key order": `2 < 0.5`, `{1} < {0.5}`).
 * Under exact comparison 0.0 and -0.0 are equal, as in OTP 25.
 *
 * Pids, ports and references of one node compare as ERTS does (checked on OTP 25):
 * pids by serial, number, creation; ports by creation, number; references by
 * creation, number of id words, then the ids from the last word. Across nodes ERTS
 * orders by its node table (not by name, and not stable between runs); here the node
 * names decide, alphabetically.
 *
 * Iterative, so deeply nested terms cannot exhaust the JS stack.
 */
export function compareTerms(left: Term, right: Term): number {
  const pending: Term[] = [left, right];
  while (pending.length > 0) {
    const b = pending.pop()!;
    const a = pending.pop()!;
    const order = compareShallow(a, b, pending);
    if (order !== 0) return order;
  }
  return 0;
}

/** Exact equality in the same sense (`=:=` on OTP 25). */
export function termsEqual(left: Term, right: Term): boolean {
  return compareTerms(left, right) === 0;
}

// Rank of each type in the term order. Integers and floats get separate ranks because
// the exact order puts all integers first.
const RANK_INTEGER = 0;
const RANK_FLOAT = 1;
const RANK_ATOM = 2;
const RANK_REFERENCE = 3;
const RANK_FUN = 4;
const RANK_PORT = 5;
const RANK_PID = 6;
const RANK_TUPLE = 7;
const RANK_MAP = 8;
const RANK_NIL = 9;
const RANK_LIST = 10;
const RANK_BITSTRING = 11;

function rank(term: Term): number {
  if (typeof term === 'number' || typeof term === 'bigint') return RANK_INTEGER;
  if (Array.isArray(term)) return term.length === 0 ? RANK_NIL : RANK_LIST;
  if (term instanceof ErlAtom) return RANK_ATOM;
  if (term instanceof ErlTuple) return RANK_TUPLE;
  if (term instanceof Uint8Array || term instanceof ErlBitstring) return RANK_BITSTRING;
  if (term instanceof ErlFloat) return RANK_FLOAT;
  if (term instanceof ErlMap) return RANK_MAP;
  if (term instanceof ErlImproperList) return RANK_LIST;
  if (term instanceof ErlRef) return RANK_REFERENCE;
  if (term instanceof ErlExportFun || term instanceof ErlClosure) return RANK_FUN;
  if (term instanceof ErlPort) return RANK_PORT;
  if (term instanceof ErlPid) return RANK_PID;
  throw new TypeError(`not an Erlang term: ${String(term)}`);
}

const sign = (difference: number): number => (difference < 0 ? -1 : difference > 0 ? 1 : 0);

function compareIntegers(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'number' && typeof b === 'number') return sign(a - b);
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Atoms compare by their text as code points (ERTS compares UTF-8 bytes: same order). */
export function compareAtomNames(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return sign(a.length - b.length);
}

function compareBits(a: Uint8Array | ErlBitstring, b: Uint8Array | ErlBitstring): number {
  const aBytes = a instanceof Uint8Array ? a : a.bytes;
  const bBytes = b instanceof Uint8Array ? b : b.bytes;
  const aBits = a instanceof Uint8Array ? a.length * 8 : a.bitLength;
  const bBits = b instanceof Uint8Array ? b.length * 8 : b.bitLength;
  const common = Math.min(aBits, bBits);
  const whole = common >>> 3;
  for (let i = 0; i < whole; i++) if (aBytes[i] !== bBytes[i]) return aBytes[i]! < bBytes[i]! ? -1 : 1;
  const rest = common & 7;
  if (rest !== 0) {
    const mask = (0xff << (8 - rest)) & 0xff;
    const x = aBytes[whole]! & mask;
    const y = bBytes[whole]! & mask;
    if (x !== y) return x < y ? -1 : 1;
  }
  return sign(aBits - bBits);
}

function listParts(term: Term[] | ErlImproperList): { elements: Term[]; tail: Term } {
  return Array.isArray(term) ? { elements: term, tail: [] } : { elements: term.elements, tail: term.tail };
}

/** Pushes sub-terms still to compare (as pairs, last pair compared first). */
function pushPairs(pending: Term[], a: readonly Term[], b: readonly Term[]): void {
  for (let i = a.length - 1; i >= 0; i--) pending.push(a[i]!, b[i]!);
}

function sortedEntries(map: ErlMap): Array<[Term, Term]> {
  return [...map.entries].sort((x, y) => compareTerms(x[0], y[0]));
}

function compareShallow(a: Term, b: Term, pending: Term[]): number {
  if (a === b) return 0;
  const rankA = rank(a);
  const rankB = rank(b);
  if (rankA !== rankB) return rankA < rankB ? -1 : 1;
  switch (rankA) {
    case RANK_INTEGER:
      return compareIntegers(a as number | bigint, b as number | bigint);
    case RANK_FLOAT:
      return sign((a as ErlFloat).value - (b as ErlFloat).value);
    case RANK_ATOM:
      return compareAtomNames((a as ErlAtom).name, (b as ErlAtom).name);
    case RANK_NIL:
      return 0;
    case RANK_BITSTRING:
      return compareBits(a as Uint8Array | ErlBitstring, b as Uint8Array | ErlBitstring);
    case RANK_TUPLE: {
      const x = (a as ErlTuple).elements;
      const y = (b as ErlTuple).elements;
      if (x.length !== y.length) return sign(x.length - y.length);
      pushPairs(pending, x, y);
      return 0;
    }
    case RANK_LIST: {
      // Element by element; the list that ends first is smaller, and an improper tail
      // compares as a term in the position of the next element.
      const x = listParts(a as Term[] | ErlImproperList);
      const y = listParts(b as Term[] | ErlImproperList);
      const common = Math.min(x.elements.length, y.elements.length);
      const restA: Term = x.elements.length > common ? x.elements.slice(common) : x.tail;
      const restB: Term = y.elements.length > common ? y.elements.slice(common) : y.tail;
      pending.push(restA, restB);
      pushPairs(pending, x.elements.slice(0, common), y.elements.slice(0, common));
      return 0;
    }
    case RANK_MAP: {
      const x = a as ErlMap;
      const y = b as ErlMap;
      if (x.entries.length !== y.entries.length) return sign(x.entries.length - y.entries.length);
      const sortedX = sortedEntries(x);
      const sortedY = sortedEntries(y);
      // All keys first, then the values in key order.
      pushPairs(
        pending,
        sortedX.map((entry) => entry[1]),
        sortedY.map((entry) => entry[1]),
      );
      pushPairs(
        pending,
        sortedX.map((entry) => entry[0]),
        sortedY.map((entry) => entry[0]),
      );
      return 0;
    }
    case RANK_REFERENCE: {
      const x = a as ErlRef;
      const y = b as ErlRef;
      return (
        compareAtomNames(x.node.name, y.node.name) ||
        sign(x.creation - y.creation) ||
        compareWordsFromTop(x.ids, y.ids)
      );
    }
    case RANK_PORT: {
      const x = a as ErlPort;
      const y = b as ErlPort;
      return compareAtomNames(x.node.name, y.node.name) || sign(x.creation - y.creation) || compareIntegers(x.id, y.id);
    }
    case RANK_PID: {
      const x = a as ErlPid;
      const y = b as ErlPid;
      return (
        compareAtomNames(x.node.name, y.node.name) ||
        sign(x.serial - y.serial) ||
        sign(x.id - y.id) ||
        sign(x.creation - y.creation)
      );
    }
    default:
      return compareFuns(a as ErlExportFun | ErlClosure, b as ErlExportFun | ErlClosure, pending);
  }
}

function compareWordsFromTop(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return sign(a.length - b.length);
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return sign(a[i]! - b[i]!);
  return 0;
}

/** Local funs before external ones, then module, index/name, uniq, free variables. */
function compareFuns(a: ErlExportFun | ErlClosure, b: ErlExportFun | ErlClosure, pending: Term[]): number {
  if (a instanceof ErlClosure && b instanceof ErlExportFun) return -1;
  if (a instanceof ErlExportFun && b instanceof ErlClosure) return 1;
  if (a instanceof ErlExportFun && b instanceof ErlExportFun) {
    return (
      compareAtomNames(a.module.name, b.module.name) ||
      compareAtomNames(a.name.name, b.name.name) ||
      sign(a.arity - b.arity)
    );
  }
  const x = a as ErlClosure;
  const y = b as ErlClosure;
  const order =
    compareAtomNames(x.module.name, y.module.name) ||
    sign(x.oldIndex - y.oldIndex) ||
    sign(x.oldUniq - y.oldUniq) ||
    sign(x.freeVars.length - y.freeVars.length);
  if (order !== 0) return order;
  pushPairs(pending, x.freeVars, y.freeVars);
  return 0;
}
