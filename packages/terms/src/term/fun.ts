import type { Arena } from '../arena/arena.js';
import type { HeapWriter } from '../heap-writer.js';
import { HEADER_EXPORT, HEADER_FUN, headerArity, makeBoxed, makeHeader, makeSmall, pointerIndex } from '../layout.js';

/**
 * Funs.
 *
 * Local closure: boxed
 *   [header(FUN, 11 + numFree),
 *    1  fun entry     word index of the loader's fun entry for (module, index, uniq),
 *                     0 while unresolved (e.g. just decoded from ETF); the runtime calls
 *                     through it, term operations never read it
 *    2  arity         raw
 *    3  index         raw (NEW_FUN_EXT Index)
 *    4  old index     raw (NEW_FUN_EXT OldIndex)
 *    5  old uniq      raw (NEW_FUN_EXT OldUniq)
 *    6..9 uniq        the 16-byte MD5 uniq, four big-endian 32-bit words
 *    10 module        atom (term)
 *    11 creator pid   pid (term)
 *    12.. free variables (terms)]
 * Words 1..9 are raw (never followed by copy or GC); words 10.. are terms.
 *
 * External fun (fun M:F/A): boxed [header(EXPORT, 3), module atom, function atom, arity small].
 * The runtime finds the export entry from the MFA.
 */
export const FUN_ENTRY_FIELD = 1;
export const FUN_ARITY_FIELD = 2;
export const FUN_INDEX_FIELD = 3;
export const FUN_OLD_INDEX_FIELD = 4;
export const FUN_OLD_UNIQ_FIELD = 5;
export const FUN_UNIQ_FIELD = 6;
export const FUN_MODULE_FIELD = 10;
export const FUN_CREATOR_FIELD = 11;
export const FUN_FREE_FIELD = 12;
export const FUN_RAW_FIRST = 1;
export const FUN_RAW_LAST = 9;
export const FUN_FIXED_WORDS = 12;
export const EXPORT_MODULE_FIELD = 1;
export const EXPORT_FUNCTION_FIELD = 2;
export const EXPORT_ARITY_FIELD = 3;
export const EXPORT_WORDS = 4;

export interface ClosureFields {
  funEntry: number;
  module: number;
  arity: number;
  index: number;
  oldIndex: number;
  oldUniq: number;
  /** 16 bytes. */
  uniq: Uint8Array;
  creator: number;
  freeVars: readonly number[];
}

export function makeClosure(writer: HeapWriter, fields: ClosureFields): number {
  const at = writer.alloc(FUN_FIXED_WORDS + fields.freeVars.length);
  const arena = writer.arena;
  const words = arena.u32;
  arena.i32[at] = makeHeader(HEADER_FUN, FUN_FIXED_WORDS - 1 + fields.freeVars.length);
  words[at + FUN_ENTRY_FIELD] = fields.funEntry;
  words[at + FUN_ARITY_FIELD] = fields.arity;
  words[at + FUN_INDEX_FIELD] = fields.index;
  words[at + FUN_OLD_INDEX_FIELD] = fields.oldIndex;
  words[at + FUN_OLD_UNIQ_FIELD] = fields.oldUniq;
  for (let i = 0; i < 4; i++) {
    const u = fields.uniq;
    words[at + FUN_UNIQ_FIELD + i] = ((u[4 * i]! << 24) | (u[4 * i + 1]! << 16) | (u[4 * i + 2]! << 8) | u[4 * i + 3]!) >>> 0;
  }
  arena.i32[at + FUN_MODULE_FIELD] = fields.module;
  arena.i32[at + FUN_CREATOR_FIELD] = fields.creator;
  for (let i = 0; i < fields.freeVars.length; i++) arena.i32[at + FUN_FREE_FIELD + i] = fields.freeVars[i]!;
  return makeBoxed(at);
}

export function closureFreeCount(arena: Arena, fun: number): number {
  return headerArity(arena.i32[pointerIndex(fun)]!) - (FUN_FIXED_WORDS - 1);
}

export function closureUniq(arena: Arena, fun: number): Uint8Array {
  const at = pointerIndex(fun);
  const out = new Uint8Array(16);
  for (let i = 0; i < 4; i++) {
    const w = arena.u32[at + FUN_UNIQ_FIELD + i]!;
    out[4 * i] = w >>> 24;
    out[4 * i + 1] = (w >>> 16) & 0xff;
    out[4 * i + 2] = (w >>> 8) & 0xff;
    out[4 * i + 3] = w & 0xff;
  }
  return out;
}

/** Points a decoded closure at the loader's fun entry. */
export function setClosureFunEntry(arena: Arena, fun: number, funEntry: number): void {
  arena.u32[pointerIndex(fun) + FUN_ENTRY_FIELD] = funEntry;
}

export function makeExportFun(writer: HeapWriter, module: number, fn: number, arity: number): number {
  const at = writer.alloc(EXPORT_WORDS);
  const words = writer.arena.i32;
  words[at] = makeHeader(HEADER_EXPORT, 3);
  words[at + EXPORT_MODULE_FIELD] = module;
  words[at + EXPORT_FUNCTION_FIELD] = fn;
  words[at + EXPORT_ARITY_FIELD] = makeSmall(arity);
  return makeBoxed(at);
}
