import { NIL, isList, isSmall, pointerIndex, smallValue } from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { FLOAT_WORDS, integerWords, makeFloat, makeInteger, makeTuple } from '../interpreter/heap.js';
import { HeapNeeded } from '../interpreter/erlang-exception.js';

/**
 * string:list_to_integer/1 and string:list_to_float/1, the ERTS BIFs under
 * string:to_integer/1 and to_float/1: the longest number at the head of a character list
 * and the rest of the list (the original tail, improper or not), or {error, Reason}.
 */

/** A cursor over the leading small integers of a (possibly improper) list. */
class ListCursor {
  constructor(
    private readonly w: Int32Array,
    public position: number,
  ) {}

  /** The code at the cursor, or -1 at the end (or at a non-integer element). */
  peek(): number {
    if (!isList(this.position)) return -1;
    const head = this.w[pointerIndex(this.position)];
    return isSmall(head) ? smallValue(head) : -1;
  }

  advance(): void {
    this.position = this.w[pointerIndex(this.position) + 1];
  }

  /** Consumes decimal digits, returning them. */
  digits(): string {
    let text = '';
    for (let code = this.peek(); code >= 0x30 && code <= 0x39; code = this.peek()) {
      text += String.fromCharCode(code);
      this.advance();
    }
    return text;
  }

  sign(): string {
    const code = this.peek();
    if (code !== 0x2b && code !== 0x2d) return '';
    this.advance();
    return code === 0x2d ? '-' : '';
  }
}

function errorTuple(call: BifCall, reason: string): number {
  if (call.context.stackTop - call.context.heapTop < 3) throw new HeapNeeded(3);
  return makeTuple(call.context, [call.system.atom('error'), call.system.atom(reason)]);
}

function listToInteger(call: BifCall, args: number[]): number {
  if (!isList(args[0]) && args[0] !== NIL) return errorTuple(call, 'not_a_list');
  const cursor = new ListCursor(call.context.words, args[0]);
  const sign = cursor.sign();
  const digits = cursor.digits();
  if (digits === '') return errorTuple(call, 'no_integer');
  const value = BigInt(sign + digits);
  const number = value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  const words = 3 + integerWords(number);
  if (call.context.stackTop - call.context.heapTop < words) throw new HeapNeeded(words);
  return makeTuple(call.context, [makeInteger(call.context, number), cursor.position]);
}

/** Digits, a '.' or ',' and digits, then an exponent only when it is complete. */
function listToFloat(call: BifCall, args: number[]): number {
  if (!isList(args[0]) && args[0] !== NIL) return errorTuple(call, 'not_a_list');
  const cursor = new ListCursor(call.context.words, args[0]);
  const sign = cursor.sign();
  const whole = cursor.digits();
  const point = cursor.peek();
  if (whole === '' || (point !== 0x2e && point !== 0x2c)) return errorTuple(call, 'no_float');
  cursor.advance();
  const fraction = cursor.digits();
  if (fraction === '') return errorTuple(call, 'no_float');
  let text = `${sign}${whole}.${fraction}`;
  const marker = cursor.peek();
  if (marker === 0x65 || marker === 0x45) {
    const beforeExponent = cursor.position;
    cursor.advance();
    const exponentSign = cursor.peek() === 0x2d ? '-' : '';
    cursor.sign();
    const exponent = cursor.digits();
    if (exponent === '') cursor.position = beforeExponent;
    else text += `e${exponentSign}${exponent}`;
  }
  const value = Number(text);
  if (!Number.isFinite(value)) return errorTuple(call, 'no_float');
  const words = FLOAT_WORDS + 3;
  if (call.context.stackTop - call.context.heapTop < words) throw new HeapNeeded(words);
  return makeTuple(call.context, [makeFloat(call.context, value), cursor.position]);
}

export const STRING_NUMBER_BIFS: BifDefinition[] = [
  { module: 'string', name: 'list_to_integer', arity: 1, run: listToInteger },
  { module: 'string', name: 'list_to_float', arity: 1, run: listToFloat },
];
