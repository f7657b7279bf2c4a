import { isAtom } from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { listItems } from './erlang-data.js';
import { makeInteger } from '../interpreter/heap.js';

/**
 * erlang:unique_integer/0,1. The integers come from the node-wide ref counter (the one
 * make_ref draws from, incremented atomically by every scheduler thread), so they are
 * unique on the node and, read in call order, strictly increasing: `monotonic` holds as
 * well, and `positive` only shifts them above zero.
 */
function uniqueInteger(call: BifCall, args: number[]): number {
  let positive = false;
  if (args.length > 0) {
    const options = listItems(call.context.words, args[0]);
    if (options === undefined) throw badarg(args);
    for (const option of options) {
      const name = isAtom(option) ? call.system.atomName(option) : '';
      if (name === 'positive') positive = true;
      else if (name !== 'monotonic') throw badarg(args);
    }
  }
  const [low, high] = call.context.host.services.newRefNumbers();
  const counter = BigInt(high) * 2n ** 32n + BigInt(low >>> 0);
  // Without `positive`, ERTS starts below zero; so do these, by a fixed offset.
  const value = positive ? counter + 1n : counter - 2n ** 59n;
  return makeInteger(call.context, value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value);
}

export const UNIQUE_INTEGER_BIFS: BifDefinition[] = [
  { module: 'erlang', name: 'unique_integer', arity: 0, run: uniqueInteger },
  { module: 'erlang', name: 'unique_integer', arity: 1, run: uniqueInteger },
];
