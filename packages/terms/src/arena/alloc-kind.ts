/**
 * What a block is for. The kind is stored in the block header, so statistics can say
 * where memory goes (process heaps, message fragments, code, literal areas, atoms,
 * tables) without the caller having to remember it at free time.
 */
export type AllocKind = 'heap' | 'message' | 'code' | 'literal' | 'atom' | 'table' | 'other';

/** Kind number stored in a block header = index in this table. Append only: it is a shared-memory format. */
export const ALLOC_KINDS: readonly AllocKind[] = ['heap', 'message', 'code', 'literal', 'atom', 'table', 'other'];

export const ALLOC_KIND_COUNT = ALLOC_KINDS.length;

const kindNumbers: ReadonlyMap<string, number> = new Map(ALLOC_KINDS.map((kind, index) => [kind, index]));

/** Kind number of `kind`, or -1 when it is not an AllocKind. */
export function allocKindNumber(kind: string): number {
  return kindNumbers.get(kind) ?? -1;
}
