import { NIL, TermClass, bitstringBytes, headerArity, isList, pointerIndex, termClass, writeTerm, type TermStore } from '@beamload/terms';
import { mapEntriesInWriteOrder } from './map-print-order.js';

/**
 * A term as io_lib:write(Term, Depth) writes it (~W): like ~w, but below `depth` levels
 * the rest is `...`. Each list element and each tuple element after the first costs one
 * level more than the one before it, so long lists end in `|...`; maps show depth-1
 * associations and then `,...` (even when no association is left: io_lib's quirk), and a
 * map at depth 1 shows as `#{}`. A negative depth means no limit.
 */
export function writeTermToDepth(store: TermStore, term: number, depth: number): string {
  if (depth < 0) return writeTerm(store, term);
  const words = store.arena.i32;
  const out: string[] = [];
  const write = (t: number, d: number): void => {
    if (d === 0) {
      out.push('...');
      return;
    }
    const kind = termClass(words, t);
    if (kind === TermClass.list) {
      if (d === 1) {
        out.push('[...]');
        return;
      }
      out.push('[');
      const at = pointerIndex(t);
      write(words[at], d - 1);
      let tail = words[at + 1];
      let tailDepth = d - 1;
      for (;;) {
        if (tail === NIL) break;
        if (tailDepth === 1) {
          out.push('|...');
          break;
        }
        if (!isList(tail)) {
          out.push('|');
          write(tail, tailDepth - 1);
          break;
        }
        out.push(',');
        const cell = pointerIndex(tail);
        write(words[cell], tailDepth - 1);
        tail = words[cell + 1];
        tailDepth--;
      }
      out.push(']');
      return;
    }
    if (kind === TermClass.tuple) {
      const at = pointerIndex(t);
      const arity = headerArity(words[at]);
      if (arity === 0) {
        out.push('{}');
        return;
      }
      if (d === 1) {
        out.push('{...}');
        return;
      }
      out.push('{');
      write(words[at + 1], d - 1);
      let elementDepth = d - 1;
      for (let i = 2; i <= arity; i++) {
        if (elementDepth === 1) {
          out.push(',...');
          break;
        }
        out.push(',');
        write(words[at + i], elementDepth - 1);
        elementDepth--;
      }
      out.push('}');
      return;
    }
    if (kind === TermClass.map) {
      writeMap(t, d);
      return;
    }
    if (kind === TermClass.bitstring) {
      writeBitstring(t, d);
      return;
    }
    out.push(writeTerm(store, t));
  };

  const writeMap = (t: number, d: number): void => {
    const { keys, values } = mapEntriesInWriteOrder(store, t);
    if (d === 1 || keys.length === 0) {
      out.push('#{}');
      return;
    }
    const association = (i: number): void => {
      write(keys[i], d - 1);
      out.push(' => ');
      write(values[i], d - 1);
    };
    out.push('#{');
    association(0);
    let budget = d - 1;
    for (let i = 1; ; i++) {
      if (budget === 1) {
        out.push(',...');
        break;
      }
      if (i >= keys.length) break;
      out.push(',');
      association(i);
      budget--;
    }
    out.push('}');
  };

  // Each byte (and a last partial byte) costs one level; the last one shown may be `...`.
  const writeBitstring = (t: number, d: number): void => {
    const { bytes, bitSize } = bitstringBytes(store.arena, t);
    const whole = bitSize >>> 3;
    const rest = bitSize & 7;
    const pieces = Array.from(bytes.subarray(0, whole), String);
    if (rest !== 0) pieces.push(`${bytes[whole] >>> (8 - rest)}:${rest}`);
    const shown: string[] = [];
    let budget = d;
    for (const piece of pieces) {
      if (budget === 1) {
        shown.push('...');
        break;
      }
      shown.push(piece);
      budget--;
    }
    out.push(`<<${shown.join(',')}>>`);
  };

  write(term, depth);
  return out.join('');
}
