import { isSmall, makeSmall, smallValue, fitsSmall } from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarith, badarg, errorWith } from './bif-errors.js';
import { floatValue, integerBigValue, integerValue, isFloatTerm, isIntegerTerm, isNumberTerm, makeFloat, makeInteger, numberAsFloat } from '../interpreter/heap.js';

/**
 * Arithmetic BIFs: small integers on a fast path, bigints beyond (a small that overflows
 * becomes a bignum, never a wrong answer), floats as IEEE doubles (a non-finite result
 * is badarith, as in ERTS).
 */

function number(call: BifCall, term: number, args: number[]): { float: boolean; value: number | bigint } {
  const w = call.context.words;
  if (isSmall(term)) return { float: false, value: smallValue(term) };
  if (isFloatTerm(w, term)) return { float: true, value: floatValue(w, term) };
  if (isIntegerTerm(w, term)) return { float: false, value: integerValue(w, term) };
  throw badarith(args);
}

function floatResult(call: BifCall, value: number, args: number[]): number {
  if (!Number.isFinite(value)) throw badarith(args);
  return makeFloat(call.context, value);
}

function integerResult(call: BifCall, value: number | bigint): number {
  if (typeof value === 'number') {
    if (fitsSmall(value)) return makeSmall(value);
    if (!Number.isSafeInteger(value)) throw new Error('integerResult: unsafe number');
  }
  return makeInteger(call.context, value);
}

type IntegerOp = (a: bigint, b: bigint) => bigint;
type FloatOp = (a: number, b: number) => number;

function mixed(intOp: IntegerOp, floatOp: FloatOp, smallOp: (a: number, b: number) => number) {
  return (call: BifCall, args: number[]): number => {
    const [a, b] = args;
    if (isSmall(a) && isSmall(b)) {
      const result = smallOp(smallValue(a), smallValue(b));
      if (fitsSmall(result)) return makeSmall(result);
      return integerResult(call, Number.isSafeInteger(result) ? result : intOp(BigInt(smallValue(a)), BigInt(smallValue(b))));
    }
    // Integers (a bignum from an earlier step included) without the two objects number()
    // returns: the bench worker's loop comes here every step (its product leaves the
    // smalls), and reading through them made it half as fast.
    const w = call.context.words;
    if (isIntegerTerm(w, a) && isIntegerTerm(w, b)) {
      const left = integerValue(w, a);
      const right = integerValue(w, b);
      if (typeof left === 'number' && typeof right === 'number') {
        const result = smallOp(left, right);
        if (Number.isSafeInteger(result)) return integerResult(call, result);
      }
      return integerResult(call, normalize(intOp(BigInt(left), BigInt(right))));
    }
    const x = number(call, a, args);
    const y = number(call, b, args);
    if (x.float || y.float) return floatResult(call, floatOp(Number(x.value), Number(y.value)), args);
    if (typeof x.value === 'number' && typeof y.value === 'number') {
      // Exact whenever the true result is a safe integer; a double result outside that
      // range means the true one is too, and BigInt takes over.
      const result = smallOp(x.value, y.value);
      if (Number.isSafeInteger(result)) return integerResult(call, result);
    }
    return integerResult(call, normalize(intOp(BigInt(x.value), BigInt(y.value))));
  };
}

function normalize(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function integers(call: BifCall, args: number[]): [bigint, bigint] {
  const w = call.context.words;
  if (!isIntegerTerm(w, args[0]) || !isIntegerTerm(w, args[1])) throw badarith(args);
  return [integerBigValue(w, args[0]), integerBigValue(w, args[1])];
}

/**
 * `safeOp` computes on safe JS integers (smalls, and bignums below 2^53); a result that is
 * not a safe integer (NaN for a zero divisor included) falls back to the BigInt `op`.
 */
function integerOp(op: (a: bigint, b: bigint) => bigint, safeOp: (a: number, b: number) => number) {
  return (call: BifCall, args: number[]): number => {
    if (isSmall(args[0]) && isSmall(args[1])) {
      const result = safeOp(smallValue(args[0]), smallValue(args[1]));
      if (fitsSmall(result)) return makeSmall(result);
    }
    const w = call.context.words;
    if (!isIntegerTerm(w, args[0]) || !isIntegerTerm(w, args[1])) throw badarith(args);
    const a = integerValue(w, args[0]);
    const b = integerValue(w, args[1]);
    if (typeof a === 'number' && typeof b === 'number') {
      const result = safeOp(a, b);
      if (Number.isSafeInteger(result)) return integerResult(call, result);
    }
    return integerResult(call, normalize(op(BigInt(a), BigInt(b))));
  };
}

const TWO_32 = 4294967296;

/**
 * A bitwise operation on two safe integers (53 bits and a sign): JS's bitwise operators
 * take 32 bits, so the high and low halves go separately, each in two's complement.
 */
function bitwise(op: (a: number, b: number) => number): (a: number, b: number) => number {
  return (a, b) => {
    if ((a | 0) === a && (b | 0) === b) return op(a, b);
    const highA = Math.floor(a / TWO_32);
    const highB = Math.floor(b / TWO_32);
    const low = op((a - highA * TWO_32) | 0, (b - highB * TWO_32) | 0) >>> 0;
    return op(highA, highB) * TWO_32 + low;
  };
}

const plus = mixed((a, b) => a + b, (a, b) => a + b, (a, b) => a + b);
const minus = mixed((a, b) => a - b, (a, b) => a - b, (a, b) => a - b);
const times = mixed((a, b) => a * b, (a, b) => a * b, (a, b) => a * b);

function divide(call: BifCall, args: number[]): number {
  const x = number(call, args[0], args);
  const y = number(call, args[1], args);
  const divisor = Number(y.value);
  if (divisor === 0) throw badarith(args);
  return floatResult(call, Number(x.value) / divisor, args);
}

const intDiv = integerOp(
  (a, b) => {
    if (b === 0n) throw new DivisionByZero();
    return a / b;
  },
  (a, b) => (b === 0 ? NaN : Math.trunc(a / b)),
);
const intRem = integerOp(
  (a, b) => {
    if (b === 0n) throw new DivisionByZero();
    return a % b;
  },
  (a, b) => (b === 0 ? NaN : a % b),
);

class DivisionByZero extends Error {}

function guardDivision(run: (call: BifCall, args: number[]) => number) {
  return (call: BifCall, args: number[]): number => {
    try {
      return run(call, args);
    } catch (problem) {
      if (problem instanceof DivisionByZero) throw badarith(args);
      throw problem;
    }
  };
}

const SHIFT_LIMIT = 1n << 25n;

function shift(call: BifCall, args: number[], left: boolean): number {
  const [a, b] = integers(call, args);
  let amount = left ? b : -b;
  if (amount > SHIFT_LIMIT) throw errorWith(call.system.atom('system_limit'), args);
  if (amount < -SHIFT_LIMIT) amount = -SHIFT_LIMIT;
  return integerResult(call, normalize(amount >= 0n ? a << amount : a >> -amount));
}

function negate(call: BifCall, args: number[]): number {
  const x = number(call, args[0], args);
  if (x.float) return floatResult(call, -Number(x.value), args);
  return integerResult(call, normalize(-BigInt(x.value)));
}

function unaryPlus(call: BifCall, args: number[]): number {
  if (!isNumberTerm(call.context.words, args[0])) throw badarith(args);
  return args[0];
}

function bnot(call: BifCall, args: number[]): number {
  const w = call.context.words;
  if (!isIntegerTerm(w, args[0])) throw badarith(args);
  return integerResult(call, normalize(~integerBigValue(w, args[0])));
}

function abs(call: BifCall, args: number[]): number {
  const w = call.context.words;
  if (!isNumberTerm(w, args[0])) throw badarg(args);
  const x = number(call, args[0], args);
  if (x.float) return floatResult(call, Math.abs(Number(x.value)), args);
  const value = BigInt(x.value);
  return integerResult(call, normalize(value < 0n ? -value : value));
}

function toFloat(call: BifCall, args: number[]): number {
  const w = call.context.words;
  if (!isNumberTerm(w, args[0])) throw badarg(args);
  if (isFloatTerm(w, args[0])) return args[0];
  return floatResult(call, numberAsFloat(w, args[0]), args);
}

function rounding(mode: (value: number) => number) {
  return (call: BifCall, args: number[]): number => {
    const w = call.context.words;
    if (!isNumberTerm(w, args[0])) throw badarg(args);
    if (!isFloatTerm(w, args[0])) return args[0];
    const value = mode(floatValue(w, args[0]));
    return integerResult(call, Number.isSafeInteger(value) ? value : normalize(BigInt(value)));
  };
}

function roundHalfAway(value: number): number {
  return value < 0 ? -Math.round(-value) : Math.round(value);
}

export const ARITHMETIC_BIFS: BifDefinition[] = [
  { module: 'erlang', name: '+', arity: 2, run: plus },
  { module: 'erlang', name: '-', arity: 2, run: minus },
  { module: 'erlang', name: '*', arity: 2, run: times },
  { module: 'erlang', name: '/', arity: 2, run: divide },
  { module: 'erlang', name: 'div', arity: 2, run: guardDivision(intDiv) },
  { module: 'erlang', name: 'rem', arity: 2, run: guardDivision(intRem) },
  { module: 'erlang', name: 'band', arity: 2, run: integerOp((a, b) => a & b, bitwise((a, b) => a & b)) },
  { module: 'erlang', name: 'bor', arity: 2, run: integerOp((a, b) => a | b, bitwise((a, b) => a | b)) },
  { module: 'erlang', name: 'bxor', arity: 2, run: integerOp((a, b) => a ^ b, bitwise((a, b) => a ^ b)) },
  { module: 'erlang', name: 'bsl', arity: 2, run: (call, args) => shift(call, args, true) },
  { module: 'erlang', name: 'bsr', arity: 2, run: (call, args) => shift(call, args, false) },
  { module: 'erlang', name: 'bnot', arity: 1, run: bnot },
  { module: 'erlang', name: '-', arity: 1, run: negate },
  { module: 'erlang', name: '+', arity: 1, run: unaryPlus },
  { module: 'erlang', name: 'abs', arity: 1, run: abs },
  { module: 'erlang', name: 'float', arity: 1, run: toFloat },
  { module: 'erlang', name: 'round', arity: 1, run: rounding(roundHalfAway) },
  { module: 'erlang', name: 'trunc', arity: 1, run: rounding(Math.trunc) },
  { module: 'erlang', name: 'floor', arity: 1, run: rounding(Math.floor) },
  { module: 'erlang', name: 'ceil', arity: 1, run: rounding(Math.ceil) },
];
