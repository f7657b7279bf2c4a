import type { Arena } from '../arena/arena.js';
import type { HeapWriter } from '../heap-writer.js';
import {
  HEADER_EXTERNAL_PID,
  HEADER_EXTERNAL_PORT,
  HEADER_EXTERNAL_REF,
  HEADER_REF,
  IMMEDIATE1_MASK,
  IMMEDIATE1_PID,
  IMMEDIATE1_PORT,
  IMMEDIATE1_SIZE,
  headerArity,
  makeBoxed,
  makeHeader,
  pointerIndex,
} from '../layout.js';

/**
 * Pids, ports and references.
 *
 *   local pid      immediate (layout.ts): value = serial << 15 | number, number < 2^15,
 *                  serial < 2^13, printed <0.number.serial>
 *   local port     immediate: value = port number < 2^28, printed #Port<0.number>
 *   local ref      boxed [header(REF, n), ref number 0, ..., ref number n-1], 1 <= n
 *   external pid   boxed [header(EXTERNAL_PID, 4), node atom, creation, number, serial]
 *   external port  boxed [header(EXTERNAL_PORT, 4), node atom, creation, id low 32, id high 32]
 *   external ref   boxed [header(EXTERNAL_REF, 2 + n), node atom, creation, ref numbers...]
 *
 * "Local" means this node (TermStore.nodeName and .creation). A pid/port/ref decoded
 * from ETF becomes the local form when its node and creation are this node's; one of
 * this node's whose numbers do not fit the local form is refused, as erl refuses it
 * (etf/etf-identity-rules.ts). Any other stays external, so the same identity always
 * has one form and equality can compare forms. (valueToTerm, for JS values, keeps such
 * an unfitting one external instead of failing.)
 */
export const PID_NUMBER_BITS = 15;
export const PID_SERIAL_BITS = 13;
export const MAX_PID_NUMBER = 2 ** PID_NUMBER_BITS - 1;
export const MAX_PID_SERIAL = 2 ** PID_SERIAL_BITS - 1;
export const MAX_LOCAL_PORT = 2 ** 28 - 1;

export const EXTERNAL_NODE_FIELD = 1;
export const EXTERNAL_CREATION_FIELD = 2;
export const EXTERNAL_PID_NUMBER_FIELD = 3;
export const EXTERNAL_PID_SERIAL_FIELD = 4;
export const EXTERNAL_PORT_ID_LOW_FIELD = 3;
export const EXTERNAL_PORT_ID_HIGH_FIELD = 4;
export const EXTERNAL_REF_NUMBERS_FIELD = 3;
export const EXTERNAL_PID_WORDS = 5;
export const EXTERNAL_PORT_WORDS = 5;

export function makeLocalPid(number: number, serial: number): number {
  return (((serial << PID_NUMBER_BITS) | number) << IMMEDIATE1_SIZE) | IMMEDIATE1_PID;
}
export function isLocalPid(term: number): boolean {
  return (term & IMMEDIATE1_MASK) === IMMEDIATE1_PID;
}
export function localPidNumber(pid: number): number {
  return (pid >>> IMMEDIATE1_SIZE) & MAX_PID_NUMBER;
}
export function localPidSerial(pid: number): number {
  return pid >>> (IMMEDIATE1_SIZE + PID_NUMBER_BITS);
}
export function fitsLocalPid(number: number, serial: number): boolean {
  return number >= 0 && number <= MAX_PID_NUMBER && serial >= 0 && serial <= MAX_PID_SERIAL;
}

export function makeLocalPort(number: number): number {
  return (number << IMMEDIATE1_SIZE) | IMMEDIATE1_PORT;
}
export function isLocalPort(term: number): boolean {
  return (term & IMMEDIATE1_MASK) === IMMEDIATE1_PORT;
}
export function localPortNumber(port: number): number {
  return port >>> IMMEDIATE1_SIZE;
}

export function makeLocalRef(writer: HeapWriter, numbers: readonly number[]): number {
  const at = writer.alloc(1 + numbers.length);
  writer.arena.i32[at] = makeHeader(HEADER_REF, numbers.length);
  for (let i = 0; i < numbers.length; i++) writer.arena.u32[at + 1 + i] = numbers[i]!;
  return makeBoxed(at);
}

export function makeExternalPid(writer: HeapWriter, node: number, creation: number, number: number, serial: number): number {
  const at = writer.alloc(EXTERNAL_PID_WORDS);
  const words = writer.arena.u32;
  writer.arena.i32[at] = makeHeader(HEADER_EXTERNAL_PID, 4);
  writer.arena.i32[at + EXTERNAL_NODE_FIELD] = node;
  words[at + EXTERNAL_CREATION_FIELD] = creation;
  words[at + EXTERNAL_PID_NUMBER_FIELD] = number;
  words[at + EXTERNAL_PID_SERIAL_FIELD] = serial;
  return makeBoxed(at);
}

export function makeExternalPort(writer: HeapWriter, node: number, creation: number, id: bigint): number {
  const at = writer.alloc(EXTERNAL_PORT_WORDS);
  const words = writer.arena.u32;
  writer.arena.i32[at] = makeHeader(HEADER_EXTERNAL_PORT, 4);
  writer.arena.i32[at + EXTERNAL_NODE_FIELD] = node;
  words[at + EXTERNAL_CREATION_FIELD] = creation;
  words[at + EXTERNAL_PORT_ID_LOW_FIELD] = Number(id & 0xffffffffn);
  words[at + EXTERNAL_PORT_ID_HIGH_FIELD] = Number((id >> 32n) & 0xffffffffn);
  return makeBoxed(at);
}

export function makeExternalRef(writer: HeapWriter, node: number, creation: number, numbers: readonly number[]): number {
  const at = writer.alloc(3 + numbers.length);
  const words = writer.arena.u32;
  writer.arena.i32[at] = makeHeader(HEADER_EXTERNAL_REF, 2 + numbers.length);
  writer.arena.i32[at + EXTERNAL_NODE_FIELD] = node;
  words[at + EXTERNAL_CREATION_FIELD] = creation;
  for (let i = 0; i < numbers.length; i++) words[at + EXTERNAL_REF_NUMBERS_FIELD + i] = numbers[i]!;
  return makeBoxed(at);
}

/** Ref numbers of a local (REF) or external ref, and the word index of the first. */
export function refNumbers(arena: Arena, ref: number, header: number): { first: number; count: number } {
  const at = pointerIndex(ref);
  if ((header & 0x3c) === HEADER_REF) return { first: at + 1, count: headerArity(header) };
  return { first: at + EXTERNAL_REF_NUMBERS_FIELD, count: headerArity(header) - 2 };
}

export function externalPortId(arena: Arena, port: number): bigint {
  const at = pointerIndex(port);
  return (BigInt(arena.u32[at + EXTERNAL_PORT_ID_HIGH_FIELD]!) << 32n) | BigInt(arena.u32[at + EXTERNAL_PORT_ID_LOW_FIELD]!);
}
