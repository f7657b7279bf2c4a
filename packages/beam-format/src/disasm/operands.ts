import type { Operand } from '../compact/decode.js';
import { BeamFormatError } from '../errors.js';
import { atom, ErlFloat, ErlTuple, type Term } from '../term/values.js';
import type { DisasmContext } from './context.js';

/**
 * Operands as `beam_disasm` (OTP 25) shows them. `rawOperand` is its decode_arg output
 * (`{u,N}`, `{i,N}`, `{atom,A}`, `nil`, `{x,N}`, `{literal,T}`, ...), kept as is in the
 * positions it does not resolve; `resolvedOperand` is its resolve_arg (u becomes a bare
 * integer, i becomes `{integer,N}`). A typed register is `{tr,Reg,TypeIndex}`: the index
 * into the Type chunk, not a beam_types term.
 */
export function tuple(...elements: Term[]): ErlTuple {
  return new ErlTuple(elements);
}

const U = atom('u');
const I = atom('i');
const ATOM = atom('atom');
const NIL = atom('nil');
const X = atom('x');
const Y = atom('y');
const F = atom('f');
const FR = atom('fr');
const FLOAT = atom('float');
const LITERAL = atom('literal');
const TR = atom('tr');
const INTEGER = atom('integer');
const ALLOC = atom('alloc');
const Z = atom('z');
const LIST = atom('list');

export function atomOperand(context: DisasmContext, index: number, offset: number): Term {
  if (index === 0) return NIL;
  const name = context.atoms[index - 1];
  if (name === undefined) {
    throw new BeamFormatError('bad_index', `atom ${index} is not in 1..${context.atoms.length}`, offset, 'Code');
  }
  return tuple(ATOM, atom(name));
}

export function literalOperand(context: DisasmContext, index: number, offset: number): Term {
  if (context.literals === null || index >= context.literals.count) {
    throw new BeamFormatError('bad_index', `literal ${index} does not exist`, offset, 'Code');
  }
  const value = context.literals.literal(index);
  return value instanceof ErlFloat ? tuple(FLOAT, value) : tuple(LITERAL, value);
}

function registerOperand(operand: Operand): Term {
  return tuple(operand.kind === 'x' ? X : Y, operand.value as number);
}

export function rawOperand(context: DisasmContext, operand: Operand, offset: number): Term {
  switch (operand.kind) {
    case 'u':
      return tuple(U, operand.value);
    case 'i':
      return tuple(I, operand.value);
    case 'a':
      return atomOperand(context, operand.value, offset);
    case 'x':
      return tuple(X, operand.value);
    case 'y':
      return tuple(Y, operand.value);
    case 'f':
      return tuple(F, operand.value);
    case 'h':
      return tuple(atom('h'), operand.value);
    case 'fr':
      return tuple(FR, operand.value);
    case 'float':
      return tuple(FLOAT, new ErlFloat(operand.value));
    case 'literal':
      return literalOperand(context, operand.value, offset);
    case 'tr':
      return tuple(TR, registerOperand(operand.value), operand.typeIndex);
    case 'alloc':
      return tuple(U, allocationList(operand.value));
    case 'list':
      // beam_disasm never shows a bare list operand; where one occurs it prints {z,1}.
      return tuple(Z, 1);
  }
}

export function allocationList(items: ReadonlyArray<{ kind: string; count: number }>): Term {
  return tuple(ALLOC, items.map((item) => tuple(atom(item.kind), item.count)));
}

/** beam_disasm's resolve_arg: refuses what it would crash on (alloc lists, lists). */
export function resolvedOperand(context: DisasmContext, operand: Operand, offset: number): Term {
  switch (operand.kind) {
    case 'u':
      return operand.value;
    case 'i':
      return tuple(INTEGER, operand.value);
    case 'alloc':
    case 'h':
    case 'list':
      throw new BeamFormatError('bad_operand', `a ${operand.kind} operand cannot appear here`, offset, 'Code');
    default:
      return rawOperand(context, operand, offset);
  }
}

/** Lenient resolution for opcodes beam_disasm (OTP 25) does not know (OTP 26+): lists become {list,[...]}. */
export function genericOperand(context: DisasmContext, operand: Operand, offset: number): Term {
  switch (operand.kind) {
    case 'alloc':
      return allocationList(operand.value);
    case 'list':
      return tuple(LIST, operand.value.map((item) => genericOperand(context, item, offset)));
    default:
      return resolvedOperand(context, operand, offset);
  }
}
