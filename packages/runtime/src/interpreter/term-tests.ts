import {
  ATOM_FALSE,
  ATOM_TRUE,
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
  HEADER_TAG_MASK,
  HEADER_TUPLE,
  IMMEDIATE1_MASK,
  IMMEDIATE1_PID,
  IMMEDIATE1_PORT,
  NIL,
  isAtom,
  isBoxed,
  isList,
  isSmall,
  makeAtom,
  pointerIndex,
} from '@beamload/terms';
import { Op } from '@beamload/loader-core';
import { SUB_BINARY_BIT_SIZE } from './binary-layout.js';

type TermTest = (w: Int32Array, term: number) => boolean;

function boxedTag(w: Int32Array, term: number): number {
  return isBoxed(term) ? w[pointerIndex(term)] & HEADER_TAG_MASK : -1;
}

const TRUE = makeAtom(ATOM_TRUE);
const FALSE = makeAtom(ATOM_FALSE);

export function isBinaryTerm(w: Int32Array, term: number): boolean {
  const tag = boxedTag(w, term);
  if (tag === HEADER_HEAP_BINARY || tag === HEADER_REFC_BINARY) return true;
  return tag === HEADER_SUB_BINARY && w[pointerIndex(term) + SUB_BINARY_BIT_SIZE] % 8 === 0;
}

export function isBitstringTerm(w: Int32Array, term: number): boolean {
  const tag = boxedTag(w, term);
  return tag === HEADER_HEAP_BINARY || tag === HEADER_REFC_BINARY || tag === HEADER_SUB_BINARY;
}

/** The type-test instructions, indexed by internal opcode. */
export const termTests: Record<number, TermTest> = {
  [Op.is_integer]: (w, t) => isSmall(t) || boxedTag(w, t) === HEADER_POS_BIG || boxedTag(w, t) === HEADER_NEG_BIG,
  [Op.is_float]: (w, t) => boxedTag(w, t) === HEADER_FLOAT,
  [Op.is_number]: (w, t) => {
    if (isSmall(t)) return true;
    const tag = boxedTag(w, t);
    return tag === HEADER_POS_BIG || tag === HEADER_NEG_BIG || tag === HEADER_FLOAT;
  },
  [Op.is_atom]: (_w, t) => isAtom(t),
  [Op.is_pid]: (w, t) => (t & IMMEDIATE1_MASK) === IMMEDIATE1_PID || boxedTag(w, t) === HEADER_EXTERNAL_PID,
  [Op.is_reference]: (w, t) => boxedTag(w, t) === HEADER_REF || boxedTag(w, t) === HEADER_EXTERNAL_REF,
  [Op.is_port]: (w, t) => (t & IMMEDIATE1_MASK) === IMMEDIATE1_PORT || boxedTag(w, t) === HEADER_EXTERNAL_PORT,
  [Op.is_nil]: (_w, t) => t === NIL,
  [Op.is_binary]: isBinaryTerm,
  [Op.is_list]: (_w, t) => t === NIL || isList(t),
  [Op.is_nonempty_list]: (_w, t) => isList(t),
  [Op.is_tuple]: (w, t) => boxedTag(w, t) === HEADER_TUPLE,
  [Op.is_function]: (w, t) => boxedTag(w, t) === HEADER_FUN || boxedTag(w, t) === HEADER_EXPORT,
  [Op.is_boolean]: (_w, t) => t === TRUE || t === FALSE,
  [Op.is_bitstr]: isBitstringTerm,
  [Op.is_map]: (w, t) => boxedTag(w, t) === HEADER_MAP_FLAT || boxedTag(w, t) === HEADER_MAP_HASH,
};
