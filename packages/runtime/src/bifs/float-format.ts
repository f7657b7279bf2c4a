import { formatFloat, isAtom, isBoxed, isSmall, makeHeader, HEADER_TUPLE, pointerIndex, smallValue } from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { listItems } from './erlang-data.js';
import { cScientific, exactRational } from './float-digits.js';
import { floatValue, isFloatTerm, makeCharList } from '../interpreter/heap.js';
import { binaryTerm } from './binaries.js';

/**
 * float_to_list/1,2 and float_to_binary/1,2. Without options the text is C's "%.20e";
 * {scientific, N} is "%.Ne"; {decimals, N} is N digits after the point, rounded half
 * away from zero from the exact value (as ERTS, unlike printf's ties-to-even), with
 * `compact` dropping trailing zeros (one digit stays); `short` is the shortest text that
 * reads back as the same float. The last of decimals/scientific/short wins. ERTS
 * formats into a 256-byte buffer: a text longer than 255 characters is badarg.
 */

const MAX_DECIMALS = 253;
const MAX_SCIENTIFIC = 249;
const MAX_TEXT = 255;

type Mode = { kind: 'default' } | { kind: 'short' } | { kind: 'scientific'; digits: number } | { kind: 'decimals'; digits: number };

function parseOptions(call: BifCall, args: number[]): { mode: Mode; compact: boolean } {
  let mode: Mode = { kind: 'default' };
  let compact = false;
  if (args.length < 2) return { mode, compact };
  const w = call.context.words;
  const options = listItems(w, args[1]);
  if (options === undefined) throw badarg(args);
  for (const option of options) {
    const name = isAtom(option) ? call.system.atomName(option) : undefined;
    if (name === 'compact') compact = true;
    else if (name === 'short') mode = { kind: 'short' };
    else if (isBoxed(option) && w[pointerIndex(option)] === makeHeader(HEADER_TUPLE, 2) && isAtom(w[pointerIndex(option) + 1]) && isSmall(w[pointerIndex(option) + 2])) {
      const key = call.system.atomName(w[pointerIndex(option) + 1]);
      const digits = smallValue(w[pointerIndex(option) + 2]);
      if (key === 'decimals' && digits >= 0 && digits <= MAX_DECIMALS) mode = { kind: 'decimals', digits };
      else if (key === 'scientific' && digits >= 0 && digits <= MAX_SCIENTIFIC) mode = { kind: 'scientific', digits };
      else throw badarg(args);
    } else throw badarg(args);
  }
  return { mode, compact };
}

/** `value` with `decimals` digits after the point, ties rounded away from zero. */
function fixedDecimals(value: number, decimals: number): string {
  const negative = value < 0 || Object.is(value, -0);
  const { numerator, denominatorPower } = exactRational(Math.abs(value));
  const denominator = 1n << BigInt(denominatorPower);
  const scaled = numerator * 10n ** BigInt(decimals);
  let units = scaled / denominator;
  if ((scaled % denominator) * 2n >= denominator) units += 1n;
  const digits = units.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const text = decimals > 0 ? `${whole}.${digits.slice(digits.length - decimals)}` : whole;
  return negative ? `-${text}` : text;
}

function formatted(call: BifCall, args: number[]): string {
  const w = call.context.words;
  if (!isFloatTerm(w, args[0])) throw badarg(args);
  const value = floatValue(w, args[0]);
  const { mode, compact } = parseOptions(call, args);
  let text: string;
  switch (mode.kind) {
    case 'default':
      text = cScientific(value, 20);
      break;
    case 'scientific':
      text = cScientific(value, mode.digits);
      break;
    case 'short':
      text = formatFloat(value);
      break;
    case 'decimals':
      text = fixedDecimals(value, mode.digits);
      if (compact && text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '.0');
      break;
  }
  if (text.length > MAX_TEXT) throw badarg(args);
  return text;
}

export const FLOAT_FORMAT_BIFS: BifDefinition[] = [
  { module: 'erlang', name: 'float_to_list', arity: 1, run: (call, args) => makeCharList(call.context, formatted(call, args)) },
  { module: 'erlang', name: 'float_to_list', arity: 2, run: (call, args) => makeCharList(call.context, formatted(call, args)) },
  { module: 'erlang', name: 'float_to_binary', arity: 1, run: (call, args) => binaryTerm(call, new TextEncoder().encode(formatted(call, args))) },
  { module: 'erlang', name: 'float_to_binary', arity: 2, run: (call, args) => binaryTerm(call, new TextEncoder().encode(formatted(call, args))) },
];
