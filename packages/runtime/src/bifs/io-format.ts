import { ATOM_OK, NIL, binaryDataByte, isAtom, isList, isSmall, makeAtom, pointerIndex, smallValue } from '@beamload/terms';
import { bitsOf, isBitstring, readBitsAsBytes } from '../interpreter/binary-ops.js';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { charListText, listItems } from './erlang-data.js';
import { printTerm } from './term-printer.js';
import { floatValue, integerValue, isFloatTerm, isIntegerTerm } from '../interpreter/heap.js';

const OK = makeAtom(ATOM_OK);

/**
 * io:format/1,2 without OTP's io system: the control sequences ~p (one line) ~w ~s ~ts
 * ~b ~c ~f ~e ~g ~n ~i ~~, written to the VM's output. Field widths and precisions other
 * than ~.Nf / ~.Ne are not supported and raise badarg.
 */
export function formatText(call: BifCall, format: string, args: number[], bifArgs: number[]): string {
  const w = call.context.words;
  let out = '';
  let next = 0;
  const take = (): number => {
    if (next >= args.length) throw badarg(bifArgs);
    return args[next++];
  };
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '~') {
      out += ch;
      continue;
    }
    i++;
    let precision = -1;
    const spec = /^(\.(\d+))?(t)?/.exec(format.slice(i))!;
    if (spec[2] !== undefined) precision = Number(spec[2]);
    i += spec[0].length;
    const control = format[i];
    switch (control) {
      case '~':
        out += '~';
        break;
      case 'n':
        out += '\n';
        break;
      case 'p':
        out += printTerm(call.system, take(), true);
        break;
      case 'w':
        out += printTerm(call.system, take(), false);
        break;
      case 'i':
        take();
        break;
      case 's': {
        const value = take();
        if (isAtom(value)) {
          out += call.system.atomName(value);
          break;
        }
        const text = chardataText(call, value, spec[3] === 't');
        if (text === undefined) throw badarg(bifArgs);
        out += text;
        break;
      }
      case 'c': {
        const value = take();
        if (!isSmall(value)) throw badarg(bifArgs);
        out += String.fromCodePoint(smallValue(value));
        break;
      }
      case 'b':
      case 'B': {
        const value = take();
        if (!isIntegerTerm(w, value)) throw badarg(bifArgs);
        const digits = integerValue(w, value).toString(precision < 0 ? 10 : precision);
        out += control === 'B' ? digits.toUpperCase() : digits;
        break;
      }
      case 'f':
      case 'e':
      case 'g': {
        const value = take();
        if (!isFloatTerm(w, value)) throw badarg(bifArgs);
        const number = floatValue(w, value);
        const digits = precision < 0 ? 6 : precision;
        if (control === 'f') out += number.toFixed(digits);
        else if (control === 'e') out += number.toExponential(digits - 1).replace(/e([+-])(\d)$/, 'e$1$2');
        else out += number >= 0.1 && number < 10000 ? number.toFixed(digits) : number.toExponential(digits - 1);
        break;
      }
      default:
        throw badarg(bifArgs);
    }
  }
  if (next !== args.length) throw badarg(bifArgs);
  return out;
}

/**
 * The text of chardata: characters, binaries and nested lists of them. Binaries are
 * Latin-1 bytes for ~s and UTF-8 for ~ts, as io_lib does.
 */
export function chardataText(call: BifCall, value: number, unicode: boolean): string | undefined {
  const w = call.context.words;
  let out = '';
  const stack: number[] = [value];
  while (stack.length > 0) {
    let item = stack.pop()!;
    if (isSmall(item)) {
      const code = smallValue(item);
      if (code < 0 || code > 0x10ffff) return undefined;
      out += String.fromCodePoint(code);
      continue;
    }
    if (isBitstring(w, item)) {
      const { original, offset, size } = bitsOf(w, item);
      if (size % 8 !== 0) return undefined;
      const bytes = readBitsAsBytes(call.context.arena.u8, binaryDataByte(call.context.arena, original) * 8 + offset, size);
      out += unicode ? new TextDecoder().decode(bytes) : String.fromCharCode(...bytes);
      continue;
    }
    if (item === NIL) continue;
    if (!isList(item)) return undefined;
    const pending: number[] = [];
    while (isList(item)) {
      pending.push(w[pointerIndex(item)]);
      item = w[pointerIndex(item) + 1];
    }
    if (item !== NIL) return undefined;
    for (let i = pending.length - 1; i >= 0; i--) stack.push(pending[i]);
  }
  return out;
}

function format2(call: BifCall, args: number[]): number {
  const format = isAtom(args[0]) ? call.system.atomName(args[0]) : chardataText(call, args[0], true);
  const list = listItems(call.context.words, args[1]);
  if (format === undefined || list === undefined) throw badarg(args);
  call.system.writeOutput(formatText(call, format, list, args));
  return OK;
}

function format1(call: BifCall, args: number[]): number {
  return format2(call, [args[0], 0x3b]);
}

function putChars(call: BifCall, args: number[]): number {
  const text = isAtom(args[0]) ? call.system.atomName(args[0]) : chardataText(call, args[0], true);
  if (text === undefined) throw badarg(args);
  call.system.writeOutput(text);
  return OK;
}

export const IO_BIFS: BifDefinition[] = [
  { module: 'io', name: 'format', arity: 1, run: format1 },
  { module: 'io', name: 'format', arity: 2, run: format2 },
  { module: 'io', name: 'put_chars', arity: 1, run: putChars },
  { module: 'io', name: 'nl', arity: 0, run: (call) => (call.system.writeOutput('\n'), OK) },
  { module: 'erlang', name: 'display', arity: 1, run: (call, args) => (call.system.writeOutput(printTerm(call.system, args[0], false) + '\n'), makeAtom(1)) },
];
