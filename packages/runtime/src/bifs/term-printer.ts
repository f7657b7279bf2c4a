import {
  HEADER_HEAP_BINARY,
  HEADER_MAP_FLAT,
  HEADER_MAP_HASH,
  HEADER_REFC_BINARY,
  HEADER_SUB_BINARY,
  HEADER_TAG_MASK,
  HEADER_TUPLE,
  NIL,
  binaryDataByte,
  headerArity,
  isBoxed,
  isList,
  isSmall,
  pointerIndex,
  smallValue,
  sortedEntries,
  writeTerm,
} from '@beamload/terms';
import { bitsOf, readBitsAsBytes } from '../interpreter/binary-ops.js';
import type { InterpreterSystem } from '../interpreter/system.js';

/** A printable-string check as ~p uses (Latin-1 printable characters). */
function printableList(w: Int32Array, list: number): string | undefined {
  let text = '';
  while (isList(list)) {
    const at = pointerIndex(list);
    const item = w[at];
    if (!isSmall(item)) return undefined;
    const code = smallValue(item);
    if (!isPrintableLatin1(code)) return undefined;
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
 * Prints a term as `~w` (strings = false: terms' writeTerm) or as one-line `~p`
 * (strings = true). `~p` differs from `~w` only in printable lists and binaries (as
 * strings) and in map entry order (sorted), so it walks lists, tuples and maps itself
 * and hands every other term to writeTerm.
 */
export function printTerm(system: InterpreterSystem, term: number, strings: boolean): string {
  if (!strings) return writeTerm(system.store, term);
  const w = system.store.arena.i32;
  const out: string[] = [];
  const visit = (t: number): void => {
    if (isList(t)) {
      const text = printableList(w, t);
      if (text !== undefined) {
        out.push(quoteString(text));
        return;
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
      if (tag === HEADER_HEAP_BINARY || tag === HEADER_REFC_BINARY || tag === HEADER_SUB_BINARY) {
        const { original, offset, size } = bitsOf(w, t);
        if (size % 8 === 0 && size > 0) {
          const bytes = readBitsAsBytes(system.store.arena.u8, binaryDataByte(system.store.arena, original) * 8 + offset, size);
          if (bytes.every(isPrintableLatin1)) {
            out.push(`<<${quoteString(String.fromCharCode(...bytes))}>>`);
            return;
          }
        }
      }
    }
    out.push(writeTerm(system.store, t));
  };
  visit(term);
  return out.join('');
}
