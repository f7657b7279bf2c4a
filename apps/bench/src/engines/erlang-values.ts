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

/** A map with atom keys, as bench_scenario:run/1 takes its config. */
export function atomKeyedMap(classes: TermClasses, entries: Record<string, unknown>): unknown {
  return new classes.ErlMap(Object.entries(entries).map(([key, value]) => [classes.atom(key), value]));
}
