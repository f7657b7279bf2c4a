import type { TermStore } from '../term/term-store.js';

/**
 * Which pids, ports and references binary_to_term accepts, and which become this node's
 * own (local) terms, as erl 25 decides (probed against erl; ERTS: external.c, dec_pid and
 * the port and reference cases of dec_term). measureEtf refuses the rest as bad_etf,
 * which binary_to_term turns into badarg.
 *
 * - A term is this node's when its node name is this node's name AND its creation is this
 *   node's creation. The same name with another creation is an older (or newer)
 *   incarnation of this node: an external term, never equal to a local one.
 * - This node's terms must fit what this node can have made: a pid number below 2^15 and
 *   serial below 2^13, a port number below 2^28, a reference of at most 3 numbers whose
 *   first is below 2^18. erl refuses anything larger (badarg) instead of keeping it as an
 *   external term, since no such term of this node can exist.
 * - Another node's (or incarnation's) numbers are kept whole: 32-bit pid numbers and
 *   serials, 32- or 64-bit port ids, up to 5 reference numbers.
 * - The old encodings (PID_EXT, PORT_EXT, REFERENCE_EXT, NEW_REFERENCE_EXT) carry a
 *   creation of one byte whose only valid values are 0..3 (two bits, whatever the node).
 * - The old reference encodings (REFERENCE_EXT, NEW_REFERENCE_EXT) hold a first number
 *   below 2^18 whatever the node; NEWER_REFERENCE_EXT allows a full word for other nodes.
 * - A reference of this node with fewer than 3 numbers is padded with zeros to 3 (erl's
 *   term_to_binary then writes 3), so it equals the same reference written with 3.
 */
export const MAX_TINY_CREATION = 3;
/** First number of a REFERENCE_EXT/NEW_REFERENCE_EXT, or of this node's reference: 18 bits. */
export const MAX_REF_FIRST_NUMBER = 2 ** 18 - 1;
/** Numbers of a reference of any node (ERTS_MAX_REF_NUMBERS). */
export const MAX_REF_NUMBERS = 5;
/** Numbers of a reference this node makes (ERTS_REF_NUMBERS); shorter ones are padded. */
export const LOCAL_REF_NUMBERS = 3;

export function isTinyCreation(creation: number): boolean {
  return creation <= MAX_TINY_CREATION;
}

/** Whether a pid, port or reference of node `name`, incarnation `creation`, is this node's. */
export function isThisNode(store: TermStore, name: string, creation: number): boolean {
  return name === store.nodeName && creation === store.creation;
}
