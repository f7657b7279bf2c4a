import { ATOM_OK, NIL, binaryDataByte, isAtom, isList, isSmall, makeAtom, pointerIndex, smallValue } from '@beamload/terms';
import { bitsOf, isBitstring, readBitsAsBytes } from '../interpreter/binary-ops.js';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { listItems } from './erlang-data.js';
import { printTerm } from './term-printer.js';
import { floatValue, integerValue, isFloatTerm, isIntegerTerm } from '../interpreter/heap.js';
import { BadFormat, parseDirective, type FormatDirective } from './format-directive.js';
import { charField, stringField, termField } from './format-field.js';
import { floatE, floatF, floatG } from './io-float-format.js';
import { writeTermToDepth } from './depth-limited-write.js';
import { printTermToDepth } from './depth-limited-print.js';
import { displayText } from './display-term.js';

const OK = makeAtom(ATOM_OK);

/**
 * io:format/1,2 without OTP's io system: io_lib_format's control sequences (~w ~p ~W ~P
 * ~s ~c ~b ~B ~x ~X ~+ ~# ~e ~f ~g ~i ~n ~~ with field width, precision, pad character
 * and the t/l modifiers), written to the VM's output as characters (the host encodes
 * them: standard-io-encoding.ts). Whatever io_lib rejects raises badarg.
 * Not as erl: ~p and ~P print on one line (erl breaks terms longer than the line width).
 */
export function formatText(call: BifCall, format: number[], args: number[]): string {
  let out = '';
  let nextArg = 0;
  for (let i = 0; i < format.length; ) {
    const code = format[i];
    if (code !== 0x7e /* ~ */) {
      out += String.fromCodePoint(code);
      i++;
      continue;
    }
    const parsed = parseDirective(format, i + 1, args, nextArg);
    out += controlText(call, parsed.directive);
    i = parsed.end;
    nextArg = parsed.nextArg;
  }
  if (nextArg !== args.length) throw new BadFormat();
  return out;
}

function controlText(call: BifCall, directive: FormatDirective): string {
  const w = call.context.words;
  const [value, second] = directive.args;
  const { control, width, precision, unicode } = directive;
  switch (control) {
    case '~':
      return charField(0x7e, directive);
    case 'n':
      if (width === undefined) return '\n';
      if (directive.leftAdjust) throw new BadFormat();
      return '\n'.repeat(width);
    case 'i':
      return '';
    case 'c': {
      if (!isIntegerTerm(w, value)) throw new BadFormat();
      const integer = integerValue(w, value);
      // Without `t` io_lib keeps the low byte (so ~c of -1 prints 255).
      const code = unicode ? Number(integer) : Number(BigInt(integer) & 255n);
      // An invalid character only fails when it is written: ~.0tc of -1 is just padding.
      const copies = precision ?? width ?? 1;
      if (copies > 0 && (!Number.isInteger(code) || code < 0 || code > 0x10ffff)) throw new BadFormat();
      return charField(code, directive);
    }
    case 'b':
    case 'B':
    case 'x':
    case 'X':
    case '+':
    case '#': {
      if (!isIntegerTerm(w, value)) throw new BadFormat();
      const base = precision ?? 10;
      if (base < 2 || base > 36) throw new BadFormat();
      let prefix = '';
      if (control === 'x' || control === 'X') prefix = prefixText(call, second);
      else if (control === '+' || control === '#') prefix = `${base}#`;
      const integer = BigInt(integerValue(w, value));
      const magnitude = (integer < 0n ? -integer : integer).toString(base);
      const lowercase = control === 'b' || control === 'x' || control === '+';
      const digits = lowercase ? magnitude : magnitude.toUpperCase();
      return termField(`${integer < 0n ? '-' : ''}${prefix}${digits}`, { ...directive, precision: undefined });
    }
    case 'e':
    case 'f':
    case 'g': {
      if (!isFloatTerm(w, value)) throw new BadFormat();
      const number = floatValue(w, value);
      const digits = precision ?? 6;
      let text: string;
      if (control === 'e') {
        if (digits < 2) throw new BadFormat();
        text = floatE(number, digits);
      } else if (control === 'f') {
        if (digits < 1) throw new BadFormat();
        text = floatF(number, digits);
      } else {
        if (digits < 1) throw new BadFormat();
        text = floatG(number, digits);
      }
      // The width is also the precision of the layout: a float that does not fit is starred.
      return width === undefined ? text : termField(text, { ...directive, precision: width });
    }
    case 's': {
      const text = isAtom(value) ? call.system.atomName(value) : charsText(call, value, unicode ? 'unicode-or-latin1' : 'latin1');
      if (text === undefined || (!unicode && !isLatin1(text))) throw new BadFormat();
      return stringField(text, directive);
    }
    case 'w':
      return termField(termText(printTerm(call.system, value, false), unicode), directive, unicode);
    case 'W':
      if (!isSmall(second)) throw new BadFormat();
      return termField(termText(writeTermToDepth(call.system.store, value, smallValue(second)), unicode), directive, unicode);
    case 'p':
    case 'P': {
      // The width is ~p's line length and the precision its start column: a one-line
      // printer uses neither, and io_lib has no left-adjusted ~p.
      if (directive.leftAdjust) throw new BadFormat();
      const depth = control === 'p' ? -1 : isSmall(second) ? smallValue(second) : undefined;
      if (depth === undefined) throw new BadFormat();
      return termText(printTermToDepth(call.system, value, depth, directive.strings, unicode), unicode);
    }
    default:
      throw new BadFormat();
  }
}

/** The prefix of ~x/~X: an atom's name or a (deep) list of characters. */
function prefixText(call: BifCall, prefix: number): string {
  if (isAtom(prefix)) return call.system.atomName(prefix);
  if (prefix !== NIL && !isList(prefix)) throw new BadFormat();
  const text = charsText(call, prefix, 'no-binaries');
  if (text === undefined) throw new BadFormat();
  return text;
}

/**
 * A printed term as ~w/~p give it. The term printers write a character above 255 (in an
 * atom) as the text \x{HEX}, as io_lib does without `t`; with `t` io_lib writes the
 * character itself, which counts as one in the field width. (A backslash of the atom
 * itself is printed doubled, so the pairs are skipped first.)
 */
function termText(text: string, unicode: boolean): string {
  if (!unicode) return text;
  return text.replace(/\\\\|\\x\{([0-9A-F]+)\}/g, (escape, hex: string | undefined) => (hex === undefined ? escape : String.fromCodePoint(parseInt(hex, 16))));
}

function isLatin1(text: string): boolean {
  for (const character of text) if (character.codePointAt(0)! > 0xff) return false;
  return true;
}

/**
 * How binaries inside chardata are read: 'latin1' (one character a byte: ~s, format
 * strings), 'unicode' (UTF-8, invalid is an error: io:put_chars), 'unicode-or-latin1'
 * (UTF-8, or Latin-1 when a binary is not valid UTF-8: ~ts, as io_lib does),
 * 'no-binaries' (a deep list of characters).
 */
type BinaryReading = 'latin1' | 'unicode' | 'unicode-or-latin1' | 'no-binaries';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of chardata: characters, binaries and nested lists of them; undefined if it is not chardata. */
function charsText(call: BifCall, value: number, reading: BinaryReading): string | undefined {
  const w = call.context.words;
  // A character alone is not chardata; only inside a list.
  if (isSmall(value)) return undefined;
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
      if (reading === 'no-binaries') return undefined;
      const { original, offset, size } = bitsOf(w, item);
      if (size % 8 !== 0) return undefined;
      const bytes = readBitsAsBytes(call.context.arena.u8, binaryDataByte(call.context.arena, original) * 8 + offset, size);
      if (reading === 'latin1') {
        out += latin1Text(bytes);
        continue;
      }
      try {
        out += strictUtf8.decode(bytes);
      } catch {
        if (reading === 'unicode') return undefined;
        out += latin1Text(bytes);
      }
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

function latin1Text(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}

function codePoints(text: string): number[] {
  const codes: number[] = [];
  for (const character of text) codes.push(character.codePointAt(0)!);
  return codes;
}

function format2(call: BifCall, args: number[]): number {
  // io_lib reads a binary format string as Latin-1 bytes (binary_to_list).
  const format = isAtom(args[0]) ? call.system.atomName(args[0]) : charsText(call, args[0], 'latin1');
  const list = listItems(call.context.words, args[1]);
  if (format === undefined || list === undefined) throw badarg(args);
  let text: string;
  try {
    text = formatText(call, codePoints(format), list);
  } catch (error) {
    if (error instanceof BadFormat) throw badarg(args);
    throw error;
  }
  call.system.writeOutput(text);
  return OK;
}

function format1(call: BifCall, args: number[]): number {
  return format2(call, [args[0], NIL]);
}

function putChars(call: BifCall, args: number[]): number {
  const text = isAtom(args[0]) ? call.system.atomName(args[0]) : charsText(call, args[0], 'unicode');
  if (text === undefined) throw badarg(args);
  call.system.writeOutput(text);
  return OK;
}

export const IO_BIFS: BifDefinition[] = [
  { module: 'io', name: 'format', arity: 1, run: format1 },
  { module: 'io', name: 'format', arity: 2, run: format2 },
  { module: 'io', name: 'put_chars', arity: 1, run: putChars },
  { module: 'io', name: 'nl', arity: 0, run: (call) => (call.system.writeOutput('\n'), OK) },
  { module: 'erlang', name: 'display', arity: 1, run: (call, args) => (call.system.writeOutput(displayText(call.system, args[0])), makeAtom(1)) },
];
