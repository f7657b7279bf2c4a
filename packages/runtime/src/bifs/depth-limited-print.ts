import {
  NIL,
  TermClass,
  bitstringBytes,
  headerArity,
  isList,
  isSmall,
  pointerIndex,
  smallValue,
  sortedEntries,
  termClass,
  writeTerm,
} from '@beamload/terms';
import type { InterpreterSystem } from '../interpreter/system.js';
import { writeTermToDepth } from './depth-limited-write.js';
import { mapEntriesInWriteOrder } from './map-print-order.js';

/**
 * A term as ~p / ~P print it on one line (io_lib_pretty's forms without its line
 * breaking): printable lists as strings, printable binaries as <<"...">>, and with a
 * depth (~P) the same `...` cut-offs as io_lib:write except that a map at depth 1 shows
 * as `#{...}` and a printable binary shows 4 characters per remaining level
 * (<<"abcd"...>>). `strings` false (the `l` modifier) prints lists and binaries as ~w.
 * `unicode` (the `t` modifier) shows a UTF-8 binary of printable characters as
 * <<"..."/utf8>>. Maps print sorted without a depth and in ~w's order with one, as OTP
 * 25's io_lib_pretty does.
 */
export function printTermToDepth(system: InterpreterSystem, term: number, depth: number, strings: boolean, unicode = false): string {
  const store = system.store;
  const words = store.arena.i32;
  const out: string[] = [];
  const limited = depth >= 0;

  const print = (t: number, d: number): void => {
    if (d === 0) {
      out.push('...');
      return;
    }
    const kind = termClass(words, t);
    if (kind === TermClass.list) {
      if (strings && d !== 1) {
        const text = printableLatin1List(words, t);
        if (text !== undefined) {
          out.push(quoted(text));
          return;
        }
      }
      out.push('[');
      let tail = t;
      let tailDepth = d;
      let first = true;
      for (;;) {
        if (tail === NIL) break;
        if (tailDepth === 1) {
          out.push(first ? '...' : '|...');
          break;
        }
        if (!isList(tail)) {
          out.push('|');
          print(tail, tailDepth - 1);
          break;
        }
        if (!first) out.push(',');
        first = false;
        const cell = pointerIndex(tail);
        print(words[cell], tailDepth - 1);
        tail = words[cell + 1];
        tailDepth--;
      }
      out.push(']');
      return;
    }
    if (kind === TermClass.tuple) {
      const at = pointerIndex(t);
      const arity = headerArity(words[at]);
      out.push('{');
      let elementDepth = d;
      for (let i = 1; i <= arity; i++) {
        if (elementDepth === 1) {
          out.push(i === 1 ? '...' : ',...');
          break;
        }
        if (i > 1) out.push(',');
        print(words[at + i], elementDepth - 1);
        elementDepth--;
      }
      out.push('}');
      return;
    }
    if (kind === TermClass.map) {
      printMap(t, d);
      return;
    }
    if (kind === TermClass.bitstring) {
      printBitstring(t, d);
      return;
    }
    out.push(writeTerm(store, t));
  };

  const printMap = (t: number, d: number): void => {
    const { keys, values } = limited ? mapEntriesInWriteOrder(store, t) : sortedEntries(store, t);
    if (keys.length === 0) {
      out.push('#{}');
      return;
    }
    out.push('#{');
    let pairDepth = d;
    for (let i = 0; i < keys.length; i++) {
      if (pairDepth === 1) {
        out.push(i === 0 ? '...' : ',...');
        break;
      }
      if (i > 0) out.push(',');
      print(keys[i], d - 1);
      out.push(' => ');
      print(values[i], d - 1);
      pairDepth--;
    }
    out.push('}');
  };

  const printBitstring = (t: number, d: number): void => {
    const { bytes, bitSize } = bitstringBytes(store.arena, t);
    if (bitSize === 0) {
      out.push('<<>>');
      return;
    }
    if (d === 1) {
      out.push('<<...>>');
      return;
    }
    if (strings && bitSize % 8 === 0) {
      if (unicode) {
        const text = printableUtf8(bytes);
        if (text !== undefined) {
          out.push(`<<${quoted(text)}${/[^\x00-\x7f]/.test(text) ? '/utf8' : ''}>>`);
          return;
        }
      }
      // At a depth, 4 characters a remaining level are shown.
      const shown = limited ? Math.min(4 * (d - 1), bytes.length) : bytes.length;
      let printable = 0;
      while (printable < shown && isPrintableLatin1(bytes[printable])) printable++;
      if (printable === bytes.length) {
        out.push(`<<${quoted(latin1(bytes))}>>`);
        return;
      }
      // Cut short by the depth or by an unprintable byte: a prefix of at least one
      // character a level is still shown as text.
      if (limited && printable >= d - 1) {
        out.push(`<<${quoted(latin1(bytes.subarray(0, printable)))}...>>`);
        return;
      }
    }
    out.push(writeTermToDepth(store, t, d));
  };

  print(term, limited ? depth : -1);
  return out.join('');
}

function isPrintableLatin1(code: number): boolean {
  return (code >= 32 && code <= 126) || (code >= 160 && code <= 255) || (code >= 8 && code <= 13) || code === 27;
}

function printableLatin1List(words: Int32Array, list: number): string | undefined {
  let text = '';
  while (isList(list)) {
    const at = pointerIndex(list);
    const item = words[at];
    if (!isSmall(item) || !isPrintableLatin1(smallValue(item))) return undefined;
    text += String.fromCharCode(smallValue(item));
    list = words[at + 1];
  }
  return list === NIL ? text : undefined;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a binary that is UTF-8 of printable (Latin-1 range) characters. */
function printableUtf8(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
  for (const character of text) if (!isPrintableLatin1(character.codePointAt(0)!)) return undefined;
  return text;
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/** io_lib:write_string: a string in double quotes with its escapes. */
function quoted(text: string): string {
  let out = '"';
  for (const character of text) {
    switch (character) {
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\v':
        out += '\\v';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      case '\x1b':
        out += '\\e';
        break;
      default:
        out += character;
    }
  }
  return `${out}"`;
}
