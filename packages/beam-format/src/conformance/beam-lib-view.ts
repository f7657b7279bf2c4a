import type { FunctionTableEntry } from '../chunks/function-table.js';
import { BeamFormatError } from '../errors.js';
import { ErlTuple, type Term } from '../term/values.js';
import { compareAtomNames, compareTerms } from '../etf/term-order.js';

/** beam_lib's `attributes`: Attr's [{Key,Value}] stably sorted by key, values of equal keys appended. */
export function groupAttributes(attributes: Term): Term {
  if (!Array.isArray(attributes)) throw new BeamFormatError('bad_chunk', 'Attr is not a list', 0, 'Attr');
  const pairs = attributes.map((pair) => {
    if (!(pair instanceof ErlTuple) || pair.elements.length !== 2) {
      throw new BeamFormatError('bad_chunk', 'Attr holds something other than {Key,Value}', 0, 'Attr');
    }
    return pair.elements as [Term, Term];
  });
  const sorted = pairs
    .map((pair, index) => ({ pair, index }))
    .sort((left, right) => compareTerms(left.pair[0], right.pair[0]) || left.index - right.index)
    .map((entry) => entry.pair);
  const grouped: Term[] = [];
  for (let index = 0; index < sorted.length; ) {
    const key = sorted[index]![0];
    const values: Term[] = [];
    while (index < sorted.length && compareTerms(sorted[index]![0], key) === 0) {
      const value = sorted[index]![1];
      if (!Array.isArray(value)) throw new BeamFormatError('bad_chunk', 'an Attr value is not a list', 0, 'Attr');
      values.push(...value);
      index++;
    }
    grouped.push(new ErlTuple([key, values]));
  }
  return grouped;
}

/** ExpT/LocT as beam_lib's labeled_exports/labeled_locals: sorted {Name, Arity, Label}. */
export function sortFunctionTable(entries: readonly FunctionTableEntry[]): FunctionTableEntry[] {
  return [...entries].sort(
    (left, right) => compareAtomNames(left.name, right.name) || left.arity - right.arity || left.label - right.label,
  );
}
