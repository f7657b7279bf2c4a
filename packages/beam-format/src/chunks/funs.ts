import { ChunkReader } from './chunk-reader.js';
import { atomName } from './atom-lookup.js';

/**
 * FunT: u32 N, then N x 6 u32 (function atom, arity = free variables + arguments, entry
 * label, index, number of free variables, old uniq). The 0-based position is the "old
 * index" that make_fun2 / make_fun3 / call_fun2 operands name.
 */
export interface FunEntry {
  readonly name: string;
  readonly arity: number;
  readonly label: number;
  readonly index: number;
  readonly numFree: number;
  readonly oldUniq: number;
}

export const FUN_ENTRY_SIZE = 24;

export function decodeFuns(data: Uint8Array, baseOffset: number, atoms: readonly string[]): FunEntry[] {
  const reader = new ChunkReader(data, baseOffset, 'FunT');
  const count = reader.entryCount(reader.u32('fun count'), FUN_ENTRY_SIZE, 'funs');
  const funs: FunEntry[] = new Array(count);
  for (let position = 0; position < count; position++) {
    const name = atomName(reader, atoms, reader.u32());
    funs[position] = {
      name,
      arity: reader.u32(),
      label: reader.u32(),
      index: reader.u32(),
      numFree: reader.u32(),
      oldUniq: reader.u32(),
    };
  }
  return funs;
}
