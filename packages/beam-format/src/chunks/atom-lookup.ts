import type { ChunkReader } from './chunk-reader.js';

/** Looks up a 1-based atom index read just before `reader.position`. */
export function atomName(reader: ChunkReader, atoms: readonly string[], index: number): string {
  const name = index >= 1 ? atoms[index - 1] : undefined;
  if (name === undefined) {
    throw reader.error('bad_index', `atom index ${index} is not in 1..${atoms.length}`, reader.position - 4);
  }
  return name;
}
