import { ATOM_TRUE, isAtom, makeAtom, makeSmall } from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { integerBigValue, isIntegerTerm, makeInteger, makeTuple } from '../interpreter/heap.js';

/**
 * Time BIFs. Native time unit: nanoseconds (as ERTS on Linux); monotonic time from
 * process.hrtime, system time from the wall clock.
 */
const UNITS: Record<string, bigint> = {
  second: 1n,
  seconds: 1n,
  millisecond: 1000n,
  milli_seconds: 1000n,
  microsecond: 1_000_000n,
  micro_seconds: 1_000_000n,
  nanosecond: 1_000_000_000n,
  nano_seconds: 1_000_000_000n,
  native: 1_000_000_000n,
  perf_counter: 1_000_000_000n,
};

/** A time unit: one of UNITS, or a positive integer of parts per second (OTP's supervisor passes 1). */
function unitOf(call: BifCall, term: number, args: number[]): bigint {
  const words = call.context.words;
  if (isIntegerTerm(words, term)) {
    const perSecond = integerBigValue(words, term);
    if (perSecond <= 0n) throw badarg(args);
    return perSecond;
  }
  if (!isAtom(term)) throw badarg(args);
  const unit = UNITS[call.system.atomName(term)];
  if (unit === undefined) throw badarg(args);
  return unit;
}

function monotonicNanoseconds(): bigint {
  return process.hrtime.bigint();
}

function systemNanoseconds(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

function inUnit(nanoseconds: bigint, unit: bigint): bigint {
  // Floor division, as erlang:convert_time_unit.
  const scaled = nanoseconds * unit;
  const quotient = scaled / 1_000_000_000n;
  return scaled < 0n && quotient * 1_000_000_000n !== scaled ? quotient - 1n : quotient;
}

function integer(call: BifCall, value: bigint): number {
  return makeInteger(call.context, value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value);
}

function timestamp(call: BifCall): number {
  const micro = systemNanoseconds() / 1000n;
  return makeTuple(call.context, [makeSmall(Number(micro / 1_000_000_000_000n)), makeSmall(Number((micro / 1_000_000n) % 1_000_000n)), makeSmall(Number(micro % 1_000_000n))]);
}

/**
 * Monotonic time in `unit` (per second), from process.hrtime's [seconds, nanoseconds] in
 * plain numbers while the result is a safe integer (every unit but native/nanosecond
 * after 104 days of uptime): a worker loop that reads the clock every iteration would
 * otherwise pay for BigInt arithmetic each time. Same clock and same floor rounding as
 * the BigInt path.
 */
function monotonicIn(unit: bigint): number | bigint {
  const [seconds, nanoseconds] = process.hrtime();
  const perSecond = Number(unit);
  const value = seconds * perSecond + Math.floor(nanoseconds / (1e9 / perSecond));
  return Number.isSafeInteger(value) ? value : inUnit(BigInt(seconds) * 1_000_000_000n + BigInt(nanoseconds), unit);
}

export const TIME_BIFS: BifDefinition[] = [
  { module: 'erlang', name: 'monotonic_time', arity: 0, run: (call) => makeInteger(call.context, monotonicIn(1_000_000_000n)) },
  { module: 'erlang', name: 'monotonic_time', arity: 1, run: (call, args) => makeInteger(call.context, monotonicIn(unitOf(call, args[0], args))) },
  { module: 'erlang', name: 'system_time', arity: 0, run: (call) => integer(call, systemNanoseconds()) },
  { module: 'erlang', name: 'system_time', arity: 1, run: (call, args) => integer(call, inUnit(systemNanoseconds(), unitOf(call, args[0], args))) },
  { module: 'erlang', name: 'timestamp', arity: 0, run: timestamp },
  { module: 'os', name: 'timestamp', arity: 0, run: timestamp },
  { module: 'erlang', name: 'time_offset', arity: 0, run: (call) => integer(call, systemNanoseconds() - monotonicNanoseconds()) },
  {
    module: 'erlang',
    name: 'convert_time_unit',
    arity: 3,
    run: (call, args) => {
      const from = unitOf(call, args[1], args);
      const to = unitOf(call, args[2], args);
      const w = call.context.words;
      if (!isIntegerTerm(w, args[0])) throw badarg(args);
      const scaled = integerBigValue(w, args[0]) * to;
      const quotient = scaled / from;
      return integer(call, scaled < 0n && quotient * from !== scaled ? quotient - 1n : quotient);
    },
  },
  { module: 'erlang', name: 'is_builtin', arity: 3, run: (call, args) => (call.system.bifs.bifNumber(call.system.atomName(args[0]), call.system.atomName(args[1]), args[2] >> 4) >= 0 ? makeAtom(ATOM_TRUE) : makeAtom(0)) },
];
