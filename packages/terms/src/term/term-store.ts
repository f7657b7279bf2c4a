import type { Arena } from '../arena/arena.js';
import type { AtomTable } from '../atoms/atom-table.js';

/**
 * Where terms live and how to read them: the arena holding the words, the atom table
 * naming the atoms, and the identity of this node, which decides whether a pid, port or
 * reference decoded from ETF is local (an immediate, or a local ref) or external (boxed,
 * carrying its node).
 */
export interface TermStore {
  readonly arena: Arena;
  readonly atoms: AtomTable;
  /** This node's name; `erl -noshell` without distribution is 'nonode@nohost'. */
  readonly nodeName: string;
  /** This node's creation; 0 for a node without distribution. */
  readonly creation: number;
}

export const DEFAULT_NODE_NAME = 'nonode@nohost';

export function createTermStore(
  arena: Arena,
  atoms: AtomTable,
  node: { name?: string; creation?: number } = {},
): TermStore {
  return { arena, atoms, nodeName: node.name ?? DEFAULT_NODE_NAME, creation: node.creation ?? 0 };
}
