import { ChunkReader } from './chunk-reader.js';
import { atomName } from './atom-lookup.js';

/** ImpT: u32 N, then N x (u32 module atom, u32 function atom, u32 arity). BIFs are imports too. */
export interface Import {
  readonly module: string;
  readonly name: string;
  readonly arity: number;
}

export const IMPORT_ENTRY_SIZE = 12;

export function decodeImports(data: Uint8Array, baseOffset: number, atoms: readonly string[]): Import[] {
  const reader = new ChunkReader(data, baseOffset, 'ImpT');
  const count = reader.entryCount(reader.u32('import count'), IMPORT_ENTRY_SIZE, 'imports');
  const imports: Import[] = new Array(count);
  for (let index = 0; index < count; index++) {
    const module = atomName(reader, atoms, reader.u32());
    const name = atomName(reader, atoms, reader.u32());
    imports[index] = { module, name, arity: reader.u32() };
  }
  return imports;
}
