import {
  ErlBitstring,
  ErlClosure,
  ErlExportFun,
  ErlFloat,
  ErlImproperList,
  ErlMap,
  ErlPid,
  ErlPort,
  ErlRef,
  ErlTuple,
  atom,
  type Term,
} from '@beamload/beam-format';
import type { TermStore } from '../term/term-store.js';
import { TermClass, termClass } from '../ops/term-class.js';
import { HEADER_REF, NIL, atomIndex, headerArity, headerTag, isList, isSmall, pointerIndex, smallValue } from '../layout.js';
import { readInteger } from '../term/bignum.js';
import { readFloat } from '../term/float.js';
import { bitstringBytes } from '../term/binary.js';
import { mapEntries } from '../term/map.js';
import {
  EXTERNAL_CREATION_FIELD,
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
import {
  EXPORT_ARITY_FIELD,
  EXPORT_FUNCTION_FIELD,
  EXPORT_MODULE_FIELD,
  FUN_ARITY_FIELD,
  FUN_CREATOR_FIELD,
  FUN_FREE_FIELD,
  FUN_INDEX_FIELD,
  FUN_MODULE_FIELD,
  FUN_OLD_INDEX_FIELD,
  FUN_OLD_UNIQ_FIELD,
  closureFreeCount,
  closureUniq,
} from '../term/fun.js';

/**
 * An arena term as the JS value beam-format uses (values.ts). Iterative: containers are
 * created first and filled as their elements are converted.
 */
export function termToValue(store: TermStore, term: number): Term {
  const arena = store.arena;
  const words = arena.i32;
  const u32 = arena.u32;
  const atomOf = (word: number) => atom(store.atoms.nameOf(atomIndex(word)));
  let result: Term = [];
  // Each task: convert `term`, then hand the value to `assign`.
  const tasks: Array<{ term: number; assign: (value: Term) => void }> = [{ term, assign: (value) => (result = value) }];
  const later: Array<() => void> = [];
  while (tasks.length > 0) {
    const { term: t, assign } = tasks.pop()!;
    if (isSmall(t)) {
      assign(smallValue(t));
      continue;
    }
    const at = pointerIndex(t);
    switch (termClass(words, t)) {
      case TermClass.integer:
        assign(readInteger(arena, t));
        break;
      case TermClass.float:
        assign(new ErlFloat(readFloat(arena, t)));
        break;
      case TermClass.atom:
        assign(atomOf(t));
        break;
      case TermClass.nil:
        assign([]);
        break;
      case TermClass.list: {
        const elements: Term[] = [];
        let cursor = t;
        while (isList(cursor)) {
          const cell = pointerIndex(cursor);
          const index = elements.length;
          elements.push([]);
          tasks.push({ term: words[cell]!, assign: (value) => (elements[index] = value) });
          cursor = words[cell + 1]!;
        }
        if (cursor === NIL) assign(elements);
        else {
          const holder = { tail: [] as Term };
          tasks.push({ term: cursor, assign: (value) => (holder.tail = value) });
          later.push(() => assign(new ErlImproperList(elements, holder.tail)));
        }
        break;
      }
      case TermClass.tuple: {
        const arity = headerArity(words[at]!);
        const elements: Term[] = new Array(arity);
        for (let i = 0; i < arity; i++) tasks.push({ term: words[at + 1 + i]!, assign: (value) => (elements[i] = value) });
        assign(new ErlTuple(elements));
        break;
      }
      case TermClass.map: {
        const { keys, values } = mapEntries(arena, t);
        const entries: Array<[Term, Term]> = keys.map(() => [[], []]);
        for (let i = 0; i < keys.length; i++) {
          tasks.push({ term: keys[i]!, assign: (value) => (entries[i]![0] = value) });
          tasks.push({ term: values[i]!, assign: (value) => (entries[i]![1] = value) });
        }
        assign(new ErlMap(entries));
        break;
      }
      case TermClass.bitstring: {
        const { bytes, bitSize } = bitstringBytes(arena, t);
        assign(bitSize % 8 === 0 ? bytes : new ErlBitstring(bytes, bitSize % 8));
        break;
      }
      case TermClass.pid:
        if (isLocalPid(t)) assign(new ErlPid(atom(store.nodeName), localPidNumber(t), localPidSerial(t), store.creation));
        else assign(new ErlPid(atomOf(words[at + EXTERNAL_NODE_FIELD]!), u32[at + EXTERNAL_PID_NUMBER_FIELD]!, u32[at + EXTERNAL_PID_SERIAL_FIELD]!, u32[at + EXTERNAL_CREATION_FIELD]!));
        break;
      case TermClass.port:
        if (isLocalPort(t)) assign(new ErlPort(atom(store.nodeName), BigInt(localPortNumber(t)), store.creation));
        else assign(new ErlPort(atomOf(words[at + EXTERNAL_NODE_FIELD]!), externalPortId(arena, t), u32[at + EXTERNAL_CREATION_FIELD]!));
        break;
      case TermClass.ref: {
        const header = words[at]!;
        const { first, count } = refNumbers(arena, t, header);
        const ids = Array.from(u32.subarray(first, first + count));
        if (headerTag(header) === HEADER_REF) assign(new ErlRef(atom(store.nodeName), store.creation, ids));
        else assign(new ErlRef(atomOf(words[at + EXTERNAL_NODE_FIELD]!), u32[at + EXTERNAL_CREATION_FIELD]!, ids));
        break;
      }
      case TermClass.exportFun:
        assign(new ErlExportFun(atomOf(words[at + EXPORT_MODULE_FIELD]!), atomOf(words[at + EXPORT_FUNCTION_FIELD]!), smallValue(words[at + EXPORT_ARITY_FIELD]!)));
        break;
      case TermClass.fun: {
        const free = closureFreeCount(arena, t);
        const freeVars: Term[] = new Array(free);
        for (let i = 0; i < free; i++) tasks.push({ term: words[at + FUN_FREE_FIELD + i]!, assign: (value) => (freeVars[i] = value) });
        const holder = { pid: undefined as unknown as ErlPid };
        tasks.push({ term: words[at + FUN_CREATOR_FIELD]!, assign: (value) => (holder.pid = value as ErlPid) });
        later.push(() =>
          assign(
            new ErlClosure(
              atomOf(words[at + FUN_MODULE_FIELD]!),
              u32[at + FUN_ARITY_FIELD]!,
              closureUniq(arena, t),
              u32[at + FUN_INDEX_FIELD]!,
              u32[at + FUN_OLD_INDEX_FIELD]!,
              u32[at + FUN_OLD_UNIQ_FIELD]!,
              holder.pid,
              freeVars,
            ),
          ),
        );
        break;
      }
    }
  }
  // Objects whose fields are set at construction (improper lists, closures), innermost first.
  for (let i = later.length - 1; i >= 0; i--) later[i]!();
  return result;
}
