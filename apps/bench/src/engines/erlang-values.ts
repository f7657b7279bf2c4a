/**
 * Conversions between plain data and the runtime's JS representation of Erlang terms
 * (beam-format's term values), for the scenario's config and result. The classes come
 * from the loaded @beamload/beam-format module, passed in, so that `instanceof` holds for
 * the very classes the runtime used.
 */
export interface TermClasses {
  atom(name: string): unknown;
  ErlAtom: new (...args: never[]) => { name: string };
  ErlTuple: new (elements: unknown[]) => { elements: unknown[] };
  ErlMap: new (entries: Array<[unknown, unknown]>) => { entries: Array<[unknown, unknown]> };
}

export type Plain = number | string | Plain[] | { [key: string]: Plain };

/** Erlang term -> plain data: atoms and binaries become strings, tuples arrays, maps objects. */
export function termToPlain(classes: TermClasses, term: unknown): Plain {
  if (typeof term === 'number') return term;
  if (typeof term === 'bigint') return Number(term);
  if (term instanceof classes.ErlAtom) return term.name;
  if (Array.isArray(term)) return term.map((element) => termToPlain(classes, element));
  if (term instanceof classes.ErlTuple) return term.elements.map((element) => termToPlain(classes, element));
  if (term instanceof Uint8Array) return new TextDecoder().decode(term);
  if (term instanceof classes.ErlMap) {
    const object: { [key: string]: Plain } = {};
    for (const [key, value] of term.entries) object[String(termToPlain(classes, key))] = termToPlain(classes, value);
    return object;
  }
  throw new TypeError(`the scenario returned a term the bench does not expect: ${String(term)}`);
}

/**
 * A map with atom keys, as bench_scenario:run/1 takes its config. The pairs are given in
 * Erlang term order (atoms compare by name), the order a small map keeps its keys in, so
 * that the map is canonical however the host turns it into a heap term.
 */
export function atomKeyedMap(classes: TermClasses, entries: Record<string, unknown>): unknown {
  const names = Object.keys(entries).sort(compareAtomNames);
  return new classes.ErlMap(names.map((name) => [classes.atom(name), entries[name]]));
}

/** Atom order: by the names' characters (code points), as ERTS compares atoms. */
function compareAtomNames(left: string, right: string): number {
  const a = [...left].map((character) => character.codePointAt(0)!);
  const b = [...right].map((character) => character.codePointAt(0)!);
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    if (a[index] !== b[index]) return a[index] - b[index];
  }
  return a.length - b.length;
}
