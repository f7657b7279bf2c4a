import {
  HEADER_EXPORT,
  HEADER_FLOAT,
  HEADER_FUN,
  HEADER_NEG_BIG,
  HEADER_POS_BIG,
  HEADER_TAG_MASK,
  HEADER_TUPLE,
  IMMEDIATE1_MASK,
  IMMEDIATE1_PID,
  NIL,
  headerArity,
  isAtom,
  isBoxed,
  isList,
  isSmall,
  pointerIndex,
  smallValue,
  writeTerm,
  sortedEntries,
  HEADER_MAP_FLAT,
  HEADER_MAP_HASH,
  HEADER_HEAP_BINARY,
  HEADER_REFC_BINARY,
  HEADER_SUB_BINARY,
  binaryDataByte,
} from '@beamload/terms';
import { bitsOf, readBitsAsBytes } from '../interpreter/binary-ops.js';
import { bignumValue, floatValue } from '../interpreter/heap.js';
import type { InterpreterSystem } from '../interpreter/system.js';
import { formatFloatShortest } from './float-format.js';

/** Quotes an atom as Erlang's ~w/~p do. */
export function quoteAtom(name: string): string {
  if (/^[a-z][a-zA-Z0-9_@]*$/.test(name) && !RESERVED.has(name)) return name;
  return `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
const RESERVED = new Set(['after', 'and', 'andalso', 'band', 'begin', 'bnot', 'bor', 'bsl', 'bsr', 'bxor', 'case', 'catch', 'cond', 'div', 'end', 'fun', 'if', 'let', 'not', 'of', 'or', 'orelse', 'receive', 'rem', 'try', 'when', 'xor', 'maybe', 'else']);

/** A printable-string check as ~p uses (Latin-1 printable characters). */
function printableList(w: Int32Array, list: number): string | undefined {
  let text = '';
  while (isList(list)) {
    const at = pointerIndex(list);
    const item = w[at];
    if (!isSmall(item)) return undefined;
    const code = smallValue(item);
    if (!((code >= 32 && code <= 126) || (code >= 160 && code <= 255) || code === 10 || code === 9 || code === 13 || code === 8 || code === 11 || code === 12 || code === 27)) return undefined;
    text += String.fromCharCode(code);
    list = w[at + 1];
  }
  return list === NIL ? text : undefined;
}

function isPrintableLatin1(code: number): boolean {
  return (code >= 32 && code <= 126) || (code >= 160 && code <= 255) || (code >= 8 && code <= 13) || code === 27;
}

function quoteString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\x08/g, '\\b').replace(/\x0b/g, '\\v').replace(/\x0c/g, '\\f').replace(/\x1b/g, '\\e')}"`;
}

/**
 * Prints a term as `~w` (strings = false) or as one-line `~p` (strings = true). Binaries,
 * maps, refs and ports print in a generic form; see the report for what is not exact yet.
 */
export function printTerm(system: InterpreterSystem, term: number, strings: boolean): string {
  if (!strings) return writeTerm(system.store, term);
  const w = system.store.arena.i32;
  const out: string[] = [];
  const visit = (t: number): void => {
    if (isSmall(t)) {
      out.push(String(smallValue(t)));
      return;
    }
    if (isAtom(t)) {
      out.push(quoteAtom(system.atomName(t)));
      return;
    }
    if (t === NIL) {
      out.push(strings ? '[]' : '[]');
      return;
    }
    if ((t & IMMEDIATE1_MASK) === IMMEDIATE1_PID) {
      const value = t >>> 4;
      out.push(`<0.${value & 0x7fff}.${value >>> 15}>`);
      return;
    }
    if (isList(t)) {
      if (strings) {
        const text = printableList(w, t);
        if (text !== undefined) {
          out.push(quoteString(text));
          return;
        }
      }
      out.push('[');
      let first = true;
      let rest = t;
      while (isList(rest)) {
        if (!first) out.push(',');
        first = false;
        const at = pointerIndex(rest);
        visit(w[at]);
        rest = w[at + 1];
      }
      if (rest !== NIL) {
        out.push('|');
        visit(rest);
      }
      out.push(']');
      return;
    }
    if (isBoxed(t)) {
      const at = pointerIndex(t);
      const header = w[at];
      const tag = header & HEADER_TAG_MASK;
      if (tag === HEADER_TUPLE) {
        out.push('{');
        const arity = headerArity(header);
        for (let i = 1; i <= arity; i++) {
          if (i > 1) out.push(',');
          visit(w[at + i]);
        }
        out.push('}');
        return;
      }
      if (tag === HEADER_MAP_FLAT || tag === HEADER_MAP_HASH) {
        const { keys, values } = sortedEntries(system.store, t);
        out.push('#{');
        for (let i = 0; i < keys.length; i++) {
          if (i > 0) out.push(',');
          visit(keys[i]);
          out.push(' => ');
          visit(values[i]);
        }
        out.push('}');
        return;
      }
      if (tag === HEADER_FLOAT) {
        out.push(formatFloatShortest(floatValue(w, t)));
        return;
      }
      if (tag === HEADER_POS_BIG || tag === HEADER_NEG_BIG) {
        out.push(bignumValue(w, t).toString());
        return;
      }
      if (tag === HEADER_EXPORT) {
        out.push(`fun ${quoteAtom(system.atomName(w[at + 1]))}:${quoteAtom(system.atomName(w[at + 2]))}/${smallValue(w[at + 3])}`);
        return;
      }
      if (tag === HEADER_FUN) {
        out.push('#Fun<>');
        return;
      }
      if (tag === HEADER_HEAP_BINARY || tag === HEADER_REFC_BINARY || tag === HEADER_SUB_BINARY) {
        const { original, offset, size } = bitsOf(w, t);
        if (size % 8 === 0 && size > 0) {
          const bytes = readBitsAsBytes(system.store.arena.u8, binaryDataByte(system.store.arena, original) * 8 + offset, size);
          const text = String.fromCharCode(...bytes);
          if (Array.from(bytes).every(isPrintableLatin1)) {
            out.push(`<<${quoteString(text)}>>`);
            return;
          }
        }
      }
      out.push(writeTerm(system.store, t));
      return;
    }
    out.push(`#Word<${t}>`);
  };
  visit(term);
  return out.join('');
}
