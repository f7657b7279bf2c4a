import type { Operand } from '../compact/decode.js';
import { BeamFormatError } from '../errors.js';
import { ErlFloat, type Term } from '../term/values.js';

/** An `{M, F, A}` import, as `call_ext`, `bif*` and `gc_bif*` name it. */
export type ExternalFunction = readonly [module: string, name: string, arity: number];

/**
 * Instruction operands in a symbolic form; the builder turns them into compact terms and
 * fills the atom, import and literal tables as it goes.
 *
 * | symbolic                         | compact term                              |
 * |----------------------------------|-------------------------------------------|
 * | `5` or `{ u: 5 }`                | u 5 (counts, Live, arities, raw indexes)  |
 * | `{ x: 0 }` / `{ y: 1 }`          | x0 / y1                                   |
 * | `{ fr: 0 }`                      | z2 float register                         |
 * | `{ atom: 'ok' }` / `{ nil: true }`| a (atom index) / a0 = []                  |
 * | `{ integer: 5n }`                | i 5 (a literal from 2^128 on, as beam_asm)|
 * | `{ literal: term }`              | z4 LitT index (equal literals share one)  |
 * | `{ float: 1.5 }`                 | z4 literal of the float                   |
 * | `{ label: 3 }`                   | f 3 (0 = no fail label)                   |
 * | `{ extfunc: ['erlang','abs',1] }`| u ImpT index                              |
 * | `{ alloc: { words: 2 } }`        | z3 allocation list                        |
 * | `{ sourceLine: 42 }`             | u Line item (`line` instructions)         |
 * | `[op, op, ...]`                  | z1 list                                   |
 */
export type SymbolicOperand =
  | number
  | { readonly u: number | bigint }
  | { readonly x: number }
  | { readonly y: number }
  | { readonly fr: number }
  | { readonly atom: string }
  | { readonly nil: true }
  | { readonly integer: number | bigint }
  | { readonly literal: Term }
  | { readonly float: number }
  | { readonly label: number }
  | { readonly extfunc: ExternalFunction }
  | { readonly alloc: { readonly words?: number; readonly floats?: number; readonly funs?: number } }
  | { readonly sourceLine: number }
  | readonly SymbolicOperand[];

/** The tables an operand may add to while it is resolved. */
export interface OperandTables {
  atom(name: string): number;
  importIndex(entry: ExternalFunction): number;
  literalIndex(term: Term): number;
  lineItem(line: number): number;
}

const INLINE_INTEGER_LIMIT = 1n << 128n;

export function resolveOperand(operand: SymbolicOperand, tables: OperandTables): Operand {
  if (typeof operand === 'number') return { kind: 'u', value: checkedUnsigned(operand) };
  if (Array.isArray(operand)) {
    return { kind: 'list', value: (operand as readonly SymbolicOperand[]).map((item) => resolveOperand(item, tables)) };
  }
  const o = operand as Record<string, unknown>;
  if ('u' in o) return { kind: 'u', value: o.u as number | bigint };
  if ('x' in o) return { kind: 'x', value: checkedUnsigned(o.x as number) };
  if ('y' in o) return { kind: 'y', value: checkedUnsigned(o.y as number) };
  if ('fr' in o) return { kind: 'fr', value: checkedUnsigned(o.fr as number) };
  if ('atom' in o) return { kind: 'a', value: tables.atom(o.atom as string) };
  if ('nil' in o) return { kind: 'a', value: 0 };
  if ('label' in o) return { kind: 'f', value: checkedUnsigned(o.label as number) };
  if ('extfunc' in o) return { kind: 'u', value: tables.importIndex(o.extfunc as ExternalFunction) };
  if ('float' in o) return { kind: 'literal', value: tables.literalIndex(new ErlFloat(o.float as number)) };
  if ('literal' in o) return { kind: 'literal', value: tables.literalIndex(o.literal as Term) };
  if ('integer' in o) {
    const value = o.integer as number | bigint;
    const big = BigInt(value);
    if (big >= INLINE_INTEGER_LIMIT || big <= -INLINE_INTEGER_LIMIT) {
      return { kind: 'literal', value: tables.literalIndex(value) };
    }
    return { kind: 'i', value };
  }
  if ('sourceLine' in o) return { kind: 'u', value: tables.lineItem(checkedUnsigned(o.sourceLine as number)) };
  if ('alloc' in o) {
    const alloc = o.alloc as { words?: number; floats?: number; funs?: number };
    const items: Array<{ kind: 'words' | 'floats' | 'funs'; count: number }> = [];
    if (alloc.words !== undefined) items.push({ kind: 'words', count: alloc.words });
    if (alloc.floats !== undefined) items.push({ kind: 'floats', count: alloc.floats });
    if (alloc.funs !== undefined) items.push({ kind: 'funs', count: alloc.funs });
    return { kind: 'alloc', value: items };
  }
  throw new BeamFormatError('bad_operand', `not a symbolic operand (keys: ${Object.keys(o).join(", ")})`, 0, 'Code');
}

function checkedUnsigned(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new BeamFormatError('bad_operand', `operand value ${value} is not a non-negative integer`, 0, 'Code');
  }
  return value;
}
