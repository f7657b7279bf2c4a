import type { Arena } from '../arena/arena.js';
import { headerArity, isList, makeBoxed, makeHeader, HEADER_MAP_HASH, pointerIndex } from '../layout.js';
import type { HeapWriter } from '../heap-writer.js';

/**
 * Maps of more than 32 keys: a hash array mapped trie (HAMT), as OTP's hashmaps, over
 * the 32-bit `hashTerm` of the keys (ops/hash.ts), 5 hash bits per level from the low
 * end (level 6 uses the last 2 bits), so lookups and updates stay logarithmic.
 *
 *   head       [header(MAP_HASH, 2 + c), size, bitmap, child 1, ..., child c]
 *   node       [header(MAP_HASH, 2 + c), NODE_MARKER, bitmap, child 1, ..., child c]
 *   collision  [header(MAP_HASH, 2 + c), COLLISION_MARKER, 0, leaf 1, ..., leaf c]
 *
 * Bit b of bitmap is set when the slot with hash chunk b is occupied; children are in
 * slot order. A child is either a leaf, a list pointer to a cons cell [key | value], or
 * a boxed pointer to a node. Keys whose 32 hash bits are all equal end up together in a
 * collision node below level 6. The markers sit where a head keeps its size, which is
 * never that large.
 */
export const HASH_MAP_SIZE_FIELD = 1;
export const HASH_MAP_BITMAP_FIELD = 2;
export const HASH_MAP_CHILDREN_FIELD = 3;
export const NODE_MARKER = 0xffffffff;
export const COLLISION_MARKER = 0xfffffffe;
export const HASH_BITS_PER_LEVEL = 5;
/** Levels that consume hash bits: 0..6 (6 * 5 + 2 = 32 bits). */
export const HASH_LEVELS = 7;

export function hashChunk(hash: number, level: number): number {
  return (hash >>> (level * HASH_BITS_PER_LEVEL)) & 0x1f;
}

/** Leaves (cons cell words) of a hash map in iteration order: depth first, slot order. */
export function hashMapLeaves(arena: Arena, map: number): number[] {
  const words = arena.i32;
  const leaves: number[] = [];
  const stack: number[] = [map];
  while (stack.length > 0) {
    const node = pointerIndex(stack.pop()!);
    const count = headerArity(words[node]!) - 2;
    for (let i = count - 1; i >= 0; i--) stack.push(words[node + HASH_MAP_CHILDREN_FIELD + i]!);
    // Children were pushed in reverse, so popping visits them in slot order; leaves are
    // emitted when popped.
    while (stack.length > 0 && isList(stack[stack.length - 1]!)) leaves.push(stack.pop()!);
  }
  return leaves;
}

export function hashMapEntries(arena: Arena, map: number): { keys: number[]; values: number[] } {
  const leaves = hashMapLeaves(arena, map);
  const words = arena.i32;
  const keys: number[] = new Array(leaves.length);
  const values: number[] = new Array(leaves.length);
  for (let i = 0; i < leaves.length; i++) {
    const cell = pointerIndex(leaves[i]!);
    keys[i] = words[cell]!;
    values[i] = words[cell + 1]!;
  }
  return { keys, values };
}

/**
 * Builds the trie over `leaves` (cons cells [key | value], keys distinct) whose key
 * hashes are `hashes`; returns the head. Words used: exactly hashMapNodeWords(hashes).
 */
export function buildHashMap(writer: HeapWriter, leaves: readonly number[], hashes: readonly number[]): number {
  const order = leaves.map((_, i) => i);
  return buildNode(writer, leaves, hashes, order, 0, true);
}

function buildNode(
  writer: HeapWriter,
  leaves: readonly number[],
  hashes: readonly number[],
  members: number[],
  level: number,
  head: boolean,
): number {
  const words = writer.arena.u32;
  if (level === HASH_LEVELS) {
    const at = writer.alloc(3 + members.length);
    writer.arena.i32[at] = makeHeader(HEADER_MAP_HASH, 2 + members.length);
    words[at + HASH_MAP_SIZE_FIELD] = COLLISION_MARKER;
    words[at + HASH_MAP_BITMAP_FIELD] = 0;
    for (let i = 0; i < members.length; i++) writer.arena.i32[at + HASH_MAP_CHILDREN_FIELD + i] = leaves[members[i]!]!;
    return makeBoxed(at);
  }
  const slots: number[][] = [];
  let bitmap = 0;
  for (const member of members) {
    const chunk = hashChunk(hashes[member]!, level);
    (slots[chunk] ??= []).push(member);
    bitmap |= 1 << chunk;
  }
  const children: number[] = [];
  for (let chunk = 0; chunk < 32; chunk++) {
    const slot = slots[chunk];
    if (slot === undefined) continue;
    children.push(slot.length === 1 ? leaves[slot[0]!]! : buildNode(writer, leaves, hashes, slot, level + 1, false));
  }
  const at = writer.alloc(3 + children.length);
  writer.arena.i32[at] = makeHeader(HEADER_MAP_HASH, 2 + children.length);
  words[at + HASH_MAP_SIZE_FIELD] = head ? members.length : NODE_MARKER;
  words[at + HASH_MAP_BITMAP_FIELD] = bitmap >>> 0;
  for (let i = 0; i < children.length; i++) writer.arena.i32[at + HASH_MAP_CHILDREN_FIELD + i] = children[i]!;
  return makeBoxed(at);
}

/** Node words (leaves not counted) the trie over keys with these hashes takes. */
export function hashMapNodeWords(hashes: readonly number[]): number {
  let total = 0;
  const visit = (members: number[], level: number): void => {
    if (level === HASH_LEVELS) {
      total += 3 + members.length;
      return;
    }
    const slots: number[][] = [];
    let children = 0;
    for (const member of members) {
      const chunk = hashChunk(hashes[member]!, level);
      if (slots[chunk] === undefined) {
        slots[chunk] = [];
        children++;
      }
      slots[chunk]!.push(member);
    }
    total += 3 + children;
    for (const slot of slots) if (slot !== undefined && slot.length > 1) visit(slot, level + 1);
  };
  visit(hashes.map((_, i) => i), 0);
  return total;
}

/**
 * Upper bound of node words for a hash map of `size` keys, whatever their hashes: every
 * node below the head holds at least two keys, except chains of single-child nodes of
 * length < HASH_LEVELS above a split, so nodes <= HASH_LEVELS * size and children <=
 * size + nodes. Used by ETF sizing, which sees the keys before they are hashed (OTP
 * over-estimates hashmaps in binary_to_term for the same reason).
 */
export function hashMapNodeWordsBound(size: number): number {
  const nodes = 1 + HASH_LEVELS * size;
  return 3 * nodes + size + nodes;
}
