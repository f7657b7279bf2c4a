import { NIL, PRIMARY_IMMEDIATE1, PRIMARY_MASK, makeSmall } from '@beamload/terms';
import type { ProcessContext } from './process-context.js';

/**
 * A process that waits in `receive ... after Ms` and is woken by a message no clause
 * takes re-runs `wait_timeout`, which evaluates its timeout operand again (usually an x
 * register). The interpreter ends a wait with no live x registers, and the scheduler's
 * x array is shared by every process it runs, so without this the operand would read
 * whatever the last process left there (`error:timeout_value` on a valid integer).
 *
 * ERTS avoids the read altogether (it skips the operand while the receive timer is
 * running). Here the scheduler keeps, across the wait, the x registers up to the highest
 * one that holds the timeout (a small integer, the only value a wait with a timer can
 * have come from). Registers below it that hold a list or boxed pointer are dead after
 * a wait (the compiler kills every x register at a receive), so they are kept as NIL: a
 * collection that runs before the process resumes must never follow a stale pointer.
 *
 * Returns the number of x registers to save (0 when no register holds the timeout,
 * e.g. a y-register operand, which the stack keeps anyway).
 */
export function keepTimeoutOperand(context: ProcessContext, liveRegisters: number): number {
  const timeout = makeSmall(context.waitTimeout);
  const x = context.x;
  let highest = -1;
  for (let index = x.length - 1; index >= 0; index--) {
    if (x[index] === timeout) {
      highest = index;
      break;
    }
  }
  if (highest < liveRegisters) return liveRegisters;
  for (let index = liveRegisters; index < highest; index++) {
    if ((x[index]! & PRIMARY_MASK) !== PRIMARY_IMMEDIATE1) x[index] = NIL;
  }
  return highest + 1;
}
