import type { TermStore } from '../term/term-store.js';
import { termViews } from '../term/term-views.js';
import { TermClass, termClass } from '../ops/term-class.js';
import { atomIndex, headerArity, headerTag, isList, pointerIndex, smallValue, isSmall, NIL, HEADER_MAP_HASH, HEADER_REF } from '../layout.js';
import { otpMapOrder } from '../ops/otp-map-order.js';
import { readInteger } from '../term/bignum.js';
import { readFloat } from '../term/float.js';
import { bitstringBytes } from '../term/binary.js';
import { mapEntries } from '../term/map.js';
import { formatFloat } from './format-float.js';
import { formatAtom } from './format-atom.js';
import {
  EXTERNAL_NODE_FIELD,
  EXTERNAL_PID_NUMBER_FIELD,
  EXTERNAL_PID_SERIAL_FIELD,
  externalPortId,
  isLocalPid,
  isLocalPort,
  localPidNumber,
  localPidSerial,
  localPortNumber,
  refNumbers,
} from '../term/pid-port-ref.js';
import { EXPORT_ARITY_FIELD, EXPORT_FUNCTION_FIELD, EXPORT_MODULE_FIELD, FUN_MODULE_FIELD, FUN_OLD_INDEX_FIELD, FUN_OLD_UNIQ_FIELD } from '../term/fun.js';

/**
 * A term as io_lib:format("~w", [Term]) writes it. Local pids, ports and refs print with
 * node number 0 as erl does for its own; so do external ones of this node's name (an
 * other incarnation: erl prints the channel of the node's distribution entry, and its own
 * name's entry has channel 0). For other nodes erl prints their index in its distribution
 * table, which this store does not have, so they print the node's atom index there
 * instead. Hash maps print in this store's trie order (erl: its
 * own internal order) unless their keys' OTP hashes are portable (otp-map-order.ts), as
 * for integer, string or binary keys. Iterative: pending output pieces are on an
 * explicit stack.
 */
export function writeTerm(store: TermStore, term: number): string {
  const arena = store.arena;
  const { i32: words, u32 } = termViews(arena);
  const out: string[] = [];
  const stack: Array<number | string> = [term];
  const atom = (word: number): string => formatAtom(store.atoms.nameOf(atomIndex(word)));
  const nodeNumber = (word: number): number => (store.atoms.nameOf(atomIndex(word)) === store.nodeName ? 0 : atomIndex(word));
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const t = item;
    if (isSmall(t)) {
      out.push(String(smallValue(t)));
      continue;
    }
    const at = pointerIndex(t);
    switch (termClass(words, t)) {
      case TermClass.integer:
        out.push(String(readInteger(arena, t)));
        break;
      case TermClass.float:
        out.push(formatFloat(readFloat(arena, t)));
        break;
      case TermClass.atom:
        out.push(atom(t));
        break;
      case TermClass.nil:
        out.push('[]');
        break;
      case TermClass.list: {
        const pieces: Array<number | string> = ['['];
        let cursor = t;
        let first = true;
        while (isList(cursor)) {
          if (!first) pieces.push(',');
          first = false;
          const cell = pointerIndex(cursor);
          pieces.push(words[cell]!);
          cursor = words[cell + 1]!;
        }
        if (cursor !== NIL) pieces.push('|', cursor);
        pieces.push(']');
        for (let i = pieces.length - 1; i >= 0; i--) stack.push(pieces[i]!);
        break;
      }
      case TermClass.tuple: {
        const arity = headerArity(words[at]!);
        stack.push('}');
        for (let i = arity; i >= 1; i--) {
          stack.push(words[at + i]!);
          if (i > 1) stack.push(',');
        }
        out.push('{');
        break;
      }
      case TermClass.map: {
        let { keys, values } = mapEntries(arena, t);
        if (headerTag(words[at]!) === HEADER_MAP_HASH) {
          // erl prints a hash map from its lowest trie slot up: OTP's walk order reversed.
          const order = otpMapOrder(store, t);
          if (order !== undefined) {
            keys = order.map((i) => keys[i]!).reverse();
            values = order.map((i) => values[i]!).reverse();
          }
        }
        stack.push('}');
        for (let i = keys.length - 1; i >= 0; i--) {
          stack.push(values[i]!, ' => ', keys[i]!);
          if (i > 0) stack.push(',');
        }
        out.push('#{');
        break;
      }
      case TermClass.bitstring: {
        const { bytes, bitSize } = bitstringBytes(arena, t);
        const whole = bitSize >>> 3;
        const parts: string[] = [];
        for (let i = 0; i < whole; i++) parts.push(String(bytes[i]));
        const rest = bitSize & 7;
        if (rest !== 0) parts.push(`${bytes[whole]! >>> (8 - rest)}:${rest}`);
        out.push(`<<${parts.join(',')}>>`);
        break;
      }
      case TermClass.pid:
        if (isLocalPid(t)) out.push(`<0.${localPidNumber(t)}.${localPidSerial(t)}>`);
        else out.push(`<${nodeNumber(words[at + EXTERNAL_NODE_FIELD]!)}.${u32[at + EXTERNAL_PID_NUMBER_FIELD]}.${u32[at + EXTERNAL_PID_SERIAL_FIELD]}>`);
        break;
      case TermClass.port:
        if (isLocalPort(t)) out.push(`#Port<0.${localPortNumber(t)}>`);
        else out.push(`#Port<${nodeNumber(words[at + EXTERNAL_NODE_FIELD]!)}.${externalPortId(arena, t)}>`);
        break;
      case TermClass.ref: {
        const header = words[at]!;
        const { first, count } = refNumbers(arena, t, header);
        const node = headerTag(header) === HEADER_REF ? 0 : nodeNumber(words[at + EXTERNAL_NODE_FIELD]!);
        const numbers: number[] = [];
        for (let i = count - 1; i >= 0; i--) numbers.push(u32[first + i]!);
        out.push(`#Ref<${node}.${numbers.join('.')}>`);
        break;
      }
      case TermClass.fun:
        out.push(`#Fun<${store.atoms.nameOf(atomIndex(words[at + FUN_MODULE_FIELD]!))}.${u32[at + FUN_OLD_INDEX_FIELD]}.${u32[at + FUN_OLD_UNIQ_FIELD]}>`);
        break;
      case TermClass.exportFun:
        out.push(`fun ${atom(words[at + EXPORT_MODULE_FIELD]!)}:${atom(words[at + EXPORT_FUNCTION_FIELD]!)}/${smallValue(words[at + EXPORT_ARITY_FIELD]!)}`);
        break;
    }
  }
  return out.join('');
}
