import type { TermStore } from '../term/term-store.js';

/**
 * The hash ERTS keeps for every atom (atom.c's atom_hash: hashpjw over the UTF-8 name,
 * with a Latin-1 clutch), which both of OTP's term hashes (make_hash for phash/2,
 * make_hash2 for phash2) use for atoms.
 */
const atomHashCaches = new WeakMap<object, Map<number, number>>();

/** hashpjw of the atom's UTF-8 name, with OTP's Latin-1 clutch (erts atom.c atom_hash). */
export function atomHash(store: TermStore, index: number): number {
  let cache = atomHashCaches.get(store.atoms);
  if (cache === undefined) {
    cache = new Map();
    atomHashCaches.set(store.atoms, cache);
  }
  const cached = cache.get(index);
  if (cached !== undefined) return cached;
  const name = store.atoms.utf8Of(index);
  let h = 0;
  for (let i = 0; i < name.length; i++) {
    let v = name[i]!;
    // A two-byte UTF-8 sequence for U+0080..U+00FF counts as its Latin-1 byte.
    if (i + 1 < name.length && (v & 0xfe) === 0xc2 && (name[i + 1]! & 0xc0) === 0x80) {
      v = ((v << 6) | (name[i + 1]! & 0x3f)) & 0xff;
      i++;
    }
    h = ((h << 4) + v) >>> 0;
    const g = h & 0xf0000000;
    if (g !== 0) {
      h ^= g >>> 24;
      h = (h ^ g) >>> 0;
    }
  }
  cache.set(index, h);
  return h;
}
