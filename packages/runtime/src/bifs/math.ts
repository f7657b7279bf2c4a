import { isSmall } from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg, badarith } from './bif-errors.js';
import { isNumberTerm, makeFloat, numberAsFloat, makeInteger, isFloatTerm, floatValue } from '../interpreter/heap.js';

/** The math module: IEEE doubles from JS's Math, badarith outside the domain as ERTS. */

function unary(fn: (x: number) => number) {
  return (call: BifCall, args: number[]): number => {
    const w = call.context.words;
    if (!isNumberTerm(w, args[0])) throw badarg(args);
    const result = fn(numberAsFloat(w, args[0]));
    if (!Number.isFinite(result)) throw badarith(args);
    return makeFloat(call.context, result);
  };
}

function binary(fn: (x: number, y: number) => number) {
  return (call: BifCall, args: number[]): number => {
    const w = call.context.words;
    if (!isNumberTerm(w, args[0]) || !isNumberTerm(w, args[1])) throw badarg(args);
    const result = fn(numberAsFloat(w, args[0]), numberAsFloat(w, args[1]));
    if (!Number.isFinite(result)) throw badarith(args);
    return makeFloat(call.context, result);
  };
}

function rounding(fn: (x: number) => number) {
  return (call: BifCall, args: number[]): number => {
    const w = call.context.words;
    if (!isNumberTerm(w, args[0])) throw badarg(args);
    if (isSmall(args[0]) || !isFloatTerm(w, args[0])) return makeFloat(call.context, numberAsFloat(w, args[0]));
    return makeFloat(call.context, fn(floatValue(w, args[0])));
  };
}

void makeInteger;

export const MATH_BIFS: BifDefinition[] = [
  { module: 'math', name: 'pi', arity: 0, run: (call) => makeFloat(call.context, Math.PI) },
  { module: 'math', name: 'sqrt', arity: 1, run: unary(Math.sqrt) },
  { module: 'math', name: 'exp', arity: 1, run: unary(Math.exp) },
  { module: 'math', name: 'log', arity: 1, run: unary(Math.log) },
  { module: 'math', name: 'log2', arity: 1, run: unary(Math.log2) },
  { module: 'math', name: 'log10', arity: 1, run: unary(Math.log10) },
  { module: 'math', name: 'sin', arity: 1, run: unary(Math.sin) },
  { module: 'math', name: 'cos', arity: 1, run: unary(Math.cos) },
  { module: 'math', name: 'tan', arity: 1, run: unary(Math.tan) },
  { module: 'math', name: 'asin', arity: 1, run: unary(Math.asin) },
  { module: 'math', name: 'acos', arity: 1, run: unary(Math.acos) },
  { module: 'math', name: 'atan', arity: 1, run: unary(Math.atan) },
  { module: 'math', name: 'sinh', arity: 1, run: unary(Math.sinh) },
  { module: 'math', name: 'cosh', arity: 1, run: unary(Math.cosh) },
  { module: 'math', name: 'tanh', arity: 1, run: unary(Math.tanh) },
  { module: 'math', name: 'asinh', arity: 1, run: unary(Math.asinh) },
  { module: 'math', name: 'acosh', arity: 1, run: unary(Math.acosh) },
  { module: 'math', name: 'atanh', arity: 1, run: unary(Math.atanh) },
  { module: 'math', name: 'atan2', arity: 2, run: binary(Math.atan2) },
  { module: 'math', name: 'pow', arity: 2, run: binary(Math.pow) },
  { module: 'math', name: 'fmod', arity: 2, run: binary((x, y) => x % y) },
  { module: 'math', name: 'floor', arity: 1, run: rounding(Math.floor) },
  { module: 'math', name: 'ceil', arity: 1, run: rounding(Math.ceil) },
];
