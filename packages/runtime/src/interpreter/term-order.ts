import { compareTerms, isSmall } from '@beamload/terms';
import type { InterpreterSystem } from './system.js';

/** The standard term order (arithmetic: 1 == 1.0), with a fast path for two smalls. */
export function termCompare(system: InterpreterSystem, a: number, b: number): number {
  if (isSmall(a) && isSmall(b)) return (a >> 4) - (b >> 4);
  return compareTerms(system.store, a, b, false);
}

/** `==`. */
export function termEquals(system: InterpreterSystem, a: number, b: number): boolean {
  if (a === b) return true;
  if (isSmall(a) && isSmall(b)) return false;
  return compareTerms(system.store, a, b, false) === 0;
}

/** `=:=`. */
export function termExactEquals(system: InterpreterSystem, a: number, b: number): boolean {
  if (a === b) return true;
  if ((a & 3) === 3 && (b & 3) === 3) return false;
  return compareTerms(system.store, a, b, true) === 0;
}
