import { NIL, TermClass, bitstringBytes, headerArity, isList, isSmall, pointerIndex, readFloat, smallValue, termClass, writeTerm } from '@beamload/terms';
import type { InterpreterSystem } from '../interpreter/system.js';
import { cScientific } from './float-digits.js';
import { mapEntriesInWriteOrder } from './map-print-order.js';

/**
 * What erlang:display/1 writes (ERTS's own C term printer, not io_lib): the line ends in
 * "\r\n" (as `erl -noshell` writes it), floats as printf's "%e", maps without spaces
 * (`#{a=>1}`), lists of printable Latin-1 characters as strings (only `"` and newline
 * escaped), binaries of printable ASCII as <<"...">>, atoms as their UTF-8 bytes, quoted
 * when not a plain lower-case name (reserved words are not quoted). The result holds
 * bytes as characters 0..255, so the Latin-1 standard output writes them unchanged.
 */
export function displayText(system: InterpreterSystem, term: number): string {
  const store = system.store;
  const words = store.arena.i32;
  const out: string[] = [];
  const stack: Array<number | string> = [term];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const kind = termClass(words, item);
    switch (kind) {
      case TermClass.atom:
        out.push(utf8Bytes(displayAtom(system.atomName(item))));
        break;
      case TermClass.float:
        out.push(cScientific(readFloat(store.arena, item), 6));
        break;
      case TermClass.list: {
        const text = displayString(words, item);
        if (text !== undefined) {
          out.push(text);
          break;
        }
        const pieces: Array<number | string> = ['['];
        let cursor = item;
        let first = true;
        while (isList(cursor)) {
          if (!first) pieces.push(',');
          first = false;
          const cell = pointerIndex(cursor);
          pieces.push(words[cell]);
          cursor = words[cell + 1];
        }
        if (cursor !== NIL) pieces.push('|', cursor);
        pieces.push(']');
        for (let i = pieces.length - 1; i >= 0; i--) stack.push(pieces[i]);
        break;
      }
      case TermClass.tuple: {
        const at = pointerIndex(item);
        const arity = headerArity(words[at]);
        stack.push('}');
        for (let i = arity; i >= 1; i--) {
          stack.push(words[at + i]);
          if (i > 1) stack.push(',');
        }
        out.push('{');
        break;
      }
      case TermClass.map: {
        const { keys, values } = mapEntriesInWriteOrder(store, item);
        stack.push('}');
        for (let i = keys.length - 1; i >= 0; i--) {
          stack.push(values[i], '=>', keys[i]);
          if (i > 0) stack.push(',');
        }
        out.push('#{');
        break;
      }
      case TermClass.bitstring: {
        const { bytes, bitSize } = bitstringBytes(store.arena, item);
        if (bitSize > 0 && bitSize % 8 === 0 && bytes.every((byte) => byte >= 32 && byte <= 126)) {
          out.push(`<<"${String.fromCharCode(...bytes).replace(/"/g, '\\"')}">>`);
        } else {
          out.push(writeTerm(store, item));
        }
        break;
      }
      default:
        out.push(writeTerm(store, item));
    }
  }
  return `${out.join('')}\r\n`;
}

/** A proper list of printable Latin-1 characters (tab, CR, LF included) as a string. */
function displayString(words: Int32Array, list: number): string | undefined {
  let text = '"';
  while (isList(list)) {
    const at = pointerIndex(list);
    const item = words[at];
    if (!isSmall(item)) return undefined;
    const code = smallValue(item);
    const printable = (code >= 32 && code <= 126) || (code >= 160 && code <= 255) || code === 9 || code === 10 || code === 13;
    if (!printable) return undefined;
    if (code === 0x22) text += '\\"';
    else if (code === 10) text += '\\n';
    else text += String.fromCharCode(code);
    list = words[at + 1];
  }
  return list === NIL ? `${text}"` : undefined;
}

/** An atom as ERTS prints it: bare when it is a lower-case name, else quoted with escapes. */
function displayAtom(name: string): string {
  const isLower = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0xdf && c <= 0xff && c !== 0xf7);
  const isNameChar = (c: number): boolean =>
    isLower(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x40;
  const codes = Array.from(name, (character) => character.codePointAt(0)!);
  if (codes.length > 0 && isLower(codes[0]) && codes.every(isNameChar)) return name;
  let quoted = "'";
  for (const character of name) {
    if (character === "'") quoted += "\\'";
    else if (character === '\\') quoted += '\\\\';
    else if (character === '\n') quoted += '\\n';
    else if (character === '\t') quoted += '\\t';
    else if (character === '\r') quoted += '\\r';
    else quoted += character;
  }
  return `${quoted}'`;
}

/** A string's UTF-8 bytes, one character each. */
function utf8Bytes(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) out += String.fromCharCode(byte);
  return out;
}
