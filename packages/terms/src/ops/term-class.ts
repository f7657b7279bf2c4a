import {
  HEADER_EXPORT,
  HEADER_EXTERNAL_PID,
  HEADER_EXTERNAL_PORT,
  HEADER_EXTERNAL_REF,
  HEADER_FLOAT,
  HEADER_FUN,
  HEADER_HEAP_BINARY,
  HEADER_MAP_FLAT,
  HEADER_MAP_HASH,
  HEADER_NEG_BIG,
  HEADER_POS_BIG,
  HEADER_REF,
  HEADER_REFC_BINARY,
  HEADER_SUB_BINARY,
  HEADER_TUPLE,
  IMMEDIATE1_MASK,
  IMMEDIATE1_PID,
  IMMEDIATE1_PORT,
  IMMEDIATE1_SMALL,
  IMMEDIATE2_ATOM,
  IMMEDIATE2_MASK,
  IMMEDIATE2_NIL,
  PRIMARY_BOXED,
  PRIMARY_LIST,
  PRIMARY_MASK,
  headerTag,
  pointerIndex,
} from '../layout.js';
import { TermError } from '../term/term-error.js';

/**
 * The type of a term word, numbered in the standard term order
 * (number < atom < reference < fun < port < pid < tuple < map < nil < list < bitstring),
 * with the sub-kinds OTP orders inside a type: integers before floats in the exact
 * order of map keys, local funs before external funs (OTP 25's FUN_DEF/EXPORT_DEF).
 */
export const TermClass = {
  integer: 0,
  float: 1,
  atom: 2,
  ref: 3,
  fun: 4,
  exportFun: 5,
  port: 6,
  pid: 7,
  tuple: 8,
  map: 9,
  nil: 10,
  list: 11,
  bitstring: 12,
} as const;
export type TermClass = (typeof TermClass)[keyof typeof TermClass];

const classOfHeaderTag: number[] = [];
classOfHeaderTag[HEADER_TUPLE >> 2] = TermClass.tuple;
classOfHeaderTag[HEADER_POS_BIG >> 2] = TermClass.integer;
classOfHeaderTag[HEADER_NEG_BIG >> 2] = TermClass.integer;
classOfHeaderTag[HEADER_FLOAT >> 2] = TermClass.float;
classOfHeaderTag[HEADER_REF >> 2] = TermClass.ref;
classOfHeaderTag[HEADER_EXTERNAL_REF >> 2] = TermClass.ref;
classOfHeaderTag[HEADER_FUN >> 2] = TermClass.fun;
classOfHeaderTag[HEADER_EXPORT >> 2] = TermClass.exportFun;
classOfHeaderTag[HEADER_HEAP_BINARY >> 2] = TermClass.bitstring;
classOfHeaderTag[HEADER_REFC_BINARY >> 2] = TermClass.bitstring;
classOfHeaderTag[HEADER_SUB_BINARY >> 2] = TermClass.bitstring;
classOfHeaderTag[HEADER_MAP_FLAT >> 2] = TermClass.map;
classOfHeaderTag[HEADER_MAP_HASH >> 2] = TermClass.map;
classOfHeaderTag[HEADER_EXTERNAL_PID >> 2] = TermClass.pid;
classOfHeaderTag[HEADER_EXTERNAL_PORT >> 2] = TermClass.port;

export function termClass(words: Int32Array, term: number): TermClass {
  switch (term & PRIMARY_MASK) {
    case PRIMARY_LIST:
      return TermClass.list;
    case PRIMARY_BOXED: {
      const termType = classOfHeaderTag[headerTag(words[pointerIndex(term)]!) >> 2];
      if (termType === undefined) throw new TermError('not_a_term', `boxed object with header ${words[pointerIndex(term)]}`, pointerIndex(term));
      return termType as TermClass;
    }
    case 3:
      switch (term & IMMEDIATE1_MASK) {
        case IMMEDIATE1_SMALL:
          return TermClass.integer;
        case IMMEDIATE1_PID:
          return TermClass.pid;
        case IMMEDIATE1_PORT:
          return TermClass.port;
        default:
          if ((term & IMMEDIATE2_MASK) === IMMEDIATE2_ATOM) return TermClass.atom;
          if ((term & IMMEDIATE2_MASK) === IMMEDIATE2_NIL) return TermClass.nil;
      }
  }
  throw new TermError('not_a_term', `word ${term >>> 0} is not a term`);
}

/** Rank in the standard order between different types (numbers share one rank). */
export function typeRank(termType: TermClass): number {
  return termType <= TermClass.float ? 0 : termType - 1;
}
