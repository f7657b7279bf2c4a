import {
  ErlAtom,
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
  type Term,
} from '@beamload/beam-format';
import type { TermStore } from '../term/term-store.js';
import type { HeapWriter } from '../heap-writer.js';
import { HEADER_TUPLE, NIL, makeAtom, makeBoxed, makeHeader, makeList } from '../layout.js';
import { integerWords, makeInteger } from '../term/bignum.js';
import { FLOAT_WORDS, makeFloat } from '../term/float.js';
import { binaryHeapWords, bitstringHeapWords, makeBinary, makeBitstring } from '../term/binary.js';
import { FLAT_MAP_LIMIT, flatMapWords } from '../term/map.js';
import { hashMapNodeWordsBound } from '../term/hash-map.js';
import { makeMap } from '../term/map-builder.js';
import { EXPORT_WORDS, FUN_CREATOR_FIELD, FUN_FIXED_WORDS, FUN_FREE_FIELD, makeClosure, makeExportFun } from '../term/fun.js';
import {
  EXTERNAL_PID_WORDS,
  EXTERNAL_PORT_WORDS,
  MAX_LOCAL_PORT,
  fitsLocalPid,
  makeExternalPid,
  makeExternalPort,
  makeExternalRef,
  makeLocalPid,
  makeLocalPort,
  makeLocalRef,
} from '../term/pid-port-ref.js';
import { TermError } from '../term/term-error.js';

function children(value: Term): Term[] {
  if (Array.isArray(value)) return value;
  if (value instanceof ErlTuple) return value.elements;
  if (value instanceof ErlImproperList) return [...value.elements, value.tail];
  if (value instanceof ErlMap) return value.entries.flat();
  if (value instanceof ErlClosure) return [value.pid, ...value.freeVars];
  return [];
}

function isLocal(store: TermStore, node: ErlAtom, creation: number): boolean {
  return node.name === store.nodeName && creation === store.creation;
}

/** Heap words valueToTerm needs for `value` (hash maps bounded from above). Iterative. */
export function valueWords(store: TermStore, value: Term): number {
  let total = 0;
  const stack: Term[] = [value];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (typeof v === 'number' || typeof v === 'bigint') total += integerWords(v);
    else if (v instanceof ErlFloat) total += FLOAT_WORDS;
    else if (v instanceof ErlAtom) continue;
    else if (Array.isArray(v)) total += 2 * v.length;
    else if (v instanceof ErlImproperList) total += 2 * v.elements.length;
    else if (v instanceof ErlTuple) total += 1 + v.elements.length;
    else if (v instanceof Uint8Array) total += binaryHeapWords(v.length);
    else if (v instanceof ErlBitstring) total += bitstringHeapWords(v.bitLength);
    else if (v instanceof ErlMap) {
      const n = v.entries.length;
      total += 2 * n + (n <= FLAT_MAP_LIMIT ? flatMapWords(n) : 2 * n + hashMapNodeWordsBound(n));
    } else if (v instanceof ErlExportFun) total += EXPORT_WORDS;
    else if (v instanceof ErlClosure) total += FUN_FIXED_WORDS + v.freeVars.length;
    else if (v instanceof ErlPid) total += isLocal(store, v.node, v.creation) && fitsLocalPid(v.id, v.serial) ? 0 : EXTERNAL_PID_WORDS;
    else if (v instanceof ErlPort) total += isLocal(store, v.node, v.creation) && v.id <= BigInt(MAX_LOCAL_PORT) ? 0 : EXTERNAL_PORT_WORDS;
    else if (v instanceof ErlRef) total += isLocal(store, v.node, v.creation) ? 1 + v.ids.length : 3 + v.ids.length;
    else throw new TermError('bad_value', `no Erlang term for ${String(v)}`);
    for (const child of children(v)) stack.push(child);
  }
  return total;
}

const ROOT_SLOT = -1;

/**
 * Builds the arena term for a JS value (values.ts) on `writer` (valueWords(value) words).
 * Containers are allocated first and their slots filled from an explicit stack; a map's
 * keys and values go to scratch cells first, then into the map once all are built.
 */
export function valueToTerm(store: TermStore, writer: HeapWriter, value: Term): number {
  const arena = store.arena;
  const words = arena.i32;
  let root = 0;
  const put = (slot: number, term: number): void => {
    if (slot === ROOT_SLOT) root = term;
    else words[slot] = term;
  };
  const tasks: Array<{ slot: number; value: Term } | { slot: number; finishMap: number; size: number }> = [{ slot: ROOT_SLOT, value }];
  while (tasks.length > 0) {
    const task = tasks.pop()!;
    if ('finishMap' in task) {
      const keys: number[] = [];
      const values: number[] = [];
      for (let i = 0; i < task.size; i++) {
        keys.push(words[task.finishMap + 2 * i]!);
        values.push(words[task.finishMap + 2 * i + 1]!);
      }
      put(task.slot, makeMap(store, writer, keys, values));
      continue;
    }
    const { slot, value: v } = task;
    if (typeof v === 'number' || typeof v === 'bigint') put(slot, makeInteger(writer, v));
    else if (v instanceof ErlFloat) put(slot, makeFloat(writer, v.value));
    else if (v instanceof ErlAtom) put(slot, makeAtom(store.atoms.intern(v.name)));
    else if (Array.isArray(v) || v instanceof ErlImproperList) {
      const elements = Array.isArray(v) ? v : v.elements;
      if (elements.length === 0) {
        if (Array.isArray(v)) put(slot, NIL);
        else tasks.push({ slot, value: v.tail });
        continue;
      }
      const at = writer.alloc(2 * elements.length);
      for (let i = 0; i + 1 < elements.length; i++) words[at + 2 * i + 1] = makeList(at + 2 * i + 2);
      words[at + 2 * elements.length - 1] = NIL;
      put(slot, makeList(at));
      if (!Array.isArray(v)) tasks.push({ slot: at + 2 * elements.length - 1, value: v.tail });
      for (let i = elements.length - 1; i >= 0; i--) tasks.push({ slot: at + 2 * i, value: elements[i]! });
    } else if (v instanceof ErlTuple) {
      const at = writer.alloc(1 + v.elements.length);
      words[at] = makeHeader(HEADER_TUPLE, v.elements.length);
      put(slot, makeBoxed(at));
      for (let i = v.elements.length - 1; i >= 0; i--) tasks.push({ slot: at + 1 + i, value: v.elements[i]! });
    } else if (v instanceof Uint8Array) put(slot, makeBinary(writer, v));
    else if (v instanceof ErlBitstring) put(slot, makeBitstring(writer, v.bytes, v.bitLength));
    else if (v instanceof ErlMap) {
      const size = v.entries.length;
      const cells = writer.alloc(2 * size);
      tasks.push({ slot, finishMap: cells, size });
      for (let i = size - 1; i >= 0; i--) {
        tasks.push({ slot: cells + 2 * i + 1, value: v.entries[i]![1] });
        tasks.push({ slot: cells + 2 * i, value: v.entries[i]![0] });
      }
    } else if (v instanceof ErlExportFun) {
      put(slot, makeExportFun(writer, makeAtom(store.atoms.intern(v.module.name)), makeAtom(store.atoms.intern(v.name.name)), v.arity));
    } else if (v instanceof ErlClosure) {
      const fun = makeClosure(writer, {
        funEntry: 0,
        module: makeAtom(store.atoms.intern(v.module.name)),
        arity: v.arity,
        index: v.index,
        oldIndex: v.oldIndex,
        oldUniq: v.oldUniq,
        uniq: v.uniq,
        creator: NIL,
        freeVars: v.freeVars.map(() => NIL),
      });
      put(slot, fun);
      const at = fun >>> 2;
      tasks.push({ slot: at + FUN_CREATOR_FIELD, value: v.pid });
      for (let i = v.freeVars.length - 1; i >= 0; i--) tasks.push({ slot: at + FUN_FREE_FIELD + i, value: v.freeVars[i]! });
    } else if (v instanceof ErlPid) {
      if (isLocal(store, v.node, v.creation) && fitsLocalPid(v.id, v.serial)) put(slot, makeLocalPid(v.id, v.serial));
      else put(slot, makeExternalPid(writer, makeAtom(store.atoms.intern(v.node.name)), v.creation, v.id, v.serial));
    } else if (v instanceof ErlPort) {
      if (isLocal(store, v.node, v.creation) && v.id <= BigInt(MAX_LOCAL_PORT)) put(slot, makeLocalPort(Number(v.id)));
      else put(slot, makeExternalPort(writer, makeAtom(store.atoms.intern(v.node.name)), v.creation, v.id));
    } else if (v instanceof ErlRef) {
      if (isLocal(store, v.node, v.creation)) put(slot, makeLocalRef(writer, v.ids));
      else put(slot, makeExternalRef(writer, makeAtom(store.atoms.intern(v.node.name)), v.creation, v.ids));
    } else throw new TermError('bad_value', `no Erlang term for ${String(v)}`);
  }
  return root;
}
