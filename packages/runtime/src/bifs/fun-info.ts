import {
  EXPORT_ARITY_FIELD,
  EXPORT_FUNCTION_FIELD,
  EXPORT_MODULE_FIELD,
  HEADER_FUN,
  HEADER_TAG_MASK,
  bitstringHeapWords,
  headerArity,
  isAtom,
  makeBinary,
  makeSmall,
  pointerIndex,
  smallValue,
  writeTerm,
} from '@beamload/terms';
import { FUN_NAME as FUN_ENTRY_NAME, Op } from '@beamload/loader-core';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { buildWithWriter, makeCharList, makeList_, makeTuple } from '../interpreter/heap.js';
import { HeapNeeded } from '../interpreter/erlang-exception.js';
import { termTests } from '../interpreter/term-tests.js';
import { FUN_LAYOUT } from '../interpreter/fun-layout.js';

/**
 * erlang:fun_info/1,2, fun_info_mfa/1 and fun_to_list/1, as ERTS answers them.
 *
 * A local fun's `index` and `uniq` are its FunT index and OldUniq, `new_index` the same
 * index, `new_uniq` the MD5 of the module version that created it, `env` its free
 * variables. An external fun (`fun M:F/A`) has no pid, index or uniq: those keys answer
 * `undefined`, and fun_info/1 leaves them out.
 */
const LOCAL_KEYS = ['pid', 'module', 'new_index', 'new_uniq', 'index', 'uniq', 'name', 'arity', 'env', 'type'] as const;
const EXTERNAL_KEYS = ['module', 'name', 'arity', 'env', 'type'] as const;
const MD5_BITS = 128;

type FunKey = (typeof LOCAL_KEYS)[number];

function isFunKey(name: string): name is FunKey {
  return (LOCAL_KEYS as readonly string[]).includes(name);
}

/** The fun's address, after checking it is one (badarg otherwise). */
function requireFun(call: BifCall, fun: number, args: number[]): { at: number; local: boolean } {
  const w = call.context.words;
  if (!termTests[Op.is_function](w, fun)) throw badarg(args);
  const at = pointerIndex(fun);
  return { at, local: (w[at] & HEADER_TAG_MASK) === HEADER_FUN };
}

function freeVariables(w: Int32Array, at: number): number[] {
  const count = headerArity(w[at]) - (FUN_LAYOUT.FIXED_WORDS - 1);
  return Array.from(w.subarray(at + FUN_LAYOUT.FIXED_WORDS, at + FUN_LAYOUT.FIXED_WORDS + count));
}

/** Heap words the value of `key` needs at most (its tuple excluded). */
function valueWords(w: Int32Array, at: number, local: boolean, key: FunKey): number {
  if (!local) return 0;
  if (key === 'new_uniq') return bitstringHeapWords(MD5_BITS);
  if (key === 'env') return 2 * freeVariables(w, at).length;
  return 0;
}

/** The value of `key` (the heap has room: see valueWords). */
function keyValue(call: BifCall, at: number, local: boolean, key: FunKey): number {
  const w = call.context.words;
  const undefinedAtom = call.system.atom('undefined');
  if (!local) {
    switch (key) {
      case 'module':
        return w[at + EXPORT_MODULE_FIELD];
      case 'name':
        return w[at + EXPORT_FUNCTION_FIELD];
      case 'arity':
        return w[at + EXPORT_ARITY_FIELD];
      case 'env':
        return makeList_(call.context, []);
      case 'type':
        return call.system.atom('external');
      default:
        return undefinedAtom;
    }
  }
  // The entry the closure was made from lies in code a purge may have freed: ask which
  // entry is live now (0 / -1: none; its name and MD5 are then unknown here).
  const entry = key === 'new_uniq' || key === 'name' ? call.system.liveFunEntry(w[at + FUN_LAYOUT.MODULE], w[at + FUN_LAYOUT.INDEX], w[at + FUN_LAYOUT.OLD_UNIQ], w[at + FUN_LAYOUT.ENTRY]) : 0;
  switch (key) {
    case 'pid':
      return w[at + FUN_LAYOUT.CREATOR];
    case 'module':
      return w[at + FUN_LAYOUT.MODULE];
    case 'new_index':
    case 'index':
      return makeSmall(w[at + FUN_LAYOUT.INDEX]);
    case 'new_uniq': {
      const md5 = entry > 0 ? call.system.md5OfCodeContaining(entry) : undefined;
      if (md5 === undefined) return undefinedAtom;
      return buildWithWriter(call.context, bitstringHeapWords(MD5_BITS), (writer) => makeBinary(writer, md5));
    }
    case 'uniq':
      return makeSmall(w[at + FUN_LAYOUT.OLD_UNIQ] >>> 0);
    case 'name':
      return entry > 0 ? w[entry + FUN_ENTRY_NAME] : undefinedAtom;
    case 'arity':
      return makeSmall(w[at + FUN_LAYOUT.ARITY]);
    case 'env':
      return makeList_(call.context, freeVariables(w, at));
    case 'type':
      return call.system.atom('local');
  }
}

function requireRoom(call: BifCall, words: number): void {
  if (call.context.stackTop - call.context.heapTop < words) throw new HeapNeeded(words);
}

function funInfo2(call: BifCall, args: number[]): number {
  const [fun, item] = args;
  const { at, local } = requireFun(call, fun, args);
  if (!isAtom(item)) throw badarg(args);
  const key = call.system.atomName(item);
  if (!isFunKey(key)) throw badarg(args);
  requireRoom(call, 3 + valueWords(call.context.words, at, local, key));
  return makeTuple(call.context, [item, keyValue(call, at, local, key)]);
}

function funInfo1(call: BifCall, args: number[]): number {
  const { at, local } = requireFun(call, args[0], args);
  const keys = local ? LOCAL_KEYS : EXTERNAL_KEYS;
  const w = call.context.words;
  requireRoom(call, keys.reduce((total, key) => total + 5 + valueWords(w, at, local, key), 0));
  const pairs = keys.map((key) => makeTuple(call.context, [call.system.atom(key), keyValue(call, at, local, key)]));
  return makeList_(call.context, pairs);
}

function funInfoMfa(call: BifCall, args: number[]): number {
  const { at, local } = requireFun(call, args[0], args);
  requireRoom(call, 4);
  const w = call.context.words;
  const arity = local ? makeSmall(w[at + FUN_LAYOUT.ARITY]) : w[at + EXPORT_ARITY_FIELD];
  return makeTuple(call.context, [keyValue(call, at, local, 'module'), keyValue(call, at, local, 'name'), arity]);
}

function funToList(call: BifCall, args: number[]): number {
  requireFun(call, args[0], args);
  const text = writeTerm(call.system.store, args[0]);
  requireRoom(call, 2 * text.length);
  return makeCharList(call.context, text);
}

/** Arity of a fun term (for callers that have checked it is one). */
export function funArity(w: Int32Array, fun: number): number {
  const at = pointerIndex(fun);
  return (w[at] & HEADER_TAG_MASK) === HEADER_FUN ? w[at + FUN_LAYOUT.ARITY] : smallValue(w[at + EXPORT_ARITY_FIELD]);
}

export const FUN_INFO_BIFS: readonly BifDefinition[] = [
  { module: 'erlang', name: 'fun_info', arity: 1, run: funInfo1 },
  { module: 'erlang', name: 'fun_info', arity: 2, run: funInfo2 },
  { module: 'erlang', name: 'fun_info_mfa', arity: 1, run: funInfoMfa },
  { module: 'erlang', name: 'fun_to_list', arity: 1, run: funToList },
];
