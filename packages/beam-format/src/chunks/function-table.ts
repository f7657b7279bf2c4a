import { ChunkReader } from './chunk-reader.js';
import { atomName } from './atom-lookup.js';

/**
 * ExpT and LocT: u32 N, then N x (u32 function atom, u32 arity, u32 entry label),
 * in file order (beam_lib sorts them; use `sortFunctionTable` for that order).
 */
export interface FunctionTableEntry {
  readonly name: string;
  readonly arity: number;
  readonly label: number;
}

export const FUNCTION_TABLE_ENTRY_SIZE = 12;

export function decodeFunctionTable(
  data: Uint8Array,
  baseOffset: number,
  chunk: 'ExpT' | 'LocT',
  atoms: readonly string[],
): FunctionTableEntry[] {
  const reader = new ChunkReader(data, baseOffset, chunk);
  const count = reader.entryCount(reader.u32('entry count'), FUNCTION_TABLE_ENTRY_SIZE, chunk);
  const entries: FunctionTableEntry[] = new Array(count);
  for (let index = 0; index < count; index++) {
    const name = atomName(reader, atoms, reader.u32());
    entries[index] = { name, arity: reader.u32(), label: reader.u32() };
  }
  return entries;
}
