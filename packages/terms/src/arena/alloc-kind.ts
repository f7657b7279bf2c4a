/**
 * What a block is for. The kind is stored in the block header, so statistics can say
 * where memory goes (process heaps, message fragments, code, literal areas, atoms,
 * tables) without the caller having to remember it at free time.
 */
export type AllocKind = 'heap' | 'message' | 'code' | 'literal' | 'atom' | 'table' | 'other';

/** Kind number stored in a block header = index in this table. Append only: it is a shared-memory format. */
export const ALLOC_KINDS: readonly AllocKind[] = ['heap', 'message', 'code', 'literal', 'atom', 'table', 'other'];

export const ALLOC_KIND_COUNT = ALLOC_KINDS.length;

/** Kind number of `kind`, or -1 when it is not an AllocKind. (A switch: a Map lookup showed in alloc profiles.) */
export function allocKindNumber(kind: string): number {
  switch (kind) {
    case 'heap':
      return 0;
    case 'message':
      return 1;
    case 'code':
      return 2;
    case 'literal':
      return 3;
    case 'atom':
      return 4;
    case 'table':
      return 5;
    case 'other':
      return 6;
    default:
      return -1;
  }
}
