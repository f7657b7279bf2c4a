/**
 * Helpers shared by the process BIFs: the calling process's services, reading proper
 * lists and pids, building refs on the caller's heap. Every BIF allocates what it
 * returns BEFORE it has any effect, because an allocation may throw HeapNeeded and the
 * interpreter then runs the BIF again after a collection.
 */

import { HEADER_REF, NIL, headerArity, headerTag, isAtom, isBoxed, isList, pointerIndex } from '@beamload/terms';
import type { BifCall } from '../bif.js';
import { badarg } from '../bif-errors.js';
import { allocate } from '../../interpreter/heap.js';
import { isPid } from '../../process/process.js';
import type { ProcessServices } from '../../process/process-services.js';

export function servicesOf(call: BifCall): ProcessServices {
  return call.context.host.services;
}

/** Elements of a proper list, or a badarg naming `args`. */
export function properList(call: BifCall, list: number, args: readonly number[]): number[] {
  const words = call.context.words;
  const elements: number[] = [];
  let cursor = list;
  while (isList(cursor)) {
    const cell = pointerIndex(cursor);
    elements.push(words[cell]);
    cursor = words[cell + 1];
  }
  if (cursor !== NIL) throw badarg(args);
  return elements;
}

export function requirePid(pid: number, args: readonly number[]): number {
  if (!isPid(pid)) throw badarg(args);
  return pid;
}

export function requireAtom(word: number, args: readonly number[]): number {
  if (!isAtom(word)) throw badarg(args);
  return word;
}

/** Reserves a ref on the caller's heap and writes fresh numbers into it. */
export function newRef(call: BifCall): { term: number; numbers: [number, number] } {
  const services = servicesOf(call);
  const at = allocate(call.context, services.refWords);
  const numbers = services.newRefNumbers();
  return { term: services.writeRef(at, numbers), numbers };
}

/** The numbers of a local ref term, or null when `term` is not one. */
export function refNumbers(words: Int32Array, term: number): number[] | null {
  if (!isBoxed(term)) return null;
  const at = pointerIndex(term);
  const header = words[at];
  if (headerTag(header) !== HEADER_REF) return null;
  const numbers: number[] = [];
  for (let i = 1; i <= headerArity(header); i++) numbers.push(words[at + i]);
  return numbers;
}
